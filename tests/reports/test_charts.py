"""Chart builders: the figure's traces hold the given numbers, and the data table shows the same numbers."""

import json
from datetime import date
from decimal import Decimal

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


def test_it_draws_each_scenario_and_bound_with_the_table_beside_it():
    series = {
        ("unmitigated", "upper"): [Decimal(16e6), Decimal(20e6), Decimal(33e6)],
        ("unmitigated", "lower"): [Decimal(16e6), Decimal(20e6), Decimal(30e6)],
        ("target", "single"): [Decimal(16e6), Decimal(19e6), None],
    }
    chart = charts.deficit_trajectory(years=YEARS, series=series)
    traces = traces_by_name(chart)
    assert traces["Unmitigated (upper bound)"]["y"] == [16e6, 20e6, 33e6]
    assert traces["Unmitigated (lower bound)"]["fill"] == "tonexty"  # the band between the bounds
    assert traces["Target mitigated"]["y"] == [16e6, 19e6, None]
    assert [row[0] for row in chart.rows] == YEARS
    for name, trace in traces.items():
        assert as_float(table_column(chart, name)) == trace["y"]


def test_it_adds_earlier_forecasts_faint_and_actuals_as_markers():
    chart = charts.deficit_trajectory(
        years=YEARS,
        series={("unmitigated", "single"): [Decimal(1), Decimal(2), Decimal(3)]},
        earlier=[("June 2023", {"2021-22": Decimal(1), "2022-23": Decimal(5)})],
        actuals={"2021-22": Decimal("1.5")},
    )
    traces = traces_by_name(chart)
    earlier = traces["Earlier forecast: June 2023"]
    assert earlier["x"] == ["2021-22", "2022-23"] and earlier["y"] == [1.0, 5.0]
    assert earlier["line"]["color"] == charts.LIGHT_GREY
    assert traces["Actual"]["mode"] == "markers" and traces["Actual"]["y"] == [1.5]
    assert table_column(chart, "Earlier forecast: June 2023") == [Decimal(1), Decimal(5), None]
    assert table_column(chart, "Actual") == [Decimal("1.5"), None, None]


def test_it_steps_from_unmitigated_through_each_saving_to_mitigated():
    chart = charts.mitigation_waterfall(
        year="2027-28",
        unmitigated=Decimal(1000),
        savings=[("1. Nurture", Decimal(100)), ("2. SEMH", Decimal(250))],
        scenario_label="Target mitigated",
    )
    (trace,) = chart.figure["data"]
    assert trace["type"] == "waterfall"
    assert trace["measure"] == ["absolute", "relative", "relative", "total"]
    assert trace["y"] == [1000.0, -100.0, -250.0, 650.0]
    assert [row[1] for row in chart.rows] == [Decimal(1000), Decimal(-100), Decimal(-250), Decimal(650)]
    assert chart.rows[-1][0] == "Target mitigated 2027-28"


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
    assert traces["Forecast (Amber)"]["x"] == ["2022-06-30"]
    assert traces["Forecast (Complete)"]["y"] == ["2. Linked teacher"]
    assert traces["Baseline"]["x"] == ["2022-04-30", "2019-09-30"]
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


def test_it_gives_figures_that_serialise_for_json_script():
    chart = charts.deficit_trajectory(
        years=YEARS, series={("target", "single"): [Decimal(1), Decimal(2), Decimal(3)]}
    )
    text = json.dumps(chart.figure, cls=DjangoJSONEncoder)
    assert json.loads(text)["data"][0]["y"] == [1.0, 2.0, 3.0]
    assert len(text) < 2000  # the empty "none" template: no 10 KB of plotly theme in every page
