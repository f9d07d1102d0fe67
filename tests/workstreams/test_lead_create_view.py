import pytest

from accounts.models import Role
from recovery.models import LeadOfficer
from tests.conftest import member_client
from tests.factories import UserFactory
from tests.workstreams.conftest import EVERYONE, MANAGERS, expected, url


def page(world) -> str:
    return url(world, "leads/new/")


def data(**overrides):
    return {
        "name": "Helen Carr",
        "initials": "hc",
        "job_title": "Strategy and Commissioning Manager",
        **overrides,
    }


@pytest.mark.parametrize("role", EVERYONE)
def test_it_lets_only_plan_managers_add_a_lead(home, client_as, role):
    client = client_as(role)
    assert client.get(page(home)).status_code == expected(role, MANAGERS)
    assert client.post(page(home), data()).status_code == expected(role, MANAGERS, ok=302)
    assert LeadOfficer.objects.filter(council=home.council, initials="HC").exists() is (role in MANAGERS)


@pytest.mark.parametrize("role", [Role.OFFICER, Role.FINANCE, Role.FORUM, Role.COUNCIL_ADMIN])
def test_it_is_a_404_for_another_council(home, foreign, client_as, role):
    assert client_as(role).post(page(foreign), data()).status_code == 404
    assert not LeadOfficer.objects.exists()


def test_it_links_a_lead_to_a_member_sign_in_only(home, foreign, client_as):
    officer = member_client(home.council, Role.OFFICER, username="helen").user
    outsider = member_client(foreign.council, Role.OFFICER, username="outsider").user
    UserFactory(username="stranger")
    client = client_as(Role.COUNCIL_ADMIN)
    body = client.get(page(home)).content.decode()
    assert "helen" in body and "outsider" not in body and "stranger" not in body
    assert (
        "Choose a sign-in of this council from the list"
        in client.post(page(home), data(account=outsider.pk)).content.decode()
    )
    assert client.post(page(home), data(account=officer.pk)).status_code == 302
    assert LeadOfficer.objects.get(initials="HC").user == officer
