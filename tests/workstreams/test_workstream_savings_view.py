from decimal import Decimal

import pytest

from accounts.models import Role
from tests.factories import SavingFactory
from tests.workstreams.conftest import EVERYONE, SAVINGS_EDITORS, expected, url
from workstreams.models import WorkstreamSaving


def page(world, workstream=None) -> str:
    return url(world, f"workstreams/{(workstream or world.workstream).pk}/savings/")


def savings(workstream) -> dict:
    return {
        s.financial_year: (s.target, s.stretch)
        for s in WorkstreamSaving.objects.filter(workstream=workstream)
    }


@pytest.mark.parametrize("role", EVERYONE)
def test_it_lets_only_finance_and_council_admins_set_savings(home, client_as, role):
    client = client_as(role)
    assert client.get(page(home)).status_code == expected(role, SAVINGS_EDITORS)
    response = client.post(page(home), {"target_2025": "50000", "stretch_2025": "60000"})
    assert response.status_code == expected(role, SAVINGS_EDITORS, ok=302)
    assert (savings(home.workstream) == {2025: (Decimal("50000"), Decimal("60000"))}) is (
        role in SAVINGS_EDITORS
    )


@pytest.mark.parametrize("role", EVERYONE)
def test_it_is_a_404_for_another_councils_workstream_id(home, foreign, client_as, role):
    assert client_as(role).post(page(home, foreign.workstream), {"target_2025": "1"}).status_code == (
        404 if role in SAVINGS_EDITORS else 403
    )
    assert savings(foreign.workstream) == {}


def test_it_offers_every_plan_year_and_any_year_already_saved(home, client_as):
    SavingFactory(workstream=home.workstream, financial_year=2030)
    body = client_as(Role.COUNCIL_ADMIN).get(page(home)).content.decode()
    for label in ("2024-25", "2028-29", "2030-31"):
        assert f"Target saving {label}" in body
    assert "2029-30" not in body


def test_it_names_the_wrong_cell_and_saves_nothing(home, client_as):
    response = client_as(Role.COUNCIL_ADMIN).post(
        page(home), {"target_2024": "100", "stretch_2024": "50", "target_2025": "lots"}
    )
    body = response.content.decode()
    assert "Stretch saving 2024-25 must be at least the target" in body
    assert "Target saving 2025-26 must be an amount in pounds" in body
    assert 'href="#id_stretch_2024"' in body and 'id="id_stretch_2024-error"' in body
    assert savings(home.workstream) == {}
