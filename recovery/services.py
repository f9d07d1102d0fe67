"""Writes to councils' plans: keyword-only, atomic, recorded by simple-history with who did it."""

import secrets
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.durations import long_date
from recovery.forum_calendar import deadlines_following, proposed_deadlines
from recovery.models import (
    Council,
    ForumMeeting,
    Invitation,
    LeadOfficer,
    Membership,
    PlanStatus,
    RecoveryPlan,
    Role,
    UserPreferences,
)


@transaction.atomic
def plan_create(
    *, council: Council, user: AbstractBaseUser | None, title: str, first_year: int, last_year: int
) -> RecoveryPlan:
    """A new active plan for a council that has none (e.g. when its tracker is first imported)."""
    plan = RecoveryPlan(
        council=council,
        title=title.strip()[:200],
        status=PlanStatus.ACTIVE,
        first_year=first_year,
        last_year=max(first_year, last_year),
    )
    plan._history_user = user
    plan.save()
    return plan


# --- members and invitations ------------------------------------------------------------------------------

INVITATION_DAYS = 7


class MembershipError(Exception):
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
    council = invitation.council
    inviter = user.get_full_name() or user.get_username()
    send_mail(
        subject=f"You are invited to {council.name}'s DSG recovery plan",
        message=(
            f"{inviter} has invited you to the DSG Recovery Tracker as {Role(invitation.role).label} "
            f"for {council.name}.\n\n"
            f"Choose a username and password here (the link works once, until "
            f"{timezone.localtime(invitation.expires_at):%-d %B %Y}):\n\n{accept_url(invitation.token)}\n"
        ),
        from_email=None,
        recipient_list=[invitation.email],
    )


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


# --- the Schools Forum calendar -----------------------------------------------------------------------


def _check_meeting(
    *, council: Council, meets_on: date, papers_due: date, updates_due: date, exclude_pk: int | None = None
) -> None:
    problems = {}
    if not date(2000, 1, 1) <= meets_on <= date(2100, 12, 31):
        problems["meets_on"] = "Enter a meeting date between 2000 and 2100"
    elif ForumMeeting.objects.filter(council=council, meets_on=meets_on).exclude(pk=exclude_pk).exists():
        problems["meets_on"] = f"{council.name} already has a Schools Forum meeting on {long_date(meets_on)}"
    if papers_due >= meets_on:
        problems["papers_due"] = "The paper deadline must be before the meeting"
    if updates_due > papers_due:
        problems["updates_due"] = "Updates must be due on or before the paper deadline"
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def meeting_create(
    *,
    council: Council,
    user: AbstractBaseUser,
    meets_on: date,
    papers_due: date | None = None,
    updates_due: date | None = None,
    location: str = "",
) -> ForumMeeting:
    """Add a Schools Forum meeting; deadlines not given are proposed from the council's settings."""
    proposed = proposed_deadlines(
        meets_on=meets_on,
        paper_clear_days=council.paper_clear_days,
        update_days_before_papers=council.update_days_before_papers,
    )
    papers_due = papers_due or proposed.papers_due
    updates_due = updates_due or min(proposed.updates_due, papers_due)
    _check_meeting(council=council, meets_on=meets_on, papers_due=papers_due, updates_due=updates_due)
    meeting = ForumMeeting(
        council=council,
        meets_on=meets_on,
        papers_due=papers_due,
        updates_due=updates_due,
        location=location.strip(),
    )
    meeting._history_user = user
    try:
        with transaction.atomic():
            meeting.save()
    except IntegrityError as exc:  # the same meeting added by two people at once
        raise ValidationError({"meets_on": "That meeting has just been added by someone else"}) from exc
    return meeting


@transaction.atomic
def meeting_edit(
    *,
    meeting: ForumMeeting,
    user: AbstractBaseUser,
    meets_on: date,
    papers_due: date,
    updates_due: date,
    location: str = "",
) -> ForumMeeting:
    """Change a meeting. A deadline still as proposed for the old date follows the meeting to its new date
    unless the admin changed it in the same edit; one set by hand stays where it is."""
    meeting = ForumMeeting.objects.select_for_update().select_related("council").get(pk=meeting.pk)
    council = meeting.council
    if meets_on != meeting.meets_on:
        settings = {
            "paper_clear_days": council.paper_clear_days,
            "update_days_before_papers": council.update_days_before_papers,
        }
        following = deadlines_following(
            meets_on=meeting.meets_on,
            papers_due=meeting.papers_due,
            updates_due=meeting.updates_due,
            **settings,
        )
        proposed = proposed_deadlines(meets_on=meets_on, **settings)
        if following.papers_due and papers_due == meeting.papers_due:
            papers_due = proposed.papers_due
        if following.updates_due and updates_due == meeting.updates_due:
            updates_due = min(proposed.updates_due, papers_due)
    _check_meeting(
        council=meeting.council,
        meets_on=meets_on,
        papers_due=papers_due,
        updates_due=updates_due,
        exclude_pk=meeting.pk,
    )
    meeting.meets_on, meeting.papers_due, meeting.updates_due = meets_on, papers_due, updates_due
    meeting.location = location.strip()
    meeting._history_user = user
    meeting.save()
    return meeting


@transaction.atomic
def meeting_delete(*, meeting: ForumMeeting, user: AbstractBaseUser) -> None:
    """Take a cancelled meeting off the calendar (its reminders go with it; the history keeps the row)."""
    meeting._history_user = user
    meeting.delete()


@transaction.atomic
def forum_cycle_update(
    *,
    council: Council,
    user: AbstractBaseUser,
    paper_clear_days: int,
    update_days_before_papers: int,
    reminder_days: int,
    update_due_days: int,
) -> Council:
    """The council's termly-cycle settings. Meetings already on the calendar keep their deadlines."""
    council = Council.objects.select_for_update().get(pk=council.pk)
    council.paper_clear_days = paper_clear_days
    council.update_days_before_papers = update_days_before_papers
    council.reminder_days = reminder_days
    council.update_due_days = update_due_days
    council.full_clean(exclude=["name", "slug", "la_code", "gss_code", "region", "programme"])
    council._history_user = user
    council.save()
    return council


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
