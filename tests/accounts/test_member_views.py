"""Council admins invite members by email with a role, the invitee sets a password at a link that expires,
and admins remove members; every membership change is in the history."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from accounts.models import Invitation, Membership, Role
from tests.factories import MembershipFactory
from tests.projections.conftest import EVERYONE, STAFF, client_as

ADMINS = {Role.COUNCIL_ADMIN, STAFF}
PASSWORDS = {"password1": "Nurture-pilot-2027", "password2": "Nurture-pilot-2027"}


@pytest.fixture(autouse=True)
def _locmem(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def url(world, rest=""):
    return f"/councils/{world.council.slug}/members/{rest}"


@pytest.mark.parametrize("who", EVERYONE)
def test_only_council_admins_manage_members(home, foreign, who):
    client = client_as(home.council, who)
    assert client.get(url(home)).status_code == (200 if who in ADMINS else 403)
    response = client.post(url(home), {"email": "new.officer@rutland.gov.uk", "role": Role.OFFICER})
    assert response.status_code == (302 if who in ADMINS else 403)
    assert Invitation.objects.filter(council=home.council).exists() is (who in ADMINS)
    assert client.get(url(foreign)).status_code == (200 if who == STAFF else 404)


def test_an_invitation_becomes_an_account_and_a_membership_once(home, django_capture_on_commit_callbacks):
    admin = client_as(home.council, Role.COUNCIL_ADMIN)
    with django_capture_on_commit_callbacks(execute=True):  # the email goes once the invitation is saved
        admin.post(url(home), {"email": "Helen.Carr@rutland.gov.uk", "role": Role.FINANCE})
    assert len(mail.outbox) == 1 and "as Finance for Home Council" in mail.outbox[0].body
    link = re.search(r"http://testserver(/invitations/\S+/)", mail.outbox[0].body)[1]
    visitor = Client()
    assert "Join Home Council" in visitor.get(link).content.decode()
    weak = visitor.post(link, {"username": "hcarr", "password1": "12345678", "password2": "12345678"})
    assert (
        "too common" in weak.content.decode()
        and not Membership.objects.filter(user__username="hcarr").exists()
    )
    strong = {"username": "hcarr", "first_name": "Helen", "last_name": "Carr", **PASSWORDS}
    done = visitor.post(link, strong)
    assert done.status_code == 302 and done.url == f"/councils/{home.council.slug}/"
    membership = Membership.objects.get(user__username="hcarr")
    assert (membership.council, membership.role, membership.user.email) == (
        home.council,
        Role.FINANCE,
        "helen.carr@rutland.gov.uk",
    )
    assert membership.history.first().history_type == "+"
    assert visitor.get(link).status_code == 410  # used: it works once


def test_an_expired_invitation_is_refused(home):
    client_as(home.council, Role.COUNCIL_ADMIN).post(
        url(home), {"email": "late@rutland.gov.uk", "role": Role.FORUM}
    )
    invitation = Invitation.objects.get()
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    response = Client().post(f"/invitations/{invitation.token}/", {"username": "late", **PASSWORDS})
    assert response.status_code == 410 and "has been used or has expired" in response.content.decode()
    assert not Membership.objects.filter(user__username="late").exists()


def test_admins_remove_members_but_never_the_last_admin(home):
    admin = client_as(home.council, Role.COUNCIL_ADMIN)
    officer = MembershipFactory(council=home.council, role=Role.OFFICER)
    admin.post(url(home, f"{officer.pk}/remove/"))
    assert not Membership.objects.filter(pk=officer.pk).exists()
    assert Membership.history.filter(id=officer.pk, history_type="-").exists()
    only_admin = Membership.objects.get(council=home.council, role=Role.COUNCIL_ADMIN)
    response = admin.post(url(home, f"{only_admin.pk}/remove/"), follow=True)
    assert "needs at least one council admin" in response.content.decode()
    assert Membership.objects.filter(pk=only_admin.pk).exists()


def test_it_will_not_invite_an_existing_member(home):
    member = MembershipFactory(council=home.council, role=Role.OFFICER)
    member.user.email = "officer@rutland.gov.uk"
    member.user.save()
    response = client_as(home.council, Role.COUNCIL_ADMIN).post(
        url(home), {"email": "officer@rutland.gov.uk", "role": Role.FINANCE}
    )
    assert "is already a member of Home Council" in response.content.decode() and mail.outbox == []
