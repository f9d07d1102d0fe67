import pytest

from accounts.models import Role
from reports.models import ForumReport, ReportStatus
from tests.conftest import ROLES, member_client


def url(world, report, action="publish"):
    return f"/councils/{world.council.slug}/reports/{report.pk}/{action}/"


def test_it_publishes_for_a_council_admin(home, draft):
    client = member_client(home.council, Role.COUNCIL_ADMIN)
    response = client.post(url(home, draft), follow=True)
    assert "Report published" in response.content.decode()
    report = ForumReport.objects.get(pk=draft.pk)
    assert report.status == ReportStatus.PUBLISHED and report.published_by == client.user
    assert report.snapshot["title"] == "Spring term update"


def test_it_asks_before_publishing_and_says_what_freezes(home, draft):
    client = member_client(home.council, Role.COUNCIL_ADMIN)
    response = client.get(url(home, draft))
    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-warning-text" in body and "Publishing cannot be undone" in body
    assert ForumReport.objects.get(pk=draft.pk).status == ReportStatus.DRAFT  # a GET changes nothing


def test_it_sends_a_published_reports_confirmation_back_to_the_report(home, published):
    response = member_client(home.council, Role.COUNCIL_ADMIN).get(url(home, published))
    assert response.status_code == 302 and response.url.endswith(f"/reports/{published.pk}/")


@pytest.mark.parametrize("role", [Role.OFFICER, Role.FINANCE, Role.FORUM])
def test_it_forbids_other_roles(home, draft, published, role):
    client = member_client(home.council, role)
    assert client.post(url(home, draft)).status_code == 403
    assert client.post(url(home, published, "visibility"), {"public": "yes"}).status_code == 403
    assert ForumReport.objects.get(pk=draft.pk).status == ReportStatus.DRAFT
    assert ForumReport.objects.get(pk=published.pk).public_token is None


@pytest.mark.parametrize("role", ROLES)
def test_it_is_a_404_for_another_councils_report(home, foreign, foreign_published, role):
    client = member_client(home.council, role)
    # Under its own slug a role that may not publish is refused first (403), before any lookup can leak.
    own_slug = 404 if role == Role.COUNCIL_ADMIN else 403
    assert client.post(url(home, foreign_published, "visibility"), {"public": "yes"}).status_code == own_slug
    assert client.post(url(foreign, foreign_published, "visibility"), {"public": "yes"}).status_code == 404
    assert ForumReport.objects.get(pk=foreign_published.pk).public_token is None


def test_it_makes_a_report_public_and_withdraws_it(home, published, client):
    admin = member_client(home.council, Role.COUNCIL_ADMIN)
    admin.post(url(home, published, "visibility"), {"public": "yes"})
    token = ForumReport.objects.get(pk=published.pk).public_token
    assert token
    assert "Good progress." in client.get(f"/public/reports/{token}/").content.decode()
    admin.post(url(home, published, "visibility"), {"public": "no"})
    assert client.get(f"/public/reports/{token}/").status_code == 404


def test_it_will_not_make_a_draft_public(home, draft):
    admin = member_client(home.council, Role.COUNCIL_ADMIN)
    response = admin.post(url(home, draft, "visibility"), {"public": "yes"}, follow=True)
    assert "Only a published report can be made public" in response.content.decode()
    assert ForumReport.objects.get(pk=draft.pk).public_token is None
