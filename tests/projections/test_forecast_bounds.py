"""A forecast with bounds keeps its central case, and a new draft starts from the current forecast's inputs
(issue 21, item 2)."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
import time_machine

from projections.models import ForecastLine, ForecastTransfer, ForecastYear
from projections.selectors import forecast_figures
from projections.services import ForecastDetails, forecast_create
from tests.projections.conftest import computed_forecast


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(datetime(2026, 12, 5, 10, 0, tzinfo=UTC), tick=False):
        yield


def central(forecast) -> dict:
    return {
        (f.financial_year, f.scenario): f.cumulative_deficit
        for f in ForecastYear.objects.filter(forecast=forecast, bound="single")
    }


def test_it_keeps_the_central_case_beside_the_bounds(with_savings):
    without = computed_forecast(with_savings.plan, name="Without bounds")
    with_bounds = computed_forecast(with_savings.plan, name="With bounds", bounds=True)
    assert len(central(without)) == 15
    assert central(with_bounds) == central(without)
    assert set(ForecastYear.objects.filter(forecast=with_bounds).values_list("bound", flat=True)) == {
        "single",
        "upper",
        "lower",
    }
    table = forecast_figures(forecast=with_bounds)
    assert table.headline_bound == "single"
    upper, middle, lower = (table.value("unmitigated", 2028, b) for b in ("upper", "single", "lower"))
    assert upper > middle > lower


def test_it_starts_a_new_draft_from_the_current_forecasts_inputs(with_savings):
    current = computed_forecast(with_savings.plan, bounds=True, publish=True, current=True)
    details = ForecastDetails(name="Next forecast", as_at=date(2026, 12, 1), first_year=2025, last_year=2029)
    draft = forecast_create(plan=with_savings.plan, user=None, details=details)
    old, new = current.inputs, draft.inputs
    assert (new.opening_deficit, new.funding, new.funding_growth, new.success_rate) == (
        old.opening_deficit,
        old.funding,
        old.funding_growth,
        old.success_rate,
    )
    assert (new.upper_adjustment, new.lower_adjustment) == (Decimal("0.02"), Decimal("-0.02"))
    lines = ForecastLine.objects.filter(forecast=draft).values_list("provision_type", "places", "unit_cost")
    assert set(lines) == {
        ("mainstream_top_ups", Decimal(200), Decimal(8000)),
        ("special_schools", Decimal(150), Decimal(25000)),
        ("inmss", Decimal(30), Decimal(55000)),
    }
    transfers = ForecastTransfer.objects.filter(forecast=draft).values_list("financial_year", "amount")
    assert list(transfers) == [(2025, Decimal(500000))]
    assert new.is_stale and not ForecastYear.objects.filter(forecast=draft).exists()  # run it to see figures


def test_it_starts_from_empty_inputs_without_a_current_forecast(with_savings):
    details = ForecastDetails(name="First forecast", as_at=date(2026, 12, 1), first_year=2025, last_year=2029)
    draft = forecast_create(plan=with_savings.plan, user=None, details=details)
    assert draft.inputs.funding == 0 and not ForecastLine.objects.filter(forecast=draft).exists()
