"""Indicators built the way users build them (through the services), and the role matrix for view tests."""

from decimal import Decimal

import pytest
from django.test import Client

from accounts.models import Role
from indicators.services import IndicatorDetails, indicator_create, target_set, value_record
from tests.conftest import ROLES, member_client
from tests.factories import UserFactory

STAFF = "staff"
EDITORS = [Role.OFFICER, Role.FINANCE, Role.COUNCIL_ADMIN, STAFF]
READERS = [Role.FORUM]
assert set(EDITORS) | set(READERS) == set(ROLES) | {STAFF}


def details(**changes) -> IndicatorDetails:
    values = {
        "name": "EHC plans in mainstream schools",
        "unit": "percent",
        "direction": "higher",
        "period_type": "calendar_year",
        "source": "DfE SEN2",
    }
    values.update(changes)
    return IndicatorDetails(**values)


def make_indicator(plan, *, values=(), targets=(), **changes):
    """values: (period, figure or None) actuals; targets: (period, target, amber, red)."""
    indicator = indicator_create(plan=plan, user=None, details=details(**changes))
    for period, target, amber, red in targets:
        target_set(
            indicator=indicator,
            user=None,
            period=period,
            value=Decimal(target),
            amber_tolerance=Decimal(amber),
            red_tolerance=Decimal(red),
        )
    for period, figure in values:
        value_record(
            indicator=indicator,
            user=None,
            period=period,
            value=None if figure is None else Decimal(figure),
            availability="value" if figure is not None else "not_available",
        )
    return indicator


def client_as(council, who) -> Client:
    if who == STAFF:
        user = UserFactory(username="staff-user", is_staff=True, is_superuser=True)
        client = Client()
        client.force_login(user)
        client.user = user
        return client
    return member_client(council, who)


@pytest.fixture
def indicator(home):
    return make_indicator(
        home.plan,
        values=[("2022", "40"), ("2023", "44")],
        targets=[("2023", "45", "2", "4")],
        workstream=home.workstream,
    )
