"""Helpers for the workstream view tests: a client per role (staff included) and the role matrices."""

import pytest

from accounts.models import Role
from tests.conftest import ROLES, member_client

STAFF = "staff"
EVERYONE = [*ROLES, STAFF]
# What each role gets from a page that needs MILESTONE_EDITORS or PLAN_MANAGERS (everyone else: 403).
EDITORS = {Role.OFFICER, Role.COUNCIL_ADMIN, STAFF}
MANAGERS = {Role.COUNCIL_ADMIN, STAFF}
# Workstream savings: finance keep them in step with forecasts (accounts.access.SAVINGS_EDITORS).
SAVINGS_EDITORS = {Role.FINANCE, Role.COUNCIL_ADMIN, STAFF}


def expected(role, allowed, ok: int = 200) -> int:
    return ok if role in allowed else 403


@pytest.fixture
def client_as(home, staff_client):
    """client_as(role) -> a signed-in client: a member of the home council with that role, or staff."""
    clients = {}

    def _client(role):
        if role not in clients:
            clients[role] = staff_client if role == STAFF else member_client(home.council, role)
        return clients[role]

    return _client


def url(world, path: str = "") -> str:
    return f"/councils/{world.council.slug}/{path}"
