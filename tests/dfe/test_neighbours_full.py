"""The whole statistical-neighbour list ships with the app (fixtures/dfe/sn_may_2025_full.xlsx, the DfE's
file byte for byte): every council of the LA list gets its ten neighbours, nearest first."""

from dfe.models import Neighbour
from dfe.readers.neighbours import read_neighbours
from dfe.services import release_import
from tests.dfe.conftest import fixture_bytes


def test_the_shipped_list_gives_every_council_ten_neighbours_in_order():
    rows = {r.la_code: r for r in read_neighbours(fixture_bytes("sn_may_2025_full.xlsx"), file="sn")}
    assert all(len(r.neighbours) == 10 for r in rows.values())
    assert [code for code, _ in rows["857"].neighbours[:2]] == ["865", "815"]  # Rutland: Wiltshire, N Yorks
    assert rows["808"].neighbours[0] == ("841", "Very close")  # Stockton-on-Tees: Darlington


def test_it_imports_after_the_la_list(db):
    release_import(data=fixture_bytes("la_codes.csv"), file_name="la_codes.csv", user=None)
    report = release_import(
        data=fixture_bytes("sn_may_2025_full.xlsx"), file_name="sn_may_2025.xlsx", user=None
    )
    stockton = list(
        Neighbour.objects.filter(area__la_code="808")
        .order_by("rank")
        .values_list("neighbour__name", flat=True)
    )
    assert stockton[:3] == ["Darlington", "Dudley", "Lancashire"]
    assert report.added == Neighbour.objects.count() >= 1500
