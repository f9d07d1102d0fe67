"""Reads about councils and plans, shaped for pages."""

from datetime import date

from django.db.models import OuterRef, Subquery

from recovery.models import Council, ForumMeeting, PlanStatus, RecoveryPlan


def plan_for_council(*, council: Council) -> RecoveryPlan | None:
    """The council's active plan, else its most recent one (None if it has none yet)."""
    plans = RecoveryPlan.objects.filter(council=council).select_related("council")
    return plans.filter(status=PlanStatus.ACTIVE).first() or plans.order_by("-first_year", "-pk").first()


def forum_meetings(*, council: Council):
    return ForumMeeting.objects.filter(council=council).order_by("meets_on")


def next_meeting(*, council: Council, today: date) -> ForumMeeting | None:
    """The next Schools Forum meeting, today's included (a meeting today has not happened yet)."""
    return forum_meetings(council=council).filter(meets_on__gte=today).first()


def last_meeting(*, council: Council, today: date) -> ForumMeeting | None:
    return forum_meetings(council=council).filter(meets_on__lt=today).order_by("-meets_on").first()


def next_meetings(*, councils, today: date) -> dict[int, ForumMeeting]:
    """Each council's next Schools Forum meeting, by council id: 1 query for any number of councils."""
    found: dict[int, ForumMeeting] = {}
    for meeting in ForumMeeting.objects.filter(council__in=councils, meets_on__gte=today).order_by(
        "meets_on"
    ):
        found.setdefault(meeting.council_id, meeting)
    return found


_NEXT_MEETING_FIELDS = ("pk", "meets_on", "papers_due", "updates_due", "location")


def plan_with_next_meeting(
    *, council: Council, today: date
) -> tuple[RecoveryPlan | None, ForumMeeting | None]:
    """The council's plan (as plan_for_council) and its next Schools Forum meeting, in one query: the
    meeting's fields ride on the plan row as subqueries, so the dashboard pays nothing extra for its banner.
    A council without a plan costs the separate meeting query instead."""
    upcoming = ForumMeeting.objects.filter(council=OuterRef("council"), meets_on__gte=today).order_by(
        "meets_on"
    )
    plans = (
        RecoveryPlan.objects.filter(council=council)
        .select_related("council")
        .annotate(**{f"next_{name}": Subquery(upcoming.values(name)[:1]) for name in _NEXT_MEETING_FIELDS})
    )
    plan = plans.filter(status=PlanStatus.ACTIVE).first() or plans.order_by("-first_year", "-pk").first()
    if plan is None:
        return None, next_meeting(council=council, today=today)
    if plan.next_pk is None:
        return plan, None
    meeting = ForumMeeting(
        council=council, **{name: getattr(plan, f"next_{name}") for name in _NEXT_MEETING_FIELDS}
    )
    return plan, meeting
