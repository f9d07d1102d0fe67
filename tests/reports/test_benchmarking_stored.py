"""The Benchmarking picture stored with the council's data version: worked out once per version, used only at
its version and format, the same picture as worked out live, and a DfE import shows new figures at once."""

import pytest

from dfe.services import release_import
from recovery.data_version import data_changed
from recovery.models import Council
from reports import benchmarking_stored
from reports.benchmarking_stored import benchmark_picture, benchmark_picture_read
from reports.models import StoredBenchmarks
from tests.dfe.conftest import fixture_bytes
from tests.factories import CouncilFactory


@pytest.fixture
def stockton(db):
    council = CouncilFactory(
        name="Stockton-on-Tees", slug="stockton-on-tees", la_code="808", gss_code="E06000004"
    )
    for name in ("la_codes.csv", "ehcp_2025_extract.zip", "sn_may_2025.xlsx"):
        release_import(data=fixture_bytes(name), file_name=name, user=None)
    return Council.objects.get(pk=council.pk)


def summary(picture) -> list:
    return [
        (b.key, s.period, s.council_written, s.position, s.median_written, s.england_written, b.bar, b.line)
        for b in picture.blocks
        for s in b.trend
    ]


def test_it_stores_the_picture_once_and_reads_it_back_the_same(stockton, django_assert_num_queries):
    live = benchmark_picture_read(council=stockton, comparator="neighbours")
    with django_assert_num_queries(
        5
    ):  # the stored row, the authorities, the neighbours, the figures, the store
        first = benchmark_picture(council=stockton, comparator="neighbours")
    with django_assert_num_queries(1):
        again = benchmark_picture(council=stockton, comparator="neighbours")
    assert summary(live) == summary(first) == summary(again)
    assert summary(again)  # the extracts give Stockton standings
    assert [a.name for a in again.benchmarks.group] == [a.name for a in live.benchmarks.group]
    assert again.benchmarks.choices == live.benchmarks.choices
    assert again.blocks[0].measure is live.blocks[0].measure  # the module's own measure, formula and all
    row = StoredBenchmarks.objects.get(council=stockton, comparator="neighbours")
    assert row.data_version == stockton.data_version


def test_it_uses_a_row_only_at_its_version_and_format(stockton, django_assert_num_queries, monkeypatch):
    benchmark_picture(council=stockton, comparator="region")
    data_changed(council=stockton)
    stockton.refresh_from_db()
    with django_assert_num_queries(4):  # behind the version: worked out live (no neighbours) and stored again
        benchmark_picture(council=stockton, comparator="region")
    assert StoredBenchmarks.objects.get(comparator="region").data_version == stockton.data_version
    monkeypatch.setattr(benchmarking_stored, "FORMAT", benchmarking_stored.FORMAT + 1)
    with django_assert_num_queries(4):  # another format: worked out live
        benchmark_picture(council=stockton, comparator="region")


def test_it_works_out_a_picked_group_every_time(stockton):
    picture = benchmark_picture(council=stockton, comparator="pick", picked=["857"])
    assert [a.code for a in picture.benchmarks.group] == ["857"]
    assert not StoredBenchmarks.objects.exists()


def test_it_reads_live_when_a_row_does_not_load(stockton):
    benchmark_picture(council=stockton, comparator="neighbours")
    StoredBenchmarks.objects.update(payload=b"not a picture")
    picture = benchmark_picture(council=stockton, comparator="neighbours")
    assert summary(picture) == summary(benchmark_picture_read(council=stockton, comparator="neighbours"))


def test_a_dfe_import_shows_new_figures_at_once(stockton):
    before = benchmark_picture(council=stockton, comparator="england")
    text = fixture_bytes("ehcp_2025/caseload.csv").decode("utf-8-sig")
    row = "E06000017,857,Rutland,All EHC plans,All EHC plans,"
    release_import(
        data=text.replace(row + "376,", row + "444,").encode(), file_name="caseload.csv", user=None
    )
    stockton.refresh_from_db()  # the import bumped every council's version
    after = benchmark_picture(council=stockton, comparator="england")
    assert summary(after) != summary(before)
    assert summary(after) == summary(benchmark_picture_read(council=stockton, comparator="england"))
