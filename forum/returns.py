"""The update return: before each Schools Forum, every lead updates all their open milestones on one page.

Reads only (the saving goes through services.return_save). "Since the last Forum" is the day of the last
meeting before today; a council without one counts its "update due" days back from today instead.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Exists, OuterRef
from django.utils import timezone

from accounts.models import Membership
from forum.models import ForumMeeting, Reminder, ReminderKind
from forum.selectors import last_meeting, next_meeting
from recovery.models import Council, LeadOfficer, RecoveryPlan
from workstreams.models import Milestone


@dataclass(frozen=True)
class Cycle:
    """Where the council is in its termly cycle on `today`."""

    today: date
    since: date  # updates on or after this day count as "since the last Forum"
    last: ForumMeeting | None
    next: ForumMeeting | None

    @property
    def since_label(self) -> str:
        return "since the last Forum" if self.last else f"since {self.since.day} {self.since:%B %Y}"

    @property
    def since_moment(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.since, time.min))


def cycle_for(*, council: Council, today: date) -> Cycle:
    last = last_meeting(council=council, today=today)
    since = last.meets_on if last else today - timedelta(days=council.update_due_days)
    return Cycle(today=today, since=since, last=last, next=next_meeting(council=council, today=today))


def _open_milestones(plan: RecoveryPlan):
    return (
        Milestone.objects.active()
        .filter(workstream__plan=plan, completed_on__isnull=True)
        .select_related("workstream", "lead", "updated_by")
        .in_due_order()
    )


def milestones_for_return(*, plan: RecoveryPlan, lead: LeadOfficer) -> list[Milestone]:
    """The lead's open milestones (Milestone.objects.of_leads), soonest due first, undated last: 1 query."""
    return list(_open_milestones(plan).of_leads([lead]))


def is_updated_since(milestone: Milestone, cycle: Cycle) -> bool:
    return milestone.updated_at >= cycle.since_moment


@dataclass
class ReturnStatus:
    lead: LeadOfficer
    milestones: list[Milestone] = field(default_factory=list)
    updated: int = 0
    overdue: int = 0
    last_chased: datetime | None = None
    last_reminded: datetime | None = None

    @property
    def to_update(self) -> int:
        return len(self.milestones) - self.updated

    @property
    def is_done(self) -> bool:
        return self.to_update == 0

    @property
    def address(self) -> str:
        return lead_address(self.lead)


def lead_address(lead: LeadOfficer) -> str:
    """Where a lead's emails go: their sign-in's address, else the one on the lead record; nowhere if the
    sign-in is no longer a member of the lead's council (mail with the council's milestones goes to current
    members only)."""
    if lead.user_id:
        member = getattr(lead, "user_is_member", None)  # annotated by return_statuses
        if member is None:
            member = Membership.objects.filter(user_id=lead.user_id, council_id=lead.council_id).exists()
        if not member:
            return ""
        if lead.user.email:
            return lead.user.email
    return lead.email


def return_statuses(*, plan: RecoveryPlan, cycle: Cycle) -> list[ReturnStatus]:
    """Each lead with open milestones: how many updated since the last Forum, how many overdue, when last
    reminded and chased for the next meeting. 4 queries whatever the number of leads and milestones."""
    milestones = list(_open_milestones(plan).prefetch_related("other_leads"))
    leads = {
        lead.pk: ReturnStatus(lead=lead)
        # The user's preferences too: send_reminders asks each lead whether they want email.
        for lead in LeadOfficer.objects.filter(council_id=plan.council_id)
        .select_related("user__preferences")
        .annotate(
            user_is_member=Exists(Membership.objects.filter(user=OuterRef("user"), council=plan.council_id))
        )
    }
    for m in milestones:
        for lead_id in {m.lead_id, *(lead.pk for lead in m.other_leads.all())} - {None}:
            status = leads[lead_id]
            status.milestones.append(m)
            status.updated += is_updated_since(m, cycle)
            status.overdue += m.is_overdue_on(cycle.today)
    if cycle.next is not None:
        sent = Reminder.objects.filter(meeting=cycle.next, sent_at__isnull=False).order_by("sent_at")
        for reminder in sent:
            status = leads.get(reminder.lead_id)
            if status is None:
                continue
            if reminder.kind == ReminderKind.CHASER:
                status.last_chased = reminder.sent_at
            else:
                status.last_reminded = reminder.sent_at
    return sorted(
        (s for s in leads.values() if s.milestones), key=lambda s: (s.is_done, -s.overdue, s.lead.name)
    )
