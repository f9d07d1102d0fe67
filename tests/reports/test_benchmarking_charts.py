"""Benchmarking charts: plotly accepts them, the council's bar is marked by more than colour, names stay
inert, and each data table holds every council, missing ones with why."""

import json
from decimal import Decimal

import plotly.graph_objects as go

from dfe.selectors import Cell
from reports.benchmarking import MEASURE_BY_KEY, standing
from reports.benchmarking_charts import ranked_bar, trend_line

GROWTH = MEASURE_BY_KEY["plans_growth_5y"]
GROUP = [("A", "<b>Alpha</b>"), ("B", "Bravo"), ("C", "Charlie")]


def _figures():
    figures = {}
    for year, values in (
        (2024, {"H": 140, "A": 110, "B": 170, "C": None, "E": 130}),
        (2025, {"H": 150, "A": 120, "B": 180, "C": None, "E": 140}),
    ):
        for code, v in values.items():
            figures[(code, "ehcp_total", f"{year}-01")] = Cell(None, "c") if v is None else Cell(Decimal(v))
            figures[(code, "ehcp_total", f"{year - 5}-01")] = Cell(Decimal(100))
    return figures


def _standings():
    figures = _figures()
    return [
        standing(GROWTH, figures, period, council=("H", "Home"), group=GROUP)
        for period in ("2024-01", "2025-01")
    ]


def test_it_draws_the_council_among_its_group_with_the_median_and_england_as_lines():
    chart = ranked_bar(_standings()[-1], group_words="its neighbours")
    go.Figure(chart.figure)
    json.dumps(chart.figure)
    bars, median, england = chart.figure["data"]
    assert bars["y"] == ["Bravo", "Home (this council)", "&lt;b&gt;Alpha&lt;/b&gt;"]
    assert bars["marker"]["pattern"]["shape"] == ["", "/", ""]
    assert median["x"] == [50.0, 50.0] and median["name"] == "Median of its neighbours (2)"
    assert england["x"] == [40, 40]
    assert chart.rows == [
        ["Bravo", "80.0%"],
        ["Home (this council)", "50.0%"],
        ["<b>Alpha</b>", "20.0%"],
        ["Charlie", "c"],
        ["Median of its neighbours (over 2 councils)", "50.0%"],
        ["England", "40.0%"],
    ]


def test_it_draws_the_council_against_the_group_median_over_the_years():
    chart = trend_line(_standings(), group_words="its neighbours")
    go.Figure(chart.figure)
    council, median, england = chart.figure["data"]
    assert council["x"] == ["January 2024", "January 2025"]
    assert council["y"] == [40, 50] and median["y"] == [40, 50] and england["y"] == [30, 40]
    assert chart.rows[-1] == ["January 2025", "50.0%", "50.0%", "2", "40.0%"]
