from datetime import date

import pytest

from accounts.models import Role
from tests.workstreams.conftest import EVERYONE, MANAGERS, expected, url
from workstreams.rag import Rag


def page(world, milestone=None) -> str:
    return url(world, f"milestones/{(milestone or world.milestone).pk}/edit/")


def data(**overrides):
    return {"title": "Outreach function live", "baseline_due": "2026-06-30", **overrides}


@pytest.mark.parametrize("role", EVERYONE)
def test_it_lets_only_plan_managers_edit(home, client_as, role):
    client = client_as(role)
    assert client.get(page(home)).status_code == expected(role, MANAGERS)
    assert client.post(page(home), data()).status_code == expected(role, MANAGERS, ok=302)
    home.milestone.refresh_from_db()
    assert (home.milestone.title == "Outreach function live") is (role in MANAGERS)


@pytest.mark.parametrize("role", EVERYONE)
def test_it_is_a_404_for_another_councils_milestone_id(home, foreign, client_as, role):
    assert client_as(role).post(page(home, foreign.milestone), data()).status_code == (
        404 if role in MANAGERS else 403
    )
    foreign.milestone.refresh_from_db()
    assert foreign.milestone.title == "Foreign Council outreach function"


def test_it_rebaselines_without_touching_progress(home, client_as):
    client_as(Role.COUNCIL_ADMIN).post(page(home), data())
    home.milestone.refresh_from_db()
    assert home.milestone.baseline_due == date(2026, 6, 30)
    assert home.milestone.rag == Rag.GREEN and home.milestone.version == 1
    assert "forecast_due" not in client_as(Role.COUNCIL_ADMIN).get(page(home)).content.decode()
