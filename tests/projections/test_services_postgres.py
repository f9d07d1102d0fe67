"""Making forecasts current under real concurrency: PostgreSQL connections in threads, never a 500.

Skipped unless the suite runs on PostgreSQL (CI runs it on both SQLite and PostgreSQL).
"""

import threading

import pytest
from django.db import connection

from projections.models import Forecast
from projections.services import forecast_make_current
from tests.projections.conftest import computed_forecast

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("needs_postgresql"),
]


@pytest.mark.parametrize("round_", range(5))
def test_three_people_making_three_forecasts_current_at_once_take_turns(home, round_):
    forecasts = [computed_forecast(home.plan, name=f"Forecast {n}", publish=True) for n in range(3)]
    ready = threading.Barrier(len(forecasts), timeout=20)
    outcome: dict[int, object] = {}

    def attempt(forecast):
        try:
            ready.wait()
            forecast_make_current(forecast=forecast, user=None)
            outcome[forecast.pk] = "current"
        except Exception as error:  # noqa: BLE001 - surfaced by the assertion below
            outcome[forecast.pk] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(f,)) for f in forecasts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert set(map(str, outcome.values())) == {"current"}, outcome
    assert Forecast.objects.filter(plan=home.plan, is_current=True).count() == 1
