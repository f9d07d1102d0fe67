from datetime import date
from decimal import Decimal

import pytest

from accounts.access import CouncilAccess
from accounts.models import Role
from projections import engine
from projections.models import Scenario
from projections.selectors import (
    Series,
    actual_for_year,
    actuals_for_plan,
    current_forecast_for_plan,
    current_forecast_headline_cells,
    forecast_figures,
    forecast_for,
    forecast_inputs,
    forecast_vs_actual,
    forecasts_for_plan,
    headline_cells_of,
    projection_input,
    published_forecasts_for_plan,
    savings_changed_since_run,
    sensitivity_for_forecast,
    workstream_savings_for_plan,
)
from projections.services import forecast_figures_update, forecast_make_current
from tests.factories import ActualFactory, ForecastFactory, ForecastYearFactory, SavingFactory
from tests.projections.conftest import computed_forecast, figures_forecast, grow

pytestmark = pytest.mark.django_db


# --- lists of forecasts ------------------------------------------------------------------------------------


def test_it_finds_the_current_and_the_published_forecasts(with_savings):
    plan = with_savings.plan
    draft = computed_forecast(plan, name="Draft")
    old = computed_forecast(plan, name="Old", publish=True)
    current = computed_forecast(plan, name="Current", publish=True, current=True)
    assert current_forecast_for_plan(plan=plan) == current
    assert published_forecasts_for_plan(plan=plan) == [current, old]  # newest first
    assert [f.name for f in forecasts_for_plan(plan=plan)] == ["Current", "Old", "Draft"]  # current first
    assert {f.pk for f in forecasts_for_plan(plan=plan)} == {draft.pk, old.pk, current.pk}
    assert draft not in forecasts_for_plan(plan=plan, include_drafts=False)
    assert forecasts_for_plan(plan=plan)[0].figure_count == 15


def test_it_has_no_current_forecast_for_a_new_plan(home):
    assert current_forecast_for_plan(plan=home.plan) is None


def _access(council, role):
    return CouncilAccess(council=council, role=role, is_staff=False)


def test_it_never_finds_another_councils_forecast(home, foreign):
    theirs = ForecastFactory(plan=foreign.plan, status="published")
    assert forecast_for(access=_access(home.council, Role.FINANCE), forecast_id=theirs.pk) is None
    assert forecast_for(access=_access(foreign.council, Role.FINANCE), forecast_id=theirs.pk) == theirs


def test_it_shows_a_draft_to_everyone_of_the_council_but_forum_members(home):
    draft = ForecastFactory(plan=home.plan, status="draft")
    published = ForecastFactory(plan=home.plan, status="published")
    for role in (Role.OFFICER, Role.FINANCE, Role.COUNCIL_ADMIN):
        assert forecast_for(access=_access(home.council, role), forecast_id=draft.pk) == draft
    forum = _access(home.council, Role.FORUM)
    assert forecast_for(access=forum, forecast_id=draft.pk) is None
    assert forecast_for(access=forum, forecast_id=published.pk) == published
    staff = CouncilAccess(council=home.council, role=None, is_staff=True)
    assert forecast_for(access=staff, forecast_id=draft.pk) == draft


# --- the table ---------------------------------------------------------------------------------------------


def test_it_shapes_the_table_rows_per_year_and_columns_per_scenario_and_bound(home):
    forecast = computed_forecast(home.plan, bounds=True)
    table = forecast_figures(forecast=forecast)
    assert [s.key for s in table.series] == [
        "unmitigated-single",
        "target-single",
        "stretch-single",
        "unmitigated-upper",
        "target-upper",
        "stretch-upper",
        "unmitigated-lower",
        "target-lower",
        "stretch-lower",
    ]
    assert [row.label for row in table.rows] == ["2024-25", "2025-26", "2026-27", "2027-28", "2028-29"]
    assert table.series[4].label == "Upper bound target mitigated"
    assert table.has_money and not table.is_empty and table.bounds == ["single", "upper", "lower"]
    assert table.headline_bound == "single"
    assert table.period_label == "2024-25 to 2028-29"


def test_it_shows_a_published_figures_table_with_gaps(home):
    forecast = figures_forecast(home.plan, bounds=False)
    forecast_figures_update(forecast=forecast, user=None, figures={(2023, "stretch", "single"): None})
    table = forecast_figures(forecast=forecast)
    assert [s.label for s in table.series] == ["Unmitigated", "Target mitigated", "Stretch mitigated"]
    middle = table.rows[1]
    assert middle.cells[2] is None and middle.cells[0].cumulative_deficit == Decimal("20000000")
    assert middle.cells[0].in_year_deficit is None and not table.has_money
    assert table.last_year("stretch", "single") == Decimal("33000000")


def test_it_shows_the_columns_a_forecast_will_have_before_it_has_figures(home):
    never_run = computed_forecast(home.plan, run=False, bounds=True)
    table = forecast_figures(forecast=never_run)
    assert table.is_empty and len(table.series) == 9 and len(table.rows) == 5


def test_it_gives_funding_spend_and_savings_per_bound(with_savings):
    forecast = computed_forecast(with_savings.plan)
    first = forecast_figures(forecast=forecast).money_rows("single")[0]
    assert first.funding == Decimal("6500000")
    assert first.savings == (Decimal("75000"), Decimal("90000"))  # £100k / £120k at 75%
    assert first.in_year[0] == first.spend[0] - first.funding


# --- actuals and forecast against actual ------------------------------------------------------------------


def test_it_lists_actuals_oldest_first(home):
    ActualFactory(plan=home.plan, financial_year=2024)
    ActualFactory(plan=home.plan, financial_year=2022)
    assert [a.financial_year for a in actuals_for_plan(plan=home.plan)] == [2022, 2024]
    assert actual_for_year(plan=home.plan, financial_year=2022).financial_year == 2022
    assert actual_for_year(plan=home.plan, financial_year=2023) is None


def test_it_measures_how_far_each_published_forecast_was_off(home):
    plan = home.plan
    forecast = ForecastFactory(plan=plan, status="published", name="June forecast")
    ForecastYearFactory(
        forecast=forecast, financial_year=2023, scenario="target", cumulative_deficit=1_000_000
    )
    ForecastYearFactory(forecast=forecast, financial_year=2023, scenario="unmitigated", cumulative_deficit=0)
    ForecastYearFactory(
        forecast=forecast, financial_year=2024, scenario="target", cumulative_deficit=2_000_000
    )
    ForecastYearFactory(
        forecast=forecast, financial_year=2025, scenario="target", cumulative_deficit=3_000_000
    )
    ForecastYearFactory(forecast=ForecastFactory(plan=plan, status="draft"), financial_year=2023)
    ActualFactory(plan=plan, financial_year=2023, cumulative_deficit=Decimal("1100000"))

    [comparison] = forecast_vs_actual(plan=plan, today=date(2025, 6, 1))  # 2025-26 has not ended
    assert comparison.forecast == forecast
    rows = {(r.financial_year, r.series.scenario): r for r in comparison.rows}
    assert set(rows) == {(2023, "unmitigated"), (2023, "target"), (2024, "target")}
    target = rows[(2023, "target")]
    assert target.difference == Decimal("100000") and target.difference_percent == Decimal("10.0")
    assert rows[(2023, "unmitigated")].difference == Decimal("1100000")
    assert rows[(2023, "unmitigated")].difference_percent is None  # off by an infinite share of 0
    assert rows[(2024, "target")].actual_deficit is None and rows[(2024, "target")].difference is None
    assert comparison.missing_years == ["2024-25"]
    assert [r.series.scenario for r in comparison.rows[:2]] == ["unmitigated", "target"]


def test_it_rounds_the_percentage_half_up_and_keeps_the_sign(home):
    forecast = ForecastFactory(plan=home.plan, status="published")
    ForecastYearFactory(forecast=forecast, financial_year=2020, cumulative_deficit=Decimal("-300000"))
    ActualFactory(plan=home.plan, financial_year=2020, cumulative_deficit=Decimal("-299850"))
    [row] = forecast_vs_actual(plan=home.plan, today=date(2026, 1, 1))[0].rows
    assert row.difference == Decimal("150") and row.difference_percent == Decimal("0.1")  # 0.05% -> 0.1%


# --- inputs, savings, sensitivity -------------------------------------------------------------------------


def test_it_rebuilds_the_engines_input_from_what_is_stored(with_savings):
    forecast = computed_forecast(with_savings.plan, bounds=True)
    view = forecast_inputs(forecast=forecast)
    inp = projection_input(view=view)
    assert inp.first_year == "2024-25" and inp.years == 5 and inp.bound_names == ("single", "upper", "lower")
    assert inp.transfers == {"2025-26": Decimal("500000")}
    assert len(inp.savings) == 3 and set(inp.lines) == {"mainstream_top_ups", "special_schools", "inmss"}
    assert view.first_year_spend == 200 * 8000 + 150 * 25000 + 30 * 55000


def test_it_notices_when_the_plans_savings_changed_since_the_run(with_savings):
    forecast = computed_forecast(with_savings.plan)
    view = forecast_inputs(forecast=forecast)
    assert not savings_changed_since_run(view=view, current=workstream_savings_for_plan(plan=forecast.plan))
    SavingFactory(workstream=with_savings.workstream, financial_year=2027)
    assert savings_changed_since_run(view=view, current=workstream_savings_for_plan(plan=forecast.plan))


def test_it_shows_the_last_years_deficit_at_each_success_rate(with_savings):
    forecast = computed_forecast(with_savings.plan)
    view = forecast_inputs(forecast=forecast)
    result = sensitivity_for_forecast(view=view, rate=Decimal("0.6"))
    rates = [row.rate for row in result.rows]
    assert rates == [Decimal(0), Decimal("0.5"), Decimal("0.6"), Decimal("0.75"), Decimal(1)]
    assert result.last_year == "2028-29"
    expected = engine.last_year_deficit_by_success_rate(projection_input(view=view), rates)
    assert [row.values[0] for row in result.rows] == [expected[r] for r in rates]
    zero = result.rows[0]
    assert zero.values == (result.unmitigated["single"],) * 2 and zero.reductions == (0, 0)
    assert result.rows[-1].reductions == (300000, 360000)  # every saving achieved
    assert [row.is_forecast_rate for row in result.rows] == [False, False, False, True, False]
    assert [row.is_entered_rate for row in result.rows] == [False, False, True, False, False]
    table = forecast_figures(forecast=forecast)
    assert result.rows[3].values[0] == table.last_year("target", "single")  # same as the stored figures


def test_it_splits_the_sensitivity_per_bound(with_savings):
    forecast = computed_forecast(with_savings.plan, bounds=True)
    result = sensitivity_for_forecast(view=forecast_inputs(forecast=forecast))
    parts = result.by_bound()
    assert [p.bound_label for p in parts] == ["", "Upper bound", "Lower bound"]
    assert [s.label for s in parts[2].series] == [
        "Lower bound target mitigated",
        "Lower bound stretch mitigated",
    ]
    assert parts[1].unmitigated > parts[0].unmitigated > parts[2].unmitigated


def test_it_runs_the_engine_once_for_the_same_inputs_and_again_when_they_change(with_savings, monkeypatch):
    forecast = computed_forecast(with_savings.plan)
    view = forecast_inputs(forecast=forecast)
    first = sensitivity_for_forecast(view=view, rate=Decimal("0.6"))
    runs = []
    real = engine.last_year_deficit_by_success_rate
    monkeypatch.setattr(
        engine, "last_year_deficit_by_success_rate", lambda *a, **k: runs.append(1) or real(*a, **k)
    )
    again = sensitivity_for_forecast(view=view, rate=Decimal("0.6"))
    assert runs == [] and again == first and again.series is not first.series
    other_rate = sensitivity_for_forecast(view=view, rate=Decimal("0.65"))
    assert runs and [r.rate for r in other_rate.rows if r.is_entered_rate] == [Decimal("0.65")]
    runs.clear()
    view.inputs.opening_deficit += 1000  # different inputs: run again, and the deficits move with them
    changed = sensitivity_for_forecast(view=view, rate=Decimal("0.6"))
    assert runs and changed.rows[0].values[0] == first.rows[0].values[0] + 1000


def test_series_labels_read_like_the_papers():
    assert Series("stretch", "lower").label == "Lower bound stretch mitigated"
    assert Series("unmitigated", "single").label == "Unmitigated"


# --- query counts -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("n", [1, 8])
def test_it_reads_in_a_fixed_number_of_queries(with_savings, django_assert_num_queries, n):
    plan = with_savings.plan
    grow(plan, n)
    forecast = computed_forecast(plan, name="Measured", bounds=True, publish=True, current=True)
    with django_assert_num_queries(1):
        current_forecast_for_plan(plan=plan)
    with django_assert_num_queries(1):
        forecasts_for_plan(plan=plan)
    with django_assert_num_queries(1):
        published_forecasts_for_plan(plan=plan)
    with django_assert_num_queries(1):
        forecast = forecast_for(access=_access(with_savings.council, Role.FINANCE), forecast_id=forecast.pk)
    with django_assert_num_queries(3):  # figures, the run's savings, the plan's actuals
        forecast_figures(forecast=forecast)
    with django_assert_num_queries(1):
        actuals_for_plan(plan=plan)
    with django_assert_num_queries(3):
        forecast_vs_actual(plan=plan)
    with django_assert_num_queries(3):
        view = forecast_inputs(forecast=forecast)
    with django_assert_num_queries(1):
        workstream_savings_for_plan(plan=plan)
    with django_assert_num_queries(0):
        sensitivity_for_forecast(view=view, rate=Decimal("0.3"))


def test_it_reads_the_current_forecasts_headline_cells_in_one_query(with_savings, django_assert_num_queries):
    plan = with_savings.plan
    assert current_forecast_headline_cells(plan=plan) is None  # no current forecast
    computed_forecast(plan, name="Old", publish=True)
    current = computed_forecast(plan, name="Current", publish=True, current=True)
    with django_assert_num_queries(1):
        cells = current_forecast_headline_cells(plan=plan)
    full = forecast_figures(forecast=current)
    assert cells.forecast_name == "Current" and cells.bound == full.headline_bound
    expected = {
        (row.financial_year, scenario): full.cell(row, scenario, full.headline_bound)
        for row in full.rows
        for scenario in Scenario.values
        if full.cell(row, scenario, full.headline_bound) is not None
    }
    assert cells.cells == expected and expected


def test_it_gives_the_same_headline_cells_from_figures_already_read(with_savings):
    plan = with_savings.plan
    assert headline_cells_of(None) is None
    computed = computed_forecast(plan, name="Current", publish=True, current=True)
    from_figures = headline_cells_of(forecast_figures(forecast=computed))
    assert from_figures == current_forecast_headline_cells(plan=plan)
    for bounds in (True, False):
        forecast = figures_forecast(plan, name=f"Published {bounds}", bounds=bounds, publish=True)
        forecast_make_current(forecast=forecast, user=None)
        cells = headline_cells_of(forecast_figures(forecast=forecast))
        assert cells == current_forecast_headline_cells(plan=plan) and cells.cells
    empty = ForecastFactory(plan=plan)
    assert headline_cells_of(forecast_figures(forecast=empty)) is None  # no figures yet
