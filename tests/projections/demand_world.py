"""A council with the real SEN2 series of Wiltshire (LA 865) in the dfe store, imported by the service."""

from pathlib import Path

from dfe.services import release_import
from recovery.models import Council

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "dfe"


def with_wiltshire_figures(world, *, la_code: str = "865", population: bool = False):
    """``population``: also the ONS 2022-based SNPP extract (Wiltshire, Rutland, Stockton; no county)."""
    names = ["la_codes.csv", "ehcp_2025_demand.zip"] + (["snpp_2022_extract.csv"] if population else [])
    for name in names:
        release_import(data=(FIXTURES / name).read_bytes(), file_name=name, user=None)
    # la_codes.csv made a council for every LA; the world's council takes Wiltshire's code instead.
    Council.objects.filter(la_code=la_code).exclude(pk=world.council.pk).delete()
    world.council.la_code = la_code
    world.council.save()
    return world
