import pytest

from accounts.models import Role
from tests.workstreams.conftest import EVERYONE, MANAGERS, expected, url


def page(world, workstream=None) -> str:
    return url(world, f"workstreams/{(workstream or world.workstream).pk}/edit/")


def data(**overrides):
    return {
        "code": "1",
        "title": "Nurture approach (revised)",
        "risks": "Scale",
        "rag_override": "",
        **overrides,
    }


@pytest.mark.parametrize("role", EVERYONE)
def test_it_lets_only_plan_managers_edit(home, client_as, role):
    client = client_as(role)
    assert client.get(page(home)).status_code == expected(role, MANAGERS)
    assert client.post(page(home), data()).status_code == expected(role, MANAGERS, ok=302)
    home.workstream.refresh_from_db()
    assert (home.workstream.title == "Nurture approach (revised)") is (role in MANAGERS)


@pytest.mark.parametrize("role", EVERYONE)
def test_it_is_a_404_for_another_councils_workstream_id(home, foreign, client_as, role):
    assert client_as(role).get(page(home, foreign.workstream)).status_code == (
        404 if role in MANAGERS else 403
    )
    assert client_as(role).post(page(home, foreign.workstream), data()).status_code == (
        404 if role in MANAGERS else 403
    )
    foreign.workstream.refresh_from_db()
    assert foreign.workstream.title == "Foreign Council nurture approach"


def test_it_shows_the_current_values_and_sets_a_rag_override(home, client_as):
    client = client_as(Role.COUNCIL_ADMIN)
    assert 'value="Home Council nurture approach"' in client.get(page(home)).content.decode()
    client.post(page(home), data(rag_override="red"))
    home.workstream.refresh_from_db()
    assert home.workstream.rag == "red"
