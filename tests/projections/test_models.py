from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from projections.models import ForecastInput
from tests.factories import ForecastFactory

pytestmark = pytest.mark.django_db


def test_it_allows_one_current_forecast_per_plan(home):
    ForecastFactory(plan=home.plan, is_current=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        ForecastFactory(plan=home.plan, is_current=True)
    ForecastFactory(plan=home.plan, is_current=False)


def test_it_wants_both_bounds_or_neither(home):
    forecast = ForecastFactory(plan=home.plan)
    with pytest.raises(IntegrityError), transaction.atomic():
        ForecastInput.objects.create(forecast=forecast, upper_adjustment=Decimal("0.01"))


def test_it_knows_when_the_figures_are_stale(home):
    inputs = ForecastInput(forecast=ForecastFactory(plan=home.plan))
    assert inputs.is_stale  # never run
    inputs.run_at = inputs.updated_at + timedelta(seconds=1)
    assert not inputs.is_stale
    inputs.updated_at = timezone.now() + timedelta(days=1)
    assert inputs.is_stale


def test_it_describes_its_period(home):
    forecast = ForecastFactory(plan=home.plan, first_year=2024, last_year=2028)
    assert forecast.period_label == "2024-25 to 2028-29" and forecast.years_count == 5
    assert ForecastFactory(plan=home.plan).period_label == ""
