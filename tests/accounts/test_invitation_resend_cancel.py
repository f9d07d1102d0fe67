"""A council admin sends an invitation again (a new link, a new week) or cancels it (issue 21, item 15)."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client

from accounts.models import Invitation, Role
from tests.conftest import member_client

# Invitations are emailed when their transaction commits: these tests commit for real.
pytestmark = pytest.mark.django_db(transaction=True)

NOW = datetime(2026, 12, 5, 10, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _locmem(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def invited(home):
    with time_machine.travel(NOW - timedelta(days=10), tick=False):
        admin = member_client(home.council, Role.COUNCIL_ADMIN)
        admin.post(
            f"/councils/{home.council.slug}/members/",
            {"email": "helen.carr@rutland.gov.uk", "role": Role.OFFICER},
        )
    return admin, Invitation.objects.get(email="helen.carr@rutland.gov.uk")


def link(message) -> str:
    return re.search(r"http://testserver(/invitations/\S+/)", message.body)[1]


def test_an_expired_invitation_is_sent_again_with_a_new_link(home, invited):
    admin, invitation = invited
    old_link = link(mail.outbox[0])
    with time_machine.travel(NOW, tick=False):
        listing = admin.get(f"/councils/{home.council.slug}/members/").content.decode()
        assert "expired 2 December 2026" in listing and "Send again" in listing
        admin.post(f"/councils/{home.council.slug}/invitations/{invitation.pk}/resend/")
        invitation.refresh_from_db()
        assert invitation.expires_at == NOW + timedelta(days=7)
        assert len(mail.outbox) == 2 and link(mail.outbox[1]) != old_link
        assert Client().get(old_link).status_code == 410  # the old link no longer works
        assert Client().get(link(mail.outbox[1])).status_code == 200


def test_a_cancelled_invitation_stops_working_at_once(home, invited):
    admin, invitation = invited
    with time_machine.travel(NOW - timedelta(days=2), tick=False):
        admin.post(f"/councils/{home.council.slug}/invitations/{invitation.pk}/cancel/")
        assert Client().get(link(mail.outbox[0])).status_code == 410
    invitation.refresh_from_db()
    assert invitation.history.first().history_user == admin.user


def test_only_the_councils_admins_change_its_invitations(home, foreign, invited):
    _, invitation = invited
    officer = member_client(home.council, Role.OFFICER)
    assert (
        officer.post(f"/councils/{home.council.slug}/invitations/{invitation.pk}/cancel/").status_code == 403
    )
    other = member_client(foreign.council, Role.COUNCIL_ADMIN)
    assert (
        other.post(f"/councils/{foreign.council.slug}/invitations/{invitation.pk}/cancel/").status_code == 404
    )
    invitation.refresh_from_db()
    assert invitation.expires_at > NOW - timedelta(days=10)
