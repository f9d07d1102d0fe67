"""Sending reminders and chasers to leads before a Schools Forum, each recorded."""

import smtplib
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.services import preferences_for
from core.errors import Refused
from forum.models import ForumMeeting, Reminder, ReminderKind
from forum.reminders import digest_email, digest_for
from forum.returns import cycle_for, milestones_for_return, return_statuses
from recovery.models import LeadOfficer, RecoveryPlan
from recovery.selectors import plan_for_council

# --- Reminders --------------------------------------------------------------------------------------------


@dataclass
class SendResult:
    sent: int = 0
    already_claimed: int = 0
    failed: list[str] = field(default_factory=list)


def _wants_reminders(lead: LeadOfficer) -> bool:
    if lead.user_id is None:
        return bool(lead.email)
    return preferences_for(lead.user).receives_reminders


def meetings_needing_reminders(*, today: date) -> list[ForumMeeting]:
    """Meetings whose updates fall due within their council's reminder notice, counting from today."""
    soon = ForumMeeting.objects.filter(updates_due__gte=today, updates_due__lte=today + timedelta(days=60))
    return [
        m
        for m in soon.select_related("council").order_by("updates_due", "pk")
        if m.updates_due - timedelta(days=m.council.reminder_days) <= today
    ]


def reminders_send(*, today: date, base_url: str) -> SendResult:
    """Send each lead one digest per upcoming meeting, at most once whatever runs this, and how often.

    For each meeting in its reminder window: each lead with an address, who has not opted out, and whose
    open milestones need something before the meeting. The digest row is claimed (its unique constraint)
    in a transaction of its own before the email goes; a claim that fails means another run has it. If
    sending fails, the claim is released so the next run tries again.
    """

    result = SendResult()
    for meeting in meetings_needing_reminders(today=today):
        plan = plan_for_council(council=meeting.council)
        if plan is None:
            continue
        cycle = cycle_for(council=meeting.council, today=today)
        # Every lead with open milestones, each with theirs, in one read (as the return status page).
        for status in return_statuses(plan=plan, cycle=cycle):
            lead = status.lead
            if not _wants_reminders(lead):
                continue
            digest = digest_for(
                lead=lead,
                milestones=status.milestones,
                meeting=meeting,
                cycle=cycle,
                base_url=base_url,
            )
            if not digest.milestones or not digest.address:
                continue
            try:
                with transaction.atomic():
                    claim = Reminder.objects.create(
                        lead=lead,
                        meeting=meeting,
                        kind=ReminderKind.DIGEST,
                        sent_to=digest.address,
                        milestones=digest.milestones,
                    )
            except IntegrityError:
                result.already_claimed += 1
                continue
            try:
                digest_email(digest, kind=ReminderKind.DIGEST).send()
            except Exception as error:  # noqa: BLE001 - any failure to send: release the claim, go on
                claim.delete()
                result.failed.append(f"{lead.name} <{digest.address}>: {error}")
                continue
            Reminder.objects.filter(pk=claim.pk).update(sent_at=timezone.now())
            result.sent += 1
    return result


@transaction.atomic
def chaser_send(
    *, lead: LeadOfficer, meeting: ForumMeeting, plan: RecoveryPlan, user: AbstractBaseUser, base_url: str
) -> Reminder:
    """A council admin's chaser to one lead for the next meeting, recorded (who sent it, when, to whom)."""

    cycle = cycle_for(council=meeting.council, today=timezone.localdate())
    digest = digest_for(
        lead=lead,
        milestones=milestones_for_return(plan=plan, lead=lead),
        meeting=meeting,
        cycle=cycle,
        base_url=base_url,
    )
    if not digest.address:
        raise ValidationError(f"{lead.name} has no email address: add one to the lead, or link their sign-in")
    sender = user.get_full_name() or user.get_username()
    chaser = Reminder.objects.create(
        lead=lead,
        meeting=meeting,
        kind=ReminderKind.CHASER,
        sent_to=digest.address,
        sent_by=user,
        milestones=digest.milestones,
    )
    email = digest_email(digest, kind=ReminderKind.CHASER, sender_name=sender)

    def send() -> None:
        # After the record is saved for good. With the mail server down nothing stays recorded and the
        # admin is told (raised after the commit, so the caller still hears of it).
        try:
            email.send()
        except (OSError, smtplib.SMTPException) as error:
            Reminder.objects.filter(pk=chaser.pk).delete()
            raise Refused(
                f"The chaser to {lead.name} could not be sent: the mail server did not answer ({error}). "
                "Nothing was recorded; try again later."
            ) from None
        Reminder.objects.filter(pk=chaser.pk).update(sent_at=timezone.now())

    transaction.on_commit(send)
    return chaser
