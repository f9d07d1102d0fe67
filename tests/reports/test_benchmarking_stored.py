"""The Benchmarking picture stored with the council's data version: worked out once per version, used only at
its version and format, the same picture as worked out live, and a DfE import shows new figures at once."""

import pytest

from dfe.models import Release
from dfe.services import release_import
from recovery.data_version import data_changed
from recovery.models import Council
from reports import benchmarking_stored
from reports.benchmarking_stored import benchmark_picture, benchmark_picture_read
from reports.models import StoredBenchmarks
from tests.dfe.conftest import fixture_bytes
from tests.factories import CouncilFactory
from tests.reports.conftest import BENCHMARKING_FILES, import_dfe_files, stand_in_neighbours


@pytest.fixture
def stockton(db):
    council = CouncilFactory(
        name="Stockton-on-Tees", slug="stockton-on-tees", la_code="808", gss_code="E06000004"
    )
    import_dfe_files(*BENCHMARKING_FILES, "dedicated-schools-grant_2024_07_20.ods")
    stand_in_neighbours()
    return Council.objects.get(pk=council.pk)


def summary(picture) -> list:
    return [
        (b.key, s.period, s.council_written, s.position, s.median_written, s.england_written, b.bar, b.line)
        for b in picture.blocks
        for s in b.trend
    ]


def test_it_stores_the_picture_once_and_reads_it_back_the_same(stockton, django_assert_num_queries):
    live = benchmark_picture_read(council=stockton, comparator="neighbours")
    # The stored row, the latest release, the authorities, the neighbours, the figures, the store.
    with django_assert_num_queries(6):
        first = benchmark_picture(council=stockton, comparator="neighbours")
    with django_assert_num_queries(1):
        again = benchmark_picture(council=stockton, comparator="neighbours")
    assert summary(live) == summary(first) == summary(again)
    assert summary(again)  # the extracts give Stockton standings
    assert [a.name for a in again.benchmarks.group] == [a.name for a in live.benchmarks.group]
    assert again.benchmarks.choices == live.benchmarks.choices
    assert again.blocks[0].measure is live.blocks[0].measure  # the module's own measure, formula and all
    row = StoredBenchmarks.objects.get(council=stockton, comparator="neighbours")
    assert row.dfe_release == Release.objects.latest("pk").pk and row.la_code == "808"


def test_a_save_to_the_council_keeps_the_row_its_la_code_and_format_do_not(
    stockton, django_assert_num_queries, monkeypatch
):
    benchmark_picture(council=stockton, comparator="region")
    data_changed(council=stockton)  # an officer's save: no DfE figure, authority or neighbour moved
    stockton.refresh_from_db()
    with django_assert_num_queries(1):
        benchmark_picture(council=stockton, comparator="region")
    stockton.la_code = "807"  # Redcar and Cleveland's: another council, another picture
    with django_assert_num_queries(5):  # worked out live (the release, authorities, figures) and stored
        picture = benchmark_picture(council=stockton, comparator="region")
    assert picture.benchmarks.council.code == "807"
    assert StoredBenchmarks.objects.get(comparator="region").la_code == "807"
    monkeypatch.setattr(benchmarking_stored, "FORMAT", benchmarking_stored.FORMAT + 1)
    with django_assert_num_queries(5):  # another format: worked out live
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


@pytest.mark.parametrize("chosen", [[], ["share_special", "plans_growth_5y", "share_mainstream"]])
def test_the_summary_is_the_panel_and_the_section_as_read_live(stockton, chosen, django_assert_num_queries):
    from reports.benchmarking import MEASURE_BY_KEY
    from reports.benchmarking_report import benchmarking_section, benchmarking_section_read
    from reports.benchmarking_selectors import benchmark_standings_for_council, benchmark_standings_read
    from reports.benchmarking_services import dashboard_measures_set
    from tests.factories import UserFactory

    if chosen:
        assert all(key in MEASURE_BY_KEY for key in chosen)
        dashboard_measures_set(council=stockton, user=UserFactory(), keys=chosen)
        stockton.refresh_from_db()
    standings = benchmark_standings_read(council=stockton)
    section = benchmarking_section_read(council=stockton)
    assert standings and section["rows"]
    # The stored row, the latest release, the measures chosen, the council against its neighbours, the store.
    with django_assert_num_queries(7):
        assert benchmark_standings_for_council(council=stockton) == standings
    with django_assert_num_queries(1):
        assert benchmarking_section(council=stockton) == section
    with django_assert_num_queries(1):
        assert benchmark_standings_for_council(council=stockton) == standings
    if chosen:
        assert [s.measure.key for s in standings] == chosen


def test_a_new_choice_of_dashboard_measures_shows_at_once(stockton):
    from reports.benchmarking_selectors import benchmark_standings_for_council
    from reports.benchmarking_services import dashboard_measures_set
    from tests.factories import UserFactory

    before = [s.measure.key for s in benchmark_standings_for_council(council=stockton)]
    keys = ["share_mainstream", "share_special", "plans_growth_5y"]
    assert before != keys
    dashboard_measures_set(council=stockton, user=UserFactory(), keys=keys)
    stockton.refresh_from_db()  # the choice is a recorded write: it moved the council's data version
    assert [s.measure.key for s in benchmark_standings_for_council(council=stockton)] == keys
