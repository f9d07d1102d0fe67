"""Each workbook download, for each role: who gets the file, who is refused, and another council's ids."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from accounts.models import Role
from reports import services as report_services
from tests.factories import UserFactory
from tests.projections.conftest import EVERYONE, STAFF, client_as, computed_forecast

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def assert_workbook(response, filename_start: str):
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    assert response["Content-Disposition"].startswith(f'attachment; filename="{filename_start}')
    assert response["Cache-Control"] == "private, no-store"
    return load_workbook(io.BytesIO(response.content))


@pytest.fixture
def published(home):
    return computed_forecast(home.plan, publish=True, current=True)


@pytest.fixture
def report(home, published):
    author = UserFactory()
    draft = report_services.report_create(
        plan=home.plan, user=author, meeting_date=date(2026, 12, 10), title="Dec"
    )
    return report_services.report_publish(report=draft, user=author)


TRACKER = {Role.OFFICER: 200, Role.FINANCE: 200, Role.FORUM: 403, Role.COUNCIL_ADMIN: 200, STAFF: 200}


@pytest.mark.parametrize("who", EVERYONE)
def test_the_tracker_is_for_those_who_keep_the_plan(home, foreign, who):
    client = client_as(home.council, who)
    response = client.get(f"/councils/{home.council.slug}/tracker.xlsx")
    assert response.status_code == TRACKER[who]
    if response.status_code == 200:
        assert "Recovery Plan" in assert_workbook(response, "home-council-tracker-").sheetnames
    assert client.get(f"/councils/{foreign.council.slug}/tracker.xlsx").status_code == (
        200 if who == STAFF else 404
    )


PROJECTIONS = {Role.OFFICER: 403, Role.FINANCE: 200, Role.FORUM: 403, Role.COUNCIL_ADMIN: 200, STAFF: 200}


@pytest.mark.parametrize("who", EVERYONE)
def test_the_projections_workbook_is_for_finance(home, foreign, published, who):
    client = client_as(home.council, who)
    response = client.get(f"/councils/{home.council.slug}/forecasts/{published.pk}/workbook.xlsx")
    assert response.status_code == PROJECTIONS[who]
    if response.status_code == 200:
        assert "Results" in assert_workbook(response, "home-council-projections-").sheetnames
    theirs = computed_forecast(foreign.plan, name="Theirs", publish=True)
    assert client.get(f"/councils/{home.council.slug}/forecasts/{theirs.pk}/workbook.xlsx").status_code == 404


def test_a_draft_forecast_is_not_there_for_a_forum_member(home):
    draft = computed_forecast(home.plan, name="Draft")
    url = f"/councils/{home.council.slug}/forecasts/{draft.pk}/workbook.xlsx"
    assert client_as(home.council, Role.FORUM).get(url).status_code == 404
    assert client_as(home.council, Role.FINANCE).get(url).status_code == 200


@pytest.mark.parametrize("who", EVERYONE)
def test_everyone_of_the_council_may_take_a_published_report_pack(home, foreign, report, who):
    client = client_as(home.council, who)
    response = client.get(f"/councils/{home.council.slug}/reports/{report.pk}/pack.xlsx")
    assert_workbook(response, "home-council-forum-report-2026-12-10")
    assert client.get(f"/councils/{foreign.council.slug}/reports/{report.pk}/pack.xlsx").status_code == 404


def test_a_draft_report_has_no_pack(home, published):
    draft = report_services.report_create(
        plan=home.plan, user=UserFactory(), meeting_date=date(2027, 3, 1), title="D"
    )
    url = f"/councils/{home.council.slug}/reports/{draft.pk}/pack.xlsx"
    assert client_as(home.council, Role.COUNCIL_ADMIN).get(url).status_code == 404


@pytest.mark.parametrize("who", EVERYONE)
def test_the_national_workbook_is_for_staff_only(home, who):
    response = client_as(home.council, who).get("/national/workbook.xlsx")
    if who == STAFF:
        assert "Councils" in assert_workbook(response, "national-overview-").sheetnames
    else:
        assert response.status_code == 404


def test_downloads_need_a_sign_in(client, home):
    assert client.get(f"/councils/{home.council.slug}/tracker.xlsx").status_code == 302
    assert client.get("/national/workbook.xlsx").status_code == 302
