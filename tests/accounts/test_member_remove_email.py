"""A member removed from a council gets none of its email: removal unlinks their sign-in (and their address)
from the council's leads, and reminders and chasers go to current members only."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command

from accounts.models import Role
from forum.services import reminders as services
from tests.clock import TODAY
from tests.factories import (
    ForumMeetingFactory,
    LeadFactory,
    MembershipFactory,
    MilestoneFactory,
    UserFactory,
)
from tests.projections.conftest import client_as


@pytest.fixture(autouse=True)
def _locmem(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def leaver(home):
    """An officer who leads an overdue milestone, with a meeting whose updates are due in 5 days."""
    ForumMeetingFactory(
        council=home.council,
        meets_on=TODAY + timedelta(days=14),
        papers_due=TODAY + timedelta(days=8),
        updates_due=TODAY + timedelta(days=5),
    )
    account = UserFactory(username="dana", email="dana@old.example.org")
    membership = MembershipFactory(user=account, council=home.council, role=Role.OFFICER)
    lead = LeadFactory(council=home.council, name="Dana Leaver", email="Dana@old.example.org", user=account)
    MilestoneFactory(
        workstream=home.workstream,
        lead=lead,
        title="Secret milestone",
        forecast_due=TODAY - timedelta(days=3),
    )
    return membership, lead


def remove(home, membership):
    admin = client_as(home.council, Role.COUNCIL_ADMIN)
    assert admin.post(f"/councils/{home.council.slug}/members/{membership.pk}/remove/").status_code == 302
    return admin


def test_removal_unlinks_the_sign_in_and_its_address_from_the_councils_leads(home, leaver):
    membership, lead = leaver
    remove(home, membership)
    lead.refresh_from_db()
    assert (lead.user, lead.email) == (None, "")  # today: still linked
    assert lead.history.first().history_user is not None  # recorded, by the admin


def test_a_removed_member_gets_no_reminder(home, leaver):
    membership, _ = leaver
    remove(home, membership)
    call_command("send_reminders", stdout=StringIO())
    assert [m.to for m in mail.outbox] == []  # today: dana@old.example.org, with the milestone titles


def test_a_lead_whose_sign_in_left_by_another_way_gets_no_reminder_or_chaser(home, leaver):
    membership, lead = leaver
    membership.delete()  # e.g. through the Django admin: the lead is still linked
    call_command("send_reminders", stdout=StringIO())
    assert mail.outbox == []
    with pytest.raises(ValidationError, match="has no email address"):
        services.chaser_send(
            lead=lead,
            meeting=home.council.forum_meetings.get(),
            plan=home.plan,
            user=UserFactory(),
            base_url="https://tracker.example.org",
        )
    assert mail.outbox == []
