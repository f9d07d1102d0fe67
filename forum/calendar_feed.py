"""A person's calendar feed (iCalendar): the due dates of the milestones they lead, and the Schools Forum
meetings, paper deadlines and update deadlines of every council they belong to.

All-day events with stable UIDs, so a calendar that re-reads the feed moves an event rather than adding
another. Outlook and Google Calendar subscribe to the feed's secret URL; resetting it stops the old one.
"""

from datetime import date, datetime, timedelta

from django.db.models import Q
from django.utils import timezone
from icalendar import Calendar, Event

from forum.models import ForumMeeting
from recovery.models import Council
from workstreams.models import Milestone
from workstreams.rag import Rag

PRODID = "-//DSG Recovery Tracker//Milestones and Schools Forum//EN"
UID_DOMAIN = "dsg-recovery-tracker"
# Past events older than this drop out: a feed of every date since 2020 slows calendars for nothing.
HISTORY_DAYS = 366


def _all_day(*, uid: str, day: date, summary: str, description: str, url: str, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", f"{uid}@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("summary", summary)
    event.add("description", description)
    event.add("url", url)
    event.add("transp", "TRANSPARENT")  # a deadline does not make anyone busy
    return event


def calendar_for(*, user, base_url: str, today: date | None = None) -> bytes:
    """The user's feed as .ics bytes: 2 queries."""
    today = today or timezone.localdate()
    since = today - timedelta(days=HISTORY_DAYS)
    stamp = timezone.now()
    base = base_url.rstrip("/")
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")  # a published feed to subscribe to (Outlook expects it)
    calendar.add("x-published-ttl", "PT6H")  # how often subscribers re-read it
    calendar.add("x-wr-calname", "DSG recovery plan: my milestones and Schools Forum")

    councils = Council.objects.filter(memberships__user=user)
    milestones = (
        Milestone.objects.active()
        .filter(Q(lead__user=user) | Q(other_leads__user=user))
        # Every open milestone, however long overdue: an old due date still needs doing (only past meetings
        # and deadlines drop out).
        .filter(workstream__plan__council__in=councils, completed_on__isnull=True, forecast_due__isnull=False)
        .select_related("workstream__plan__council")
        .distinct()
        .order_by("forecast_due", "pk")
    )
    for m in milestones:
        council = m.workstream.plan.council
        # The RAG that counts (Red once overdue, unless held with a reason), as every page shows it.
        rag = m.effective_rag_on(today)
        overdue = f" (overdue {m.overdue_for_on(today)})" if m.is_overdue_on(today) else ""
        calendar.add_component(
            _all_day(
                uid=f"milestone-{m.pk}",
                day=m.forecast_due,
                summary=f"Due: {m.title}",
                description=f"{council.name}, workstream {m.workstream.code}. {m.workstream.title}. "
                f"RAG: {Rag(rag).label if rag else 'not rated'}{overdue}.",
                url=f"{base}/councils/{council.slug}/milestones/{m.pk}/",
                stamp=stamp,
            )
        )
    meetings = (
        ForumMeeting.objects.filter(council__in=councils, meets_on__gte=since)
        .select_related("council")
        .order_by("meets_on", "pk")
    )
    for meeting in meetings:
        council, where = meeting.council, f" ({meeting.location})" if meeting.location else ""
        forum = f"{council.name} Schools Forum"
        for kind, day, summary, path in [
            ("forum", meeting.meets_on, f"{forum}{where}", "forum/"),
            ("papers", meeting.papers_due, f"{forum}: paper deadline", "forum/"),
            ("updates", meeting.updates_due, f"{forum}: milestone updates due", "returns/mine/"),
        ]:
            calendar.add_component(
                _all_day(
                    uid=f"{kind}-{meeting.pk}",
                    day=day,
                    summary=summary,
                    description=f"Schools Forum meets on {meeting.meets_on.day} {meeting.meets_on:%B %Y}.",
                    url=f"{base}/councils/{council.slug}/{path}",
                    stamp=stamp,
                )
            )
    return calendar.to_ical()
