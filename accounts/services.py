"""Writes to who belongs to a council and to each person's own choices: keyword-only, atomic, recorded."""

import logging
import secrets
import smtplib
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from accounts.models import Invitation, Membership, Role, UserPreferences
from core.errors import Refused
from recovery.models import Council, LeadOfficer

# --- members and invitations ------------------------------------------------------------------------------

INVITATION_DAYS = 7

log = logging.getLogger(__name__)


class MembershipError(Refused):
    """A change to who belongs to a council that the rules refuse; ``str(error)`` is for the user."""


@transaction.atomic
def member_invite(
    *, council: Council, user: AbstractBaseUser, email: str, role: str, accept_url
) -> Invitation:
    """Invite ``email`` to the council in ``role`` and send the link. ``accept_url(token)`` makes the link."""
    email = email.strip().lower()
    if Membership.objects.filter(council=council, user__email__iexact=email).exists():
        raise MembershipError(f"{email} is already a member of {council.name}")
    invitation = Invitation(
        council=council,
        email=email,
        role=role,
        token=secrets.token_urlsafe(32),
        invited_by=user,
        expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
    )
    invitation._history_user = user
    invitation.save()
    _send_invitation(invitation, user, accept_url)
    return invitation


def _send_invitation(invitation: Invitation, user: AbstractBaseUser, accept_url) -> None:
    """Email the invitation's link once it is saved for good: never an email whose link a rollback has
    undone. With the mail server down the invitation is kept and the admin told (``email_sent`` False), so
    they can send it again; None until the transaction commits."""
    council = invitation.council
    inviter = user.get_full_name() or user.get_username()
    message = (
        f"{inviter} has invited you to the DSG Recovery Tracker as {Role(invitation.role).label} "
        f"for {council.name}.\n\n"
        f"Choose a username and password here (the link works once, until "
        f"{timezone.localtime(invitation.expires_at):%-d %B %Y}):\n\n{accept_url(invitation.token)}\n"
    )
    invitation.email_sent = None

    def send() -> None:
        try:
            send_mail(
                subject=f"You are invited to {council.name}'s DSG recovery plan",
                message=message,
                from_email=None,
                recipient_list=[invitation.email],
            )
        except (OSError, smtplib.SMTPException) as error:
            log.warning("invitation email to %s not sent: %s", invitation.email, error)
            invitation.email_sent = False
        else:
            invitation.email_sent = True

    transaction.on_commit(send)


def _open_invitation(invitation: Invitation) -> Invitation:
    invitation = Invitation.objects.select_for_update().select_related("council").get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise MembershipError(f"{invitation.email} has already accepted this invitation")
    return invitation


@transaction.atomic
def invitation_resend(*, invitation: Invitation, user: AbstractBaseUser, accept_url) -> Invitation:
    """Send a not-yet-accepted invitation again with a new link (the old one stops working) and a new
    week to accept it."""
    invitation = _open_invitation(invitation)
    invitation.token = secrets.token_urlsafe(32)
    invitation.expires_at = timezone.now() + timedelta(days=INVITATION_DAYS)
    invitation._history_user = user
    invitation.save(update_fields=["token", "expires_at"])
    _send_invitation(invitation, user, accept_url)
    return invitation


@transaction.atomic
def invitation_cancel(*, invitation: Invitation, user: AbstractBaseUser) -> Invitation:
    """Stop a not-yet-accepted invitation's link working now (the row and its history stay)."""
    invitation = _open_invitation(invitation)
    invitation.expires_at = min(invitation.expires_at, timezone.now())
    invitation._history_user = user
    invitation.save(update_fields=["expires_at"])
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, username: str, password: str, first_name: str = "", last_name: str = ""):
    """Create the account and its membership. Raises MembershipError for a used, expired or unknown link."""
    invitation = Invitation.objects.select_for_update().filter(token=token).select_related("council").first()
    if invitation is None or not invitation.is_open_on(timezone.now()):
        raise MembershipError(
            "This invitation has been used or has expired: ask your council admin for a new one"
        )
    users = get_user_model()
    if users.objects.filter(username__iexact=username).exists():
        raise MembershipError(f"The username {username} is taken: choose another")
    account = users.objects.create_user(
        username=username,
        email=invitation.email,
        password=password,
        first_name=first_name,
        last_name=last_name,
    )
    membership = Membership(user=account, council=invitation.council, role=invitation.role)
    membership._history_user = account
    membership.save()
    invitation.accepted_at, invitation.accepted_by = timezone.now(), account
    invitation._history_user = account
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    _link_leads_by_address(account=account, council=invitation.council)
    return account


def _link_leads_by_address(*, account: AbstractBaseUser, council: Council) -> None:
    """The council's lead records with the new member's address and no sign-in become theirs, so their
    return and My milestones work at once (recorded as the member's own change)."""
    if not account.email:
        return
    for lead in LeadOfficer.objects.select_for_update().filter(
        council=council, user__isnull=True, email__iexact=account.email
    ):
        lead.user = account
        lead._history_user = account
        lead.save(update_fields=["user"])


@transaction.atomic
def member_remove(*, membership: Membership, user: AbstractBaseUser) -> None:
    """Take someone out of a council (their account stays; their past changes keep their name)."""
    membership = Membership.objects.select_for_update().select_related("council").get(pk=membership.pk)
    if membership.role == Role.COUNCIL_ADMIN:
        admins = Membership.objects.select_for_update().filter(
            council=membership.council, role=Role.COUNCIL_ADMIN
        )
        if admins.count() <= 1:
            raise MembershipError(
                f"{membership.council.name} needs at least one council admin: add another first"
            )
    membership._history_user = user
    membership.delete()
    _unlink_from_leads(account=membership.user, council=membership.council, user=user)


def _unlink_from_leads(*, account: AbstractBaseUser, council: Council, user: AbstractBaseUser) -> None:
    """Someone who left a council gets none of its email: their sign-in comes off its lead records (the
    records and their milestones stay, for someone else to take on), and so does their own address."""
    if Membership.objects.filter(user=account, council=council).exists():
        return  # still a member in another role
    for lead in LeadOfficer.objects.select_for_update().filter(council=council, user=account):
        lead.user = None
        if account.email and lead.email.casefold() == account.email.casefold():
            lead.email = ""
        lead._history_user = user
        lead.save(update_fields=["user", "email"])


# --- a person's own choices ---------------------------------------------------------------------------


def preferences_for(user: AbstractBaseUser) -> UserPreferences:
    """The user's preferences row (the defaults until they choose; not saved until they do)."""
    try:
        return user.preferences
    except UserPreferences.DoesNotExist:
        return UserPreferences(user=user)


@transaction.atomic
def preferences_update(*, user: AbstractBaseUser, receives_reminders: bool) -> UserPreferences:
    preferences, _ = UserPreferences.objects.select_for_update().get_or_create(user=user)
    preferences.receives_reminders = receives_reminders
    preferences._history_user = user
    preferences.save()
    return preferences


@transaction.atomic
def calendar_token_reset(*, user: AbstractBaseUser) -> UserPreferences:
    """A new secret for the user's calendar feed: the old address stops working at once."""
    preferences, _ = UserPreferences.objects.select_for_update().get_or_create(user=user)
    preferences.calendar_token = secrets.token_urlsafe(32)
    preferences._history_user = user
    preferences.save()
    return preferences
