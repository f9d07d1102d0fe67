"""Writes to councils' plans: keyword-only, atomic, recorded by simple-history with who did it."""

import secrets
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from recovery.models import Council, Invitation, Membership, PlanStatus, RecoveryPlan, Role


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
    inviter = user.get_full_name() or user.get_username()
    send_mail(
        subject=f"You are invited to {council.name}'s DSG recovery plan",
        message=(
            f"{inviter} has invited you to the DSG Recovery Tracker as {Role(role).label} "
            f"for {council.name}.\n\n"
            f"Choose a username and password here (the link works once, until "
            f"{timezone.localtime(invitation.expires_at):%-d %B %Y}):\n\n{accept_url(invitation.token)}\n"
        ),
        from_email=None,
        recipient_list=[email],
    )
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
    return account


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
