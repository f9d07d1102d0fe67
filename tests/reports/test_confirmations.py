"""Removing a member and making a report public ask first (issue 21, item 15)."""

from datetime import UTC, date, datetime

import pytest
import time_machine

from accounts.models import Membership, Role
from reports import services
from tests.conftest import member_client
from tests.factories import MembershipFactory, UserFactory


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(datetime(2026, 12, 5, 10, 0, tzinfo=UTC), tick=False):
        yield


@pytest.fixture
def admin(home):
    return member_client(home.council, Role.COUNCIL_ADMIN)


def test_removing_a_member_asks_first(home, admin):
    officer = MembershipFactory(
        council=home.council,
        role=Role.OFFICER,
        user=UserFactory(username="hcarr", first_name="Helen", last_name="Carr"),
    )
    listing = admin.get(f"/councils/{home.council.slug}/members/").content.decode()
    assert f'href="/councils/{home.council.slug}/members/{officer.pk}/remove/"' in listing
    question = admin.get(f"/councils/{home.council.slug}/members/{officer.pk}/remove/")
    assert question.status_code == 200
    assert "Remove Helen Carr from Home Council?" in question.content.decode()
    assert Membership.objects.filter(pk=officer.pk).exists()  # asking changes nothing
    admin.post(f"/councils/{home.council.slug}/members/{officer.pk}/remove/")
    assert not Membership.objects.filter(pk=officer.pk).exists()


def test_making_a_report_public_asks_first(home, admin):
    author = UserFactory()
    report = services.report_create(
        plan=home.plan, user=author, meeting_date=date(2026, 12, 10), title="Update"
    )
    report = services.report_publish(report=report, user=author)
    url = f"/councils/{home.council.slug}/reports/{report.pk}/visibility/"
    detail = admin.get(f"/councils/{home.council.slug}/reports/{report.pk}/").content.decode()
    assert f'href="{url}">Make public with a link</a>' in detail
    question = admin.get(url).content.decode()
    assert "Make this report public?" in question and "without signing in" in question
    report.refresh_from_db()
    assert not report.is_public
    admin.post(url, {"public": "yes"})
    report.refresh_from_db()
    assert report.is_public
