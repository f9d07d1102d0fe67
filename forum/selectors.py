"""Reads about the Schools Forum calendar, shaped for pages."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Case, F, FilteredRelation, Prefetch, Q, QuerySet, Value, When

from core.prepared import Prepared
from forum.models import ForumMeeting
from recovery.models import Council, PlanStatus, RecoveryPlan


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


def _plans_with_next_meeting(*, council_id: int, today: date, annotations: dict | None = None) -> QuerySet:
    """The council's plans, the active one first (else the latest by first year), each joined to the
    council's meetings from today on, the soonest first."""
    active_first = Case(When(status=PlanStatus.ACTIVE, then=Value(0)), default=Value(1))
    return (
        RecoveryPlan.objects.filter(council_id=council_id)
        .annotate(
            upcoming=FilteredRelation(
                "council__forum_meetings", condition=Q(council__forum_meetings__meets_on__gte=today)
            ),
            **{f"next_{name}": F(f"upcoming__{name}") for name in _NEXT_MEETING_FIELDS},
            **(annotations or {}),
        )
        # One active plan per council at most (a constraint), so this is the active plan if there is one.
        .order_by(active_first, "-first_year", "-pk", "upcoming__meets_on")
    )


def plan_with_next_meeting(
    *, council: Council, today: date, annotations: dict | None = None
) -> tuple[RecoveryPlan | None, ForumMeeting | None]:
    """The council's plan (as plan_for_council: the active one, else the latest by first year) and its next
    Schools Forum meeting, in one query: the plan joined to the council's meetings from today on, the first
    row. The meeting's fields ride on the plan row, so the dashboard pays nothing extra for its banner. (Five
    subqueries, one per field, did the same at nearly twice the CPU, most of it compiling them: issue 22.)
    A council without a plan costs the separate meeting query instead. `annotations` ride on the plan row
    too. (The dashboard reads the same row through `PlanWithNextMeeting`, compiled once.)"""
    plan = (
        _plans_with_next_meeting(council_id=council.pk, today=today, annotations=annotations)
        .select_related("council")
        .first()
    )
    if plan is None:
        return None, next_meeting(council=council, today=today)
    if plan.next_pk is None:
        return plan, None
    meeting = ForumMeeting(
        council=council, **{name: getattr(plan, f"next_{name}") for name in _NEXT_MEETING_FIELDS}
    )
    return plan, meeting


class PlanWithNextMeeting:
    """`plan_with_next_meeting` for a hot page: the same row (the plan, its council, its next meeting and the
    values of `annotations`, a dict of expressions fixed for the process), its SQL compiled once per
    connection (core.prepared: the ORM's building and compiling of it cost 35 times its running). `read`
    returns the plan (its council read with it, as select_related does), the meeting and the annotations'
    values by name (not kept on the plan, which the caller may store)."""

    _PLAN = [f.attname for f in RecoveryPlan._meta.concrete_fields]
    _COUNCIL = [f.attname for f in Council._meta.concrete_fields]

    def __init__(self, annotations: dict):
        self.names = list(annotations)
        self.prepared = Prepared(
            lambda council_id, today: _plans_with_next_meeting(
                council_id=council_id, today=today, annotations=annotations
            ).values_list(
                *self._PLAN,
                *(f"council__{name}" for name in self._COUNCIL),
                *(f"next_{name}" for name in _NEXT_MEETING_FIELDS),
                *self.names,
            )[:1],
            council_id=int,
            today=date,
        )

    def read(
        self, *, council: Council, today: date
    ) -> tuple[RecoveryPlan | None, ForumMeeting | None, dict[str, object]]:
        rows = self.prepared.rows(council_id=council.pk, today=today)
        if not rows:
            return None, next_meeting(council=council, today=today), {}
        row = rows[0]
        plan = RecoveryPlan.from_db("default", self._PLAN, [row[name] for name in self._PLAN])
        plan.council = Council.from_db(
            "default", self._COUNCIL, [row[f"council__{n}"] for n in self._COUNCIL]
        )
        values = {name: row[name] for name in self.names}
        if row["next_pk"] is None:
            return plan, None, values
        meeting = ForumMeeting(
            council=council, **{name: row[f"next_{name}"] for name in _NEXT_MEETING_FIELDS}
        )
        return plan, meeting, values


@dataclass(frozen=True)
class CalendarRow:
    meeting: ForumMeeting
    report: object | None  # the meeting's report (reports.ForumReport), if the reader may see it


def calendar_rows(*, access) -> list[CalendarRow]:
    """The council's Forum meetings in date order, each with its report if the reader may see it: 2 queries.

    Reports live in the app above this one, so they are reached through the meeting's `reports` relation
    and filtered by their own `visible_to` (drafts for those who may see drafts), never imported here."""
    reports = ForumMeeting._meta.get_field("reports").related_model.objects.visible_to(access)
    meetings = forum_meetings(council=access.council).prefetch_related(
        Prefetch("reports", queryset=reports.order_by("pk"), to_attr="visible_reports")
    )
    return [CalendarRow(m, m.visible_reports[0] if m.visible_reports else None) for m in meetings]
