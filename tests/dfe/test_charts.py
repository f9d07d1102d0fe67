"""Charts of a council's DfE figures are data: plain sections in, plotly dicts out (no database)."""

from decimal import Decimal

import plotly.graph_objects as go

from dfe.charts import section_chart
from dfe.selectors import SECTIONS, Cell, Section


def test_it_draws_one_trace_per_series_with_figures_and_leaves_symbols_as_gaps():
    spec = next(s for s in SECTIONS if s.key == "flows")
    section = Section(spec, ["New EHC plans in the calendar year", "EHC plans ceased in the calendar year"])
    section.rows = [
        ("2023", [Cell(Decimal(325)), Cell(None, "c")]),
        ("2024", [Cell(Decimal(385)), Cell(Decimal(121))]),
    ]
    chart = section_chart(section)
    go.Figure(chart.figure)  # plotly accepts it
    new, ceased = chart.figure["data"]
    assert (new["x"], new["y"], new["type"]) == (["2023", "2024"], [325, 385], "bar")
    assert ceased["y"] == [None, 121]
    assert chart.key == "chart-flows"


def test_money_is_written_the_one_way_and_labels_are_inert():
    spec = next(s for s in SECTIONS if s.key == "high-needs")
    section = Section(spec, ["<b>High needs</b>", "x", "y"])
    section.rows = [("2020-21", [Cell(Decimal("4224363.00")), None, None])]
    trace = section_chart(section).figure["data"][0]
    assert trace["text"] == ["£4,224,363"]
    assert trace["name"] == "&lt;b&gt;High needs&lt;/b&gt;"


def test_nothing_to_draw_is_no_chart():
    assert section_chart(Section(SECTIONS[0], ["EHC plans"])) is None


def test_the_axis_reads_years_where_every_period_is_the_same_month():
    from dfe.charts import axis_labels

    assert axis_labels(["January 2019", "January 2020"]) == ["2019", "2020"]
    assert axis_labels(["2019-20", "2020-21"]) == ["2019-20", "2020-21"]
    assert axis_labels(["January 2019", "March 2020"]) == ["January 2019", "March 2020"]
