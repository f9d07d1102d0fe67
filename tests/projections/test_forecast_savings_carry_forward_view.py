"""Savings never drop out silently: the inputs and forecast pages say what a forecast's years miss, and
finance can carry the plan's savings forward into them."""

from decimal import Decimal

import pytest
from django.utils.html import escape

from accounts.models import Role
from projections.models import ForecastYear
from projections.services import forecast_run
from tests.projections.conftest import (
    CAN_CHANGE,
    CANNOT_CHANGE,
    EVERYONE,
    client_as,
    computed_forecast,
    messages_of,
)
from workstreams.models import WorkstreamSaving

MISSED = "The plan's savings run to 2026-27; this forecast starts 2027-28: £0 of £300,000 is counted."


def url(council, forecast, action="savings/carry-forward/"):
    return f"/councils/{council.slug}/forecasts/{forecast.pk}/{action}"


@pytest.fixture
def later(with_savings):
    """A forecast whose years all lie after the plan's savings years (2024-25 to 2026-27)."""
    return computed_forecast(with_savings.plan, name="Later forecast", first_year=2027, last_year=2030)


def savings_years(workstream) -> dict[int, tuple[Decimal, Decimal]]:
    return {
        s.financial_year: (s.target, s.stretch)
        for s in WorkstreamSaving.objects.filter(workstream=workstream)
    }


def test_it_says_on_the_inputs_and_forecast_pages_what_the_forecast_misses(home, later):
    client = client_as(home.council, Role.FINANCE)
    inputs = client.get(url(home.council, later, "inputs/")).content.decode()
    assert escape(MISSED) in inputs and "Carry savings forward to 2030-31" in inputs
    detail = client.get(url(home.council, later, "")).content.decode()
    assert escape(MISSED) in detail and "Savings outside the forecast's years are not in its target" in detail
    assert "Carry the plan's savings into this forecast's years" in detail
    figures = ForecastYear.objects.filter(forecast=later, financial_year=2030)
    assert (
        len({f.cumulative_deficit for f in figures}) == 1
    )  # target = stretch = unmitigated: nothing counted


@pytest.mark.parametrize("who", CAN_CHANGE)
def test_it_carries_each_workstreams_last_saving_forward(home, later, who):
    response = client_as(home.council, who).post(url(home.council, later))
    assert response.status_code == 302 and response.url.endswith("/inputs/")
    saved = savings_years(home.workstream)
    assert {year: saved[year] for year in range(2027, 2031)} == {
        year: (Decimal(100000), Decimal(120000)) for year in range(2027, 2031)
    }
    assert saved[2024] == (Decimal(100000), Decimal(120000))  # earlier years untouched
    forecast_run(forecast=later, user=None)
    last = {
        f.scenario: f.cumulative_deficit
        for f in ForecastYear.objects.filter(forecast=later, financial_year=2030)
    }
    assert last["unmitigated"] - last["target"] == 4 * Decimal(75000)  # four years x £100,000 x 75%


def test_it_says_what_it_did_and_never_adds_a_year_twice(home, later):
    client = client_as(home.council, Role.FINANCE)
    response = client.post(url(home.council, later), follow=True)
    assert "Each workstream's last yearly saving now repeats to 2030-31 (4 yearly savings added" in " ".join(
        messages_of(response)
    )
    response = client.post(url(home.council, later), follow=True)
    assert messages_of(response) == [
        "Nothing was carried forward: no workstream has a saving to repeat after its last one, up to 2030-31."
    ]
    assert WorkstreamSaving.objects.filter(workstream=home.workstream).count() == 7


@pytest.mark.parametrize("who", CANNOT_CHANGE)
def test_it_refuses_readers_and_changes_nothing(home, later, who):
    status = client_as(home.council, who).post(url(home.council, later)).status_code
    assert status == (404 if who == Role.FORUM else 403)
    assert WorkstreamSaving.objects.filter(workstream=home.workstream).count() == 3


@pytest.mark.parametrize("who", EVERYONE)
def test_it_is_a_404_for_another_councils_forecast(home, foreign_forecast, who):
    assert client_as(home.council, who).post(url(home.council, foreign_forecast)).status_code == 404


def test_it_refuses_a_published_forecast(home, published):
    response = client_as(home.council, Role.FINANCE).post(url(home.council, published))
    assert response.status_code == 409
    assert WorkstreamSaving.objects.filter(workstream=home.workstream).count() == 3


def test_it_only_answers_a_post(home, later):
    assert client_as(home.council, Role.FINANCE).get(url(home.council, later)).status_code == 405
