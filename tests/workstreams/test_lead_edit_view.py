import pytest

from accounts.models import Role
from tests.factories import LeadFactory
from tests.workstreams.conftest import EVERYONE, MANAGERS, expected, url


def page(world, lead) -> str:
    return url(world, f"leads/{lead.pk}/edit/")


@pytest.mark.parametrize("role", EVERYONE)
def test_it_lets_only_plan_managers_edit_a_lead(home, client_as, role):
    lead = LeadFactory(council=home.council, name="Helen Carr", initials="HC")
    client = client_as(role)
    assert client.get(page(home, lead)).status_code == expected(role, MANAGERS)
    response = client.post(page(home, lead), {"name": "Helen Carr-Smith", "initials": "HC"})
    assert response.status_code == expected(role, MANAGERS, ok=302)
    lead.refresh_from_db()
    assert (lead.name == "Helen Carr-Smith") is (role in MANAGERS)


@pytest.mark.parametrize("role", EVERYONE)
def test_it_is_a_404_for_another_councils_lead_id(home, foreign, client_as, role):
    lead = LeadFactory(council=foreign.council, name="Theirs")
    assert client_as(role).post(page(home, lead), {"name": "Mine", "initials": "M"}).status_code == (
        404 if role in MANAGERS else 403
    )
    lead.refresh_from_db()
    assert lead.name == "Theirs"


def test_it_refuses_initials_another_lead_has(home, client_as):
    LeadFactory(council=home.council, initials="LCJ")
    lead = LeadFactory(council=home.council, initials="HC")
    body = (
        client_as(Role.COUNCIL_ADMIN)
        .post(page(home, lead), {"name": "X", "initials": "lcj"})
        .content.decode()
    )
    assert "already has the initials LCJ" in body
