import pytest

from accounts.models import Role
from reports.models import ForumReport
from tests.conftest import ROLES, member_client

VALID = {
    "meeting_date": "2025-06-20",
    "title": "DBV programme update",
    "summary": "Four workstreams.",
    "recommendations": "Note and support the DBV workstreams.",
}


def url(world):
    return f"/councils/{world.council.slug}/reports/new/"


def test_it_lets_a_council_admin_create_a_draft(home):
    client = member_client(home.council, Role.COUNCIL_ADMIN)
    assert client.get(url(home)).status_code == 200
    response = client.post(url(home), VALID)
    report = ForumReport.objects.get()
    assert response.status_code == 302 and response.url.endswith(f"/reports/{report.pk}/")
    assert report.title == "DBV programme update" and report.created_by == client.user


@pytest.mark.parametrize("role", [Role.OFFICER, Role.FINANCE, Role.FORUM])
def test_it_forbids_other_roles(home, role):
    client = member_client(home.council, role)
    assert client.get(url(home)).status_code == 403
    assert client.post(url(home), VALID).status_code == 403
    assert not ForumReport.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_it_is_a_404_for_another_council(home, foreign, role):
    assert member_client(home.council, role).post(url(foreign), VALID).status_code == 404
    assert not ForumReport.objects.exists()


def test_it_names_the_field_and_saves_nothing_on_bad_input(home):
    client = member_client(home.council, Role.COUNCIL_ADMIN)
    response = client.post(url(home), {**VALID, "meeting_date": "2025-02-30", "title": ""})
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert "Enter the meeting date as a real date" in body and "Enter a title for the report" in body
    assert 'href="#id_meeting_date"' in body
    assert not ForumReport.objects.exists()


def test_it_refuses_a_second_report_for_the_same_meeting(home, draft):
    client = member_client(home.council, Role.COUNCIL_ADMIN)
    response = client.post(url(home), {**VALID, "meeting_date": "2025-02-13"})
    assert "already a report for the meeting on 13 February 2025" in response.content.decode()
    assert ForumReport.objects.count() == 1


def test_it_edits_a_draft_but_not_a_published_report(home, draft, published):
    client = member_client(home.council, Role.COUNCIL_ADMIN)
    base = f"/councils/{home.council.slug}/reports"
    response = client.post(f"{base}/{draft.pk}/edit/", {**VALID, "title": "Spring term update (revised)"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Spring term update (revised)"
    response = client.post(
        f"{base}/{published.pk}/edit/", {**VALID, "title": "Rewritten history"}, follow=True
    )
    assert "published and cannot be changed" in response.content.decode()
    published.refresh_from_db()
    assert published.title == "Autumn term update"


@pytest.mark.parametrize("role", [Role.OFFICER, Role.FINANCE, Role.FORUM])
def test_it_forbids_other_roles_to_edit(home, draft, role):
    response = member_client(home.council, role).post(
        f"/councils/{home.council.slug}/reports/{draft.pk}/edit/", VALID
    )
    assert response.status_code == 403
