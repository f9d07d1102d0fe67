"""Reads about councils and plans, shaped for pages."""

from datetime import date

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
