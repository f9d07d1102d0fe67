"""The indicator trend chart: valid plotly, target line, forecast and baseline, inert text, its data table."""

from decimal import Decimal

import plotly.graph_objects as go

from indicators.charts import indicator_chart
from indicators.selectors import indicators_for_plan
from indicators.services import value_record
from tests.indicators.conftest import make_indicator


def chart_of(indicator):
    fresh = next(i for i in indicators_for_plan(plan=indicator.plan) if i.pk == indicator.pk)
    return indicator_chart(fresh)


def test_it_draws_actuals_target_forecast_and_baseline_in_period_order(home):
    indicator = make_indicator(
        home.plan,
        unit="count",
        direction="lower",
        baseline_period="2019",
        baseline_value=Decimal(1452),
        values=[("2024", "2048")],
        targets=[("2025", "2000", "0", "50")],
    )
    value_record(indicator=indicator, user=None, period="2027", value=Decimal(2564), kind="forecast")
    chart = chart_of(indicator)
    go.Figure(chart.figure)  # plotly accepts it
    names = [t["name"] for t in chart.figure["data"]]
    assert names == ["Target", "Forecast", "Baseline", "Actual"]
    # Every year from the first to the last, so 2019 to 2024 is five steps on the axis, not one.
    assert chart.figure["layout"]["xaxis"]["categoryarray"] == [str(y) for y in range(2019, 2028)]
    actual, forecast = chart.figure["data"][-1], chart.figure["data"][1]
    assert actual["y"] == [None] * 5 + [2048, None, None, None] and actual["text"][5] == "2,048"
    assert forecast["y"] == [None] * 5 + [2048, None, None, 2564]  # drawn on from the latest actual
    assert chart.rows == [  # the data table lists the recorded periods only
        ["2019", "1,452", "", "", ""],
        ["2024", "", "2,048", "", ""],
        ["2025", "", "", "2,000", ""],
        ["2027", "", "", "", "2,564"],
    ]
    assert chart.note == "Lower is better. The dashed line is the target."


def test_percent_charts_run_from_0_to_100(home):
    chart = chart_of(make_indicator(home.plan, values=[("2023", "44")]))
    assert chart.figure["layout"]["yaxis"]["range"] == [0, 100]
    assert chart.figure["layout"]["yaxis"]["ticksuffix"] == "%"


def test_user_text_is_inert_in_the_chart(home):
    chart = chart_of(make_indicator(home.plan, name="<a href='x'>Click</a>", values=[("2023", "44")]))
    assert "<a" not in str(chart.figure) and chart.title.startswith(
        "<a href"
    )  # the template escapes the title


def test_an_indicator_with_nothing_recorded_has_no_chart(home):
    assert chart_of(make_indicator(home.plan)) is None


def test_too_many_periods_to_read_keep_only_the_recorded_ones(home):
    indicator = make_indicator(home.plan, period_type="month", values=[("2015-01", "10"), ("2024-01", "20")])
    assert chart_of(indicator).figure["layout"]["xaxis"]["categoryarray"] == ["January 2015", "January 2024"]
