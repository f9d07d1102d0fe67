import pytest

from accounts.models import Role
from tests.factories import CategoryFactory, LeadFactory
from tests.workstreams.conftest import EVERYONE, MANAGERS, expected, url
from workstreams.models import Workstream


def page(world) -> str:
    return url(world, "workstreams/new/")


def data(**overrides):
    return {"code": "10", "title": "Early help outreach", "rag_override": "", **overrides}


@pytest.mark.parametrize("role", EVERYONE)
def test_it_lets_only_plan_managers_add_a_workstream(home, client_as, role):
    client = client_as(role)
    assert client.get(page(home)).status_code == expected(role, MANAGERS)
    response = client.post(page(home), data())
    assert response.status_code == expected(role, MANAGERS, ok=302)
    created = Workstream.objects.filter(plan=home.plan, code="10").first()
    assert (created is not None) is (role in MANAGERS)
    if created:
        assert response.url == url(home, f"workstreams/{created.pk}/")
        assert created.history.first().history_user == client.user


@pytest.mark.parametrize("role", [Role.OFFICER, Role.FINANCE, Role.FORUM, Role.COUNCIL_ADMIN])
def test_it_is_a_404_for_another_council(home, foreign, client_as, role):
    assert client_as(role).post(page(foreign), data()).status_code == 404
    assert not Workstream.objects.filter(code="10").exists()


def test_it_sets_lead_category_and_dates(home, client_as):
    lead, category = LeadFactory(council=home.council), CategoryFactory(plan=home.plan)
    client_as(Role.COUNCIL_ADMIN).post(
        page(home),
        data(
            lead=lead.pk,
            category=category.pk,
            start_date="2025-04-01",
            end_date="2026-03-31",
            investment="15000",
        ),
    )
    ws = Workstream.objects.get(code="10")
    assert (ws.lead, ws.category, str(ws.start_date), str(ws.investment)) == (
        lead,
        category,
        "2025-04-01",
        "15000.00",
    )


def test_it_refuses_another_councils_lead_and_saves_nothing(home, foreign, client_as):
    foreign_lead = LeadFactory(council=foreign.council)
    response = client_as(Role.COUNCIL_ADMIN).post(page(home), data(lead=foreign_lead.pk))
    assert response.status_code == 200
    assert "Choose a lead officer from the list" in response.content.decode()
    assert not Workstream.objects.filter(code="10").exists()


def test_it_names_the_fields_that_are_wrong(home, client_as):
    response = client_as(Role.COUNCIL_ADMIN).post(
        page(home), data(code="1", title="", start_date="2025-04-01", end_date="2025-01-01")
    )
    body = response.content.decode()
    assert "There is a problem" in body
    for anchor in ("#id_code", "#id_title", "#id_end_date"):
        assert f'href="{anchor}"' in body
    assert Workstream.objects.filter(plan=home.plan).count() == 1


def test_it_refuses_a_negative_investment_and_takes_pounds_as_people_write_them(home, client_as):
    from accounts.models import Role

    client = client_as(Role.COUNCIL_ADMIN)
    url = f"/councils/{home.council.slug}/workstreams/new/"
    refused = client.post(url, {"code": "9", "title": "Costly", "investment": "-5,000"})
    assert "Investment must not be negative" in refused.content.decode()
    created = client.post(url, {"code": "9", "title": "Costly", "investment": "£1,250,000"})
    assert created.status_code == 302
    from workstreams.models import Workstream

    assert Workstream.objects.get(plan=home.plan, code="9").investment == 1250000
