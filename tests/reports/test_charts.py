"""Chart builders: the figure's traces hold the given numbers, and the data table shows the same numbers."""

import json
from datetime import date
from decimal import Decimal

import plotly.graph_objects as go
from django.core.serializers.json import DjangoJSONEncoder

from reports import charts

YEARS = ["2021-22", "2022-23", "2023-24"]


def traces_by_name(chart):
    return {t["name"]: t for t in chart.figure["data"]}


def table_column(chart, heading):
    i = chart.columns.index(heading)
    return [row[i] for row in chart.rows]


def as_float(values):
    return [None if v is None else float(v) for v in values]


def test_it_stacks_milestones_by_rag_per_workstream():
    chart = charts.rag_by_workstream(
        rows=[("1. Nurture", {"red": 1, "green": 2}), ("2. SEMH", {"complete": 3})]
    )
    traces = traces_by_name(chart)
    assert chart.figure["layout"]["barmode"] == "stack"
    assert traces["Red"]["x"] == [1, 0]
    assert traces["Green"]["x"] == [2, 0]
    assert traces["Complete"]["x"] == [0, 3]
    for name, trace in traces.items():
        assert table_column(chart, name) == trace["x"]


def test_it_puts_baseline_and_forecast_dates_on_a_timeline_with_today():
    items = [
        ("1. SLA with Edith Weston", date(2022, 4, 30), date(2022, 6, 30), "amber"),
        ("2. Linked teacher", date(2019, 9, 30), date(2019, 9, 30), "complete"),
        ("3. Undated", None, None, ""),
    ]
    chart = charts.milestone_timeline(items=items, today=date(2022, 5, 1))
    traces = traces_by_name(chart)
    assert traces["Forecast due (Amber)"]["x"] == ["2022-06-30"]
    assert traces["Forecast due (Complete)"]["y"] == ["2. Linked teacher"]
    assert traces["Baseline due"]["x"] == ["2022-04-30", "2019-09-30"]
    assert (
        traces["Forecast due (Amber)"]["marker"]["symbol"]
        != traces["Forecast due (Complete)"]["marker"]["symbol"]
    )
    assert chart.figure["layout"]["shapes"][0]["x0"] == "2022-05-01"
    assert [row[0] for row in chart.rows] == [
        "1. SLA with Edith Weston",
        "2. Linked teacher",
    ]  # undated left out
    assert chart.rows[0][1:] == [date(2022, 4, 30), date(2022, 6, 30), "Amber"]


def test_it_draws_the_rag_trend_with_the_same_counts_as_its_table():
    points = [
        (date(2024, 1, 1), {"red": 1, "amber": 2, "green": 3}),
        (date(2024, 2, 1), {"red": 0, "amber": 1}),
    ]
    chart = charts.rag_trend(points=points)
    traces = traces_by_name(chart)
    assert traces["Red"]["y"] == [1, 0] and traces["Green"]["y"] == [3, 0]
    for name in ("Red", "Amber", "Green"):
        assert table_column(chart, name) == traces[name]["y"]


def test_it_compares_councils_deficits():
    chart = charts.national_deficits(
        rows=[("Rutland", Decimal(1), Decimal(2)), ("Wiltshire", None, Decimal(5))]
    )
    traces = traces_by_name(chart)
    assert traces["This year"]["y"] == [1.0, None]
    assert traces["Last forecast year"]["y"] == [2.0, 5.0]


def test_it_writes_each_councils_deficits_once_for_the_hover_text_and_the_table():
    chart = charts.national_deficits(
        rows=[("Rutland", Decimal("1250000.40"), Decimal(2)), ("Wiltshire", None, Decimal(-5))]
    )
    traces = traces_by_name(chart)
    assert chart.rows == [["Rutland", "£1,250,000", "£2"], ["Wiltshire", "", "−£5"]]
    assert chart.value_format == "text"  # the cells are written: the table shows them as they are
    assert traces["This year"]["text"] == ["£1,250,000", ""]
    assert traces["Last forecast year"]["text"] == ["£2", "−£5"]


def test_it_takes_the_figures_already_written_beside_a_row():
    chart = charts.national_deficits(
        rows=[("Rutland", Decimal(1), Decimal(2)), ("Wiltshire", None, Decimal(5))],
        written=[("£1 (stored)", "£2 (stored)"), None],
    )
    assert chart.rows == [["Rutland", "£1 (stored)", "£2 (stored)"], ["Wiltshire", "", "£5"]]
    assert traces_by_name(chart)["This year"]["text"] == ["£1 (stored)", ""]


def test_it_gives_figures_that_serialise_for_json_script_and_plotly_accepts():
    built = [
        charts.rag_by_workstream(rows=[("1. Nurture", {"red": 1})]),
        charts.milestone_timeline(
            items=[("1. A", date(2022, 4, 30), date(2022, 6, 30), "red")], today=date(2022, 5, 1)
        ),
        charts.rag_trend(points=[(date(2024, 1, 1), {"red": 1})]),
        charts.national_deficits(rows=[("Rutland", Decimal(1), Decimal(2))]),
    ]
    for chart in built:
        text = json.dumps(chart.figure, cls=DjangoJSONEncoder)
        assert len(text) < 4000  # the empty "none" template: no 10 KB of plotly theme in every page
        fig = json.loads(text)
        fig.pop("narrow", None)
        go.Figure(fig)  # validates every property name and value


def test_it_wraps_long_labels_on_words_and_keeps_user_text_inert():
    title = (
        'Phish <a href="https://evil.example/login">Click to re-login</a> and a very long workstream title'
    )
    chart = charts.rag_by_workstream(rows=[(title, {"red": 1})])
    label = chart.figure["data"][0]["y"][0]
    assert "<a" not in label and "&lt;a" in label and "<br>" in label
    assert chart.rows[0][0] == title  # the table shows it as typed; the template escapes it


def test_it_ticks_counts_in_whole_sensible_steps():
    points = [(date(2024, 1, d), {"green": n}) for d, n in ((1, 0), (2, 18))]
    axis = charts.rag_trend(points=points).figure["layout"]["yaxis"]
    assert axis["dtick"] >= 2 and axis["tickformat"] == ",d"
