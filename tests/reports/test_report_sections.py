"""A report's sections keep the council's line breaks and "- " bullets, and a new report starts from the
last one's sections and the next Forum meeting's date (issue 21, item 11, in part)."""

from datetime import UTC, date, datetime

import pytest
import time_machine

from accounts.models import Role
from reports import services
from tests.conftest import member_client
from tests.factories import ForumMeetingFactory, UserFactory


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(datetime(2026, 12, 5, 10, 0, tzinfo=UTC), tick=False):
        yield


@pytest.fixture
def admin(home):
    return member_client(home.council, Role.COUNCIL_ADMIN)


def test_it_keeps_line_breaks_and_bullets(home, admin):
    report = services.report_create(
        plan=home.plan,
        user=UserFactory(),
        meeting_date=date(2026, 12, 10),
        title="Update",
        summary="Progress this term:\n- SLA agreed <with> schools\n- Panel met\nMore to do.\n\n"
        "Next steps follow.",
    )
    body = admin.get(f"/councils/{home.council.slug}/reports/{report.pk}/").content.decode()
    assert '<p class="govuk-body">Progress this term:</p>' in body
    bullets = "<li>SLA agreed &lt;with&gt; schools</li><li>Panel met</li>"
    assert f'<ul class="govuk-list govuk-list--bullet">{bullets}</ul>' in body
    assert (
        '<p class="govuk-body">More to do.</p>' in body
        and '<p class="govuk-body">Next steps follow.</p>' in body
    )


def test_a_line_break_inside_a_paragraph_stays(home, admin):
    report = services.report_create(
        plan=home.plan, user=UserFactory(), meeting_date=date(2026, 12, 10), title="Update",
        background="Agreed in June 2019.\nReviewed in March 2020.",
    )  # fmt: skip
    body = admin.get(f"/councils/{home.council.slug}/reports/{report.pk}/").content.decode()
    assert '<p class="govuk-body">Agreed in June 2019.<br>Reviewed in March 2020.</p>' in body


def test_a_new_report_starts_from_the_last_one(home, admin):
    author = UserFactory()
    services.report_create(
        plan=home.plan,
        user=author,
        meeting_date=date(2026, 10, 8),
        title="DSG Recovery Plan – Project Progress Update",
        background="In June 2019 School Forum supported £357k of additional annual investment.",
        recommendations="Members of School Forum note the project progress to date.",
    )
    ForumMeetingFactory(council=home.council, meets_on=date(2027, 1, 14))
    form = admin.get(f"/councils/{home.council.slug}/reports/new/").content.decode()
    assert "In June 2019 School Forum supported £357k of additional annual investment." in form
    assert "Members of School Forum note the project progress to date." in form
    assert 'value="DSG Recovery Plan – Project Progress Update"' in form
    assert 'value="14"' in form and 'value="2027"' in form  # the next meeting's date in the boxes
