"""Forecasts built the way users build them (through the services), and the role matrix for view tests."""

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from accounts.models import Role
from projections.models import Forecast, ForecastKind
from projections.services import (
    Assumptions,
    ForecastDetails,
    LineValues,
    forecast_create,
    forecast_figures_update,
    forecast_inputs_update,
    forecast_make_current,
    forecast_publish,
    forecast_run,
)
from tests.conftest import ROLES, member_client
from tests.factories import ActualFactory, SavingFactory, UserFactory, WorkstreamFactory

EDITORS = [Role.FINANCE, Role.COUNCIL_ADMIN]
READERS = [Role.OFFICER, Role.FORUM]
assert set(EDITORS) | set(READERS) == set(ROLES)

DETAILS = ForecastDetails(
    name="Budget setting forecast", as_at=date(2024, 6, 20), first_year=2024, last_year=2028
)


def assumptions(*, bounds: bool = False, **changes) -> Assumptions:
    values = {
        "opening_deficit": Decimal("1000000"),
        "funding": Decimal("6500000"),
        "funding_growth": Decimal("0.03"),
        "transfers": {2025: Decimal("500000")},
        "lines": {
            "mainstream_top_ups": LineValues(Decimal(200), Decimal(8000), Decimal("0.06"), Decimal("0.02")),
            "special_schools": LineValues(Decimal(150), Decimal(25000), Decimal("0.05"), Decimal("0.03")),
            "inmss": LineValues(Decimal(30), Decimal(55000), Decimal("0.08"), Decimal("0.03")),
        },
        "success_rate": Decimal("0.75"),
        "upper_adjustment": Decimal("0.02") if bounds else None,
        "lower_adjustment": Decimal("-0.02") if bounds else None,
    }
    values.update(changes)
    return Assumptions(**values)


def computed_forecast(
    plan,
    *,
    name: str = "Budget setting forecast",
    user=None,
    bounds: bool = False,
    run: bool = True,
    publish: bool = False,
    current: bool = False,
    first_year: int = 2024,
    last_year: int = 2028,
) -> Forecast:
    details = ForecastDetails(name=name, as_at=date(2024, 6, 20), first_year=first_year, last_year=last_year)
    forecast = forecast_create(plan=plan, user=user, details=details)
    forecast_inputs_update(
        forecast=forecast, user=user, details=details, assumptions=assumptions(bounds=bounds)
    )
    if run:
        forecast_run(forecast=forecast, user=user)
    if publish:
        forecast_publish(forecast=forecast, user=user)
    if current:
        forecast_make_current(forecast=forecast, user=user)
    return Forecast.objects.select_related("plan", "inputs").get(pk=forecast.pk)


def figures_forecast(
    plan, *, name: str = "DBV template forecast", figures=None, bounds: bool = True, publish: bool = False
) -> Forecast:
    details = ForecastDetails(name=name, as_at=date(2024, 6, 20), first_year=2022, last_year=2024)
    forecast = forecast_create(
        plan=plan, user=None, details=details, kind=ForecastKind.PUBLISHED_FIGURES, has_bounds=bounds
    )
    if figures is None:
        figures = {
            (year, scenario, bound): Decimal(value)
            for bound in (["upper", "lower"] if bounds else ["single"])
            for year, value in zip((2022, 2023, 2024), (16_000_000, 20_000_000, 33_000_000), strict=True)
            for scenario in ("unmitigated", "target", "stretch")
        }
    forecast_figures_update(forecast=forecast, user=None, figures=figures)
    if publish:
        forecast_publish(forecast=forecast, user=None)
    return Forecast.objects.select_related("plan", "inputs").get(pk=forecast.pk)


def add_savings(workstream, years=(2024, 2025, 2026), target=Decimal("100000"), stretch=Decimal("120000")):
    for year in years:
        SavingFactory(workstream=workstream, financial_year=year, target=target, stretch=stretch)


def grow(plan, n: int) -> None:
    """Make the plan big: n workstreams with savings, n published forecasts with bounds, n actuals."""
    for i in range(n):
        add_savings(WorkstreamFactory(plan=plan, code=f"g{i}"))
        computed_forecast(plan, name=f"Grown forecast {i}", bounds=True, publish=True)
        ActualFactory(plan=plan, financial_year=2000 + i, cumulative_deficit=Decimal(i * 1000))


@pytest.fixture
def with_savings(home):
    add_savings(home.workstream)
    return home


@pytest.fixture
def draft(with_savings) -> Forecast:
    return computed_forecast(with_savings.plan)


@pytest.fixture
def published(with_savings) -> Forecast:
    return computed_forecast(with_savings.plan, name="Published forecast", publish=True, current=True)


@pytest.fixture
def foreign_forecast(foreign) -> Forecast:
    return computed_forecast(foreign.plan, name="Foreign forecast", publish=True)


@pytest.fixture
def editor(home):
    return member_client(home.council, Role.FINANCE)


# --- the role matrix for view tests ---------------------------------------------------------------

STAFF = "staff"
EVERYONE = [*ROLES, STAFF]
CAN_CHANGE = [Role.FINANCE, Role.COUNCIL_ADMIN, STAFF]
CANNOT_CHANGE = [Role.OFFICER, Role.FORUM]


def client_as(council, who) -> Client:
    """A signed-in client: a member of ``council`` with role ``who``, or a staff user (member of nothing)."""
    if who == STAFF:
        user = UserFactory(username="staff-user", is_staff=True, is_superuser=True)
        client = Client()
        client.force_login(user)
        client.user = user
        return client
    return member_client(council, who)


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []
