"""The whole statistical-neighbour list ships with the app (dfe/data/statistical_neighbours_may_2025.xlsx,
the DfE's file byte for byte): every council of the LA list gets its ten neighbours, nearest first, loaded by
the import of the LA list when the store has none."""

from dfe.models import Neighbour, Release
from dfe.readers.neighbours import read_neighbours
from dfe.services import SHIPPED_NEIGHBOURS, release_import, shipped_neighbours_import
from tests.dfe.conftest import fixture_bytes


def test_the_shipped_list_gives_every_council_ten_neighbours_in_order():
    rows = {r.la_code: r for r in read_neighbours(SHIPPED_NEIGHBOURS.read_bytes(), file="sn")}
    assert all(len(r.neighbours) == 10 for r in rows.values())
    assert [code for code, _ in rows["857"].neighbours[:2]] == ["865", "815"]  # Rutland: Wiltshire, N Yorks
    assert rows["808"].neighbours[0] == ("841", "Very close")  # Stockton-on-Tees: Darlington


def test_the_la_list_brings_the_shipped_neighbours_into_a_store_without_any(db):
    report = release_import(data=fixture_bytes("la_codes.csv"), file_name="la_codes.csv", user=None)
    assert Neighbour.objects.count() == 1580  # ten each for the 158 areas of the list
    also = report.changes[0]
    assert also.startswith("Also loaded: DfE, ") and "1,580 neighbours added" in also
    assert Release.objects.filter(family="neighbours", file_name="sn_may_2025.xlsx").count() == 1
    # Imported again (or a newer LA list), the neighbours already there are left as they are.
    again = release_import(data=fixture_bytes("la_codes.csv"), file_name="la_codes.csv", user=None)
    assert not any(c.startswith("Also loaded") for c in again.changes)
    assert Release.objects.filter(family="neighbours").count() == 1


def test_a_dry_run_of_the_la_list_loads_nothing(db):
    release_import(data=fixture_bytes("la_codes.csv"), file_name="la_codes.csv", user=None, dry_run=True)
    assert not Neighbour.objects.exists()


def test_it_imports_after_the_la_list(db):
    release_import(data=fixture_bytes("la_codes.csv"), file_name="la_codes.csv", user=None)
    report = shipped_neighbours_import(user=None)
    stockton = list(
        Neighbour.objects.filter(area__la_code="808")
        .order_by("rank")
        .values_list("neighbour__name", flat=True)
    )
    assert stockton[:3] == ["Darlington", "Dudley", "Lancashire"]
    assert report.unchanged == Neighbour.objects.count() == 1580  # loaded already by the LA list
