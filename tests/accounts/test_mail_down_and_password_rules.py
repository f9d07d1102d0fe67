"""Low findings of issue 20 (9): an invitation's password may not resemble the chosen username; password
reset emails are rate limited; with the mail server down, an invitation is kept and a chaser is refused with
a message, never a 500."""

import re
import socket
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client

from accounts.models import Invitation, Role
from forum.models import Reminder
from tests.clock import TODAY
from tests.conftest import member_client
from tests.factories import ForumMeetingFactory, LeadFactory, MilestoneFactory, UserFactory


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def mail_down(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", closed_port()
    settings.EMAIL_TIMEOUT = 2


@pytest.fixture
def locmem(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.mark.usefixtures("locmem")
@pytest.mark.django_db(transaction=True)  # the email goes on commit
def test_an_invitation_password_equal_to_the_username_is_refused(home):
    admin = member_client(home.council, Role.COUNCIL_ADMIN)
    admin.post(
        f"/councils/{home.council.slug}/members/", {"email": "new@home.example.org", "role": "officer"}
    )
    link = re.search(r"https?://\S+", mail.outbox[0].body).group(0)
    password = "rutlandsendlead2027"
    response = Client().post(
        link, {"username": "rutlandsendlead2027", "password1": password, "password2": password}
    )
    assert response.status_code == 200  # today: 302, the account made
    assert "The password is too similar to the username" in response.content.decode()
    assert not Invitation.objects.get().accepted_at


@pytest.mark.usefixtures("locmem")
def test_password_reset_emails_to_one_address_are_limited(db):
    UserFactory(username="flooded", email="flooded@home.example.org")
    client = Client()
    for _ in range(20):
        response = client.post("/accounts/password_reset/", {"email": "flooded@home.example.org"})
        assert response.status_code == 302  # the same answer every time
    assert len(mail.outbox) == 3  # today: 20


@pytest.mark.usefixtures("mail_down")
@pytest.mark.django_db(transaction=True)  # the email goes on commit
def test_with_the_mail_server_down_an_invitation_is_kept_and_says_so(home):
    admin = member_client(home.council, Role.COUNCIL_ADMIN)
    response = admin.post(
        f"/councils/{home.council.slug}/members/",
        {"email": "new@home.example.org", "role": "officer"},
        follow=True,
    )
    assert response.status_code == 200  # today: 500 (ConnectionRefusedError)
    assert "its email could not be sent" in response.content.decode()
    assert Invitation.objects.filter(email="new@home.example.org").exists()


@pytest.mark.usefixtures("mail_down")
@pytest.mark.django_db(transaction=True)  # the email goes on commit
def test_with_the_mail_server_down_a_chaser_says_it_was_not_sent(home):
    ForumMeetingFactory(council=home.council, meets_on=TODAY + timedelta(days=20))
    lead = LeadFactory(council=home.council, name="Helen Carr", initials="HC", email="helen@home.example.org")
    MilestoneFactory(workstream=home.workstream, lead=lead, forecast_due=TODAY - timedelta(days=40))
    admin = member_client(home.council, Role.COUNCIL_ADMIN)
    response = admin.post(f"/councils/{home.council.slug}/returns/{lead.pk}/chase/", follow=True)
    assert response.status_code == 200  # today: 500
    assert "The chaser to Helen Carr could not be sent" in response.content.decode()
    assert not Reminder.objects.exists()
