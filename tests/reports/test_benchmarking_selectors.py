"""Benchmarking reads (reports.benchmarking_selectors): the neighbours-only read gives what the whole list
gave, reading only the council's, its neighbours', its region's and England's rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dfe.models import LocalAuthority
from dfe.readers.common import ENGLAND
from reports.benchmarking import DASHBOARD_PREFERENCE, MEASURE_BY_KEY, MEASURES, dashboard_standings
from reports.benchmarking_selectors import (
    benchmark_standings_for_council,
    benchmarks_for_council,
    neighbour_benchmarks_for_council,
)
from tests.reports.conftest import BENCHMARKING_FILES, as_stockton, import_dfe_files, stand_in_neighbours


@pytest.fixture
def stockton(home):
    as_stockton(home.council)
    import_dfe_files(*BENCHMARKING_FILES)
    return home.council


@pytest.fixture
def neighbours_with_a_successor(stockton):
    """Stockton's neighbours: three councils of the extract and North Northamptonshire, which replaced
    Northamptonshire in April 2021 (so it did not exist in earlier periods)."""
    stand_in_neighbours(("865", "940", "857", "937"))
    assert LocalAuthority.objects.get(la_code="940").successors == ""
    assert "940" in LocalAuthority.objects.get(la_code="928").successors


def _same(read, whole):
    assert read.council == whole.council
    assert read.group == whole.group
    assert read.comparator == whole.comparator == "neighbours"
    assert read.group_words == whole.group_words
    periods = {period for _, _, period in whole.figures} | {"2019", "2020-21", "2021-01", "2024-25"}
    for area in [*whole.group, *whole.region, whole.council]:
        for period in periods:
            assert read.existed(area.code, period) == whole.existed(area.code, period)


def test_it_reads_the_neighbours_and_figures_the_whole_list_gave(neighbours_with_a_successor, stockton):
    read = neighbour_benchmarks_for_council(council=stockton)
    whole = benchmarks_for_council(council=stockton)
    _same(read, whole)
    assert [a.code for a in read.group] == ["865", "940", "857", "937"]  # by rank
    assert not read.existed("940", "2020-21") and read.existed("940", "2021-22")
    assert read.region == [] and read.choices == []  # no region, no list of councils to pick
    shown = {a.code for a in whole.group} | {"808", ENGLAND}
    assert read.figures == {key: cell for key, cell in whole.figures.items() if key[0] in shown}
    region = {a.code for a in whole.region} - shown
    assert region and not any(code in region for code, _, _ in read.figures)


def test_the_dashboard_panel_stands_where_the_whole_list_put_it(neighbours_with_a_successor, stockton):
    measures = [MEASURE_BY_KEY[key] for key in DASHBOARD_PREFERENCE]
    whole = benchmarks_for_council(council=stockton, measures=measures)
    standings = benchmark_standings_for_council(council=stockton)
    assert standings and standings == dashboard_standings(whole)


def test_it_reads_three_queries_and_one_for_a_council_no_list_names(
    neighbours_with_a_successor, stockton, foreign
):
    with CaptureQueriesContext(connection) as queries:
        neighbour_benchmarks_for_council(council=stockton, measures=MEASURES)
    assert len(queries) == 3
    with CaptureQueriesContext(connection) as queries:
        assert neighbour_benchmarks_for_council(council=foreign.council).council is None
    assert len(queries) == 1
