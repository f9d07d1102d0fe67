"""The dashboard headline quotes a forecast's central case, with its bounds as a range (issue 21, item 2)."""

from datetime import UTC, datetime

import pytest
import time_machine

from accounts.models import Role
from core.money import pounds_compact
from projections.selectors import forecast_figures
from tests.conftest import member_client
from tests.projections.conftest import add_savings, computed_forecast


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(datetime(2026, 12, 5, 10, 0, tzinfo=UTC), tick=False):
        yield


def test_it_quotes_the_central_case_with_the_bounds_as_a_range(home):
    add_savings(home.workstream)
    forecast = computed_forecast(home.plan, bounds=True, publish=True, current=True)
    table = forecast_figures(forecast=forecast)
    central, upper, lower = (table.value("unmitigated", 2028, b) for b in ("single", "upper", "lower"))
    body = member_client(home.council, Role.FORUM).get(f"/councils/{home.council.slug}/").content.decode()
    assert "Cumulative deficit by 2028-29 if nothing changes (unmitigated)" in body
    assert "unmitigated, upper bound" not in body
    assert pounds_compact(central) in body
    assert f"Range {pounds_compact(lower)} to {pounds_compact(upper)} (lower to upper bound)" in body
