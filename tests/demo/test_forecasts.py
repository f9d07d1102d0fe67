"""The demo's forecasts: seed 003's table exactly, seed 004's figures, and computed Rutland and Wiltshire."""

from decimal import Decimal

import pytest

from demo.plans import load_demo
from projections.models import Forecast, ForecastSaving, ForecastYear
from projections.selectors import current_forecast_for_plan, forecast_figures
from recovery.models import RecoveryPlan

pytestmark = pytest.mark.django_db

M = 1_000_000
# Seed 003 (Warwickshire Schools Forum, 20 June 2024), "Year End 2022 … 2028", £m.
SEED_003 = {
    ("unmitigated", "upper"): [16, 20, 33, 65, 116, 184, 267],
    ("target", "upper"): [16, 20, 32, 63, 105, 156, 217],
    ("stretch", "upper"): [16, 20, 32, 63, 104, 153, 209],
    ("unmitigated", "lower"): [16, 20, 33, 53, 87, 133, 191],
    ("target", "lower"): [16, 20, 32, 50, 78, 112, 152],
    ("stretch", "lower"): [16, 20, 32, 50, 77, 110, 146],
}
# "Year End 2022" is 31 March 2022, the end of 2021-22.
SEED_003_YEARS = [2021, 2022, 2023, 2024, 2025, 2026, 2027]


def current(slug: str) -> Forecast:
    plan = RecoveryPlan.objects.get(council__slug=slug, status="active")
    return current_forecast_for_plan(plan=plan)


def last_year(forecast: Forecast, scenario: str, bound: str = "single") -> Decimal:
    return forecast_figures(forecast=forecast).last_year(scenario, bound)


def test_it_reproduces_the_seed_003_table_exactly():
    load_demo()
    forecast = current("warwickshire")
    stored = {
        (f.scenario, f.bound, f.financial_year): f.cumulative_deficit
        for f in ForecastYear.objects.filter(forecast=forecast)
    }
    expected = {
        (scenario, bound, year): Decimal(value * M)
        for (scenario, bound), values in SEED_003.items()
        for year, value in zip(SEED_003_YEARS, values, strict=True)
    }
    assert len(expected) == 42
    assert stored == expected
    assert forecast.is_frozen and forecast.kind == "figures"
    # The headline sentences of the paper: £267m upper bound unmitigated, £152m lower bound target,
    # "expected to reduce the deficit by £115m" (267 - 152).
    assert last_year(forecast, "unmitigated", "upper") - last_year(forecast, "target", "lower") == 115 * M


def test_it_keeps_stocktons_seed_004_figures():
    load_demo()
    forecast = current("stockton-on-tees")
    table = forecast_figures(forecast=forecast)
    assert table.rows[0].label == "2023-24" and table.rows[-1].label == "2027-28"
    assert table.cell(table.rows[0], "unmitigated", "single").cumulative_deficit == Decimal("3570000")
    assert last_year(forecast, "unmitigated") == Decimal("34800000")


def test_it_computes_rutland_to_the_seed_000_figures():
    load_demo()
    forecast = current("rutland")
    assert forecast.is_computed and forecast.is_frozen and forecast.inputs.success_rate == Decimal("0.75")
    table = forecast_figures(forecast=forecast)
    assert table.period_label == "2020-21 to 2024-25"  # "over the next five years" from February 2020
    unmitigated, target = last_year(forecast, "unmitigated"), last_year(forecast, "target")
    assert abs(unmitigated - 600_000) < 5_000  # "a potential accumulated overspend of £600k"
    assert abs(target - 270_000) < 5_000
    assert abs((unmitigated - target) - 330_000) < 1_000  # "reduce the DSG overspend by circa 330k"
    assert (unmitigated, target) == (Decimal(597_552), Decimal(267_552))
    used = ForecastSaving.objects.filter(forecast=forecast)
    assert used.count() == 23 and sum(s.target for s in used) == Decimal(440_000)


def test_it_computes_wiltshire_from_its_workstreams_seed_001_savings():
    load_demo()
    forecast = current("wiltshire")
    table = forecast_figures(forecast=forecast)
    assert table.bounds == ["single", "upper", "lower"] and table.period_label == "2020-21 to 2022-23"
    first = table.money_rows("upper")[0]
    # 2020-21: the nine projects' impacts £4.167m (seed 001) at 75%
    assert first.savings[0] == Decimal("3125250")
    in_range = ForecastSaving.objects.filter(forecast=forecast, financial_year__lte=2022)
    assert sum(s.target for s in in_range) == Decimal(4_167_000 + 6_511_000 + 6_588_000)


def test_it_loads_the_demo_forecasts_once():
    load_demo()
    counts = (Forecast.objects.count(), ForecastYear.objects.count(), Forecast.history.count())
    load_demo()
    assert (Forecast.objects.count(), ForecastYear.objects.count(), Forecast.history.count()) == counts
    assert Forecast.objects.filter(is_current=True).count() == 4


def test_it_respects_a_current_forecast_chosen_by_a_user():
    from projections.services import forecast_copy, forecast_make_current, forecast_publish

    load_demo()
    rutland = current("rutland")
    newer = forecast_copy(forecast=rutland, user=None, name="Newer")
    forecast_publish(forecast=newer, user=None)
    forecast_make_current(forecast=newer, user=None)
    load_demo()
    assert current("rutland") == newer
