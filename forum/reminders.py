"""What a lead's reminder says, and the email it becomes (plain text and HTML). Sending and recording the
email are services (workstreams.services.reminders_send, chaser_send); this module only composes."""

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from core.durations import long_date
from forum.models import ForumMeeting, ReminderKind
from forum.returns import Cycle, is_updated_since, lead_address
from recovery.models import LeadOfficer
from workstreams.models import Milestone


@dataclass(frozen=True)
class Digest:
    lead: LeadOfficer
    meeting: ForumMeeting
    cycle: Cycle
    overdue: list[Milestone]
    due_before_meeting: list[Milestone]
    not_updated: list[Milestone]
    return_url: str
    preferences_url: str

    @property
    def milestones(self) -> int:
        return len({m.pk for m in self.overdue + self.due_before_meeting + self.not_updated})

    @property
    def address(self) -> str:
        return lead_address(self.lead)

    @property
    def has_sign_in(self) -> bool:
        return self.lead.user_id is not None

    def subject(self, kind: str) -> str:
        when = long_date(self.meeting.updates_due)
        forum = long_date(self.meeting.meets_on)
        if kind == ReminderKind.CHASER:
            return f"Please update your milestones by {when} (Schools Forum {forum})"
        return f"Update your milestones by {when} for Schools Forum on {forum}"


def absolute(base_url: str, path: str) -> str:
    return base_url.rstrip("/") + path


def digest_for(
    *, lead: LeadOfficer, milestones: list[Milestone], meeting: ForumMeeting, cycle: Cycle, base_url: str
) -> Digest:
    """The lead's open milestones that need them before `meeting`: overdue, due before it, or not updated
    since the last Forum (a milestone appears once, in the first of those that fits)."""
    overdue, due, stale = [], [], []
    for m in milestones:
        if m.is_overdue_on(cycle.today):
            overdue.append(m)
        elif m.forecast_due is not None and m.forecast_due <= meeting.meets_on:
            due.append(m)
        elif not is_updated_since(m, cycle):
            stale.append(m)
    slug = meeting.council.slug
    return Digest(
        lead=lead,
        meeting=meeting,
        cycle=cycle,
        overdue=overdue,
        due_before_meeting=due,
        not_updated=stale,
        return_url=absolute(base_url, reverse("update_return", args=[slug, lead.pk])),
        preferences_url=absolute(base_url, reverse("account")),
    )


def digest_email(digest: Digest, *, kind: str, sender_name: str = "") -> EmailMultiAlternatives:
    context = {
        "digest": digest,
        "kind": kind,
        "sender_name": sender_name,
        "council": digest.meeting.council,
        "is_chaser": kind == ReminderKind.CHASER,
    }
    message = EmailMultiAlternatives(
        subject=digest.subject(kind),
        body=render_to_string("forum/email/reminder.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[digest.address],
    )
    message.attach_alternative(render_to_string("forum/email/reminder.html", context), "text/html")
    return message
