"""Reads for the dashboard, the Forum report and the national overview: a fixed number of queries each.

Everything here returns plain data (dataclasses, dicts, Decimals) so charts, templates and the frozen report
snapshot all take the same figures.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Prefetch, Q

from core.financial_years import fy_label, fy_of
from projections.figures import HEADLINE_BOUND_ORDER, ForecastFigures
from projections.models import Actual, Bound, Forecast, ForecastStatus, ForecastYear, Scenario
from projections.selectors import actuals_for_plan, forecast_figures_for_plan
from recovery.models import Council, ForumMeeting, RecoveryPlan
from recovery.selectors import forum_meetings, plan_for_council
from reports.models import ForumReport, ReportStatus
from workstreams.models import Milestone, MilestoneUpdate, Workstream, effective_rag_q
from workstreams.rag import Rag, effective_rag


@dataclass
class Headline:
    this_year: int
    last_year: int | None
    unmitigated_now: Decimal | None
    mitigated_now: Decimal | None
    unmitigated_end: Decimal | None
    mitigated_end: Decimal | None
    actual: Actual | None
    bound: str
    workstreams: int
    rag_counts: dict[str, int]
    overdue: int
    slipped: int

    @property
    def not_rated(self) -> int:
        return self.rag_counts[""]

    @property
    def this_year_label(self) -> str:
        return fy_label(self.this_year)

    @property
    def last_year_label(self) -> str:
        return fy_label(self.last_year) if self.last_year else ""


@dataclass
class PlanPicture:
    """Everything the dashboard and the Forum report show about one plan, as of `today`."""

    plan: RecoveryPlan | None
    today: date
    workstreams: list[Workstream] = field(default_factory=list)
    current: ForecastFigures | None = None  # projections.figures: the one reader's result
    earlier: list[ForecastFigures] = field(default_factory=list)
    actuals: list[Actual] = field(default_factory=list)
    updates: list[MilestoneUpdate] = field(default_factory=list)

    @property
    def milestones(self) -> list[Milestone]:
        return [m for ws in self.workstreams for m in ws.milestones.all()]


def plan_picture(*, council: Council, today: date) -> PlanPicture:
    """The council's plan with workstreams, milestones, savings, forecasts (through the one forecast
    reader, projections.selectors.forecast_figures_for_plan), actuals and updates: 9 queries."""
    plan = plan_for_council(council=council)
    if plan is None:
        return PlanPicture(plan=None, today=today)
    workstreams = list(
        Workstream.objects.active()
        .filter(plan=plan)
        .select_related("lead", "category")
        .prefetch_related(
            Prefetch(
                "milestones",
                queryset=Milestone.objects.filter(archived_on__isnull=True)
                .select_related("lead")
                .prefetch_related("other_leads"),
            ),
        )
        .order_by("position", "code")
    )
    figures = forecast_figures_for_plan(plan=plan)  # current first
    current = figures[0] if figures and figures[0].forecast.is_current else None
    earlier = [
        f
        for f in figures
        if f is not current
        and f.forecast.status == ForecastStatus.PUBLISHED
        and (current is None or f.forecast.as_at <= current.forecast.as_at)
    ]
    updates = list(
        MilestoneUpdate.objects.filter(milestone__workstream__plan=plan)
        .select_related("author", "milestone__workstream")
        .order_by("created_at", "pk")
    )
    return PlanPicture(
        plan=plan,
        today=today,
        workstreams=workstreams,
        current=current,
        earlier=earlier,
        actuals=figures[0].actuals if figures else actuals_for_plan(plan=plan),
        updates=updates,
    )


def headline(picture: PlanPicture) -> Headline:
    milestones = picture.milestones
    rag_counts = Counter(m.status_key_on(picture.today) for m in milestones)
    current = picture.current
    this_year = fy_of(picture.today)
    last_year = current.last_figure_year if current else None
    bound = current.headline_bound if current else Bound.SINGLE

    def figure(scenario: str, year: int | None) -> Decimal | None:
        return current.value(scenario, year) if current and year is not None else None

    return Headline(
        this_year=this_year,
        last_year=last_year,
        unmitigated_now=figure(Scenario.UNMITIGATED, this_year),
        mitigated_now=figure(Scenario.TARGET, this_year),
        unmitigated_end=figure(Scenario.UNMITIGATED, last_year),
        mitigated_end=figure(Scenario.TARGET, last_year),
        actual=picture.actuals[-1] if picture.actuals else None,
        bound=bound,
        workstreams=len(picture.workstreams),
        rag_counts={key: rag_counts.get(key, 0) for key in ["red", "amber", "green", "", "complete"]},
        overdue=sum(m.is_overdue_on(picture.today) for m in milestones),
        slipped=sum(m.is_slipped for m in milestones),
    )


def rag_counts_by_workstream(picture: PlanPicture) -> list[tuple[str, dict[str, int]]]:
    return [
        (f"{ws.code}. {ws.title}", dict(Counter(m.status_key_on(picture.today) for m in ws.milestones.all())))
        for ws in picture.workstreams
    ]


TREND_MIN_DAYS = 90


def rag_trend_points(picture: PlanPicture) -> list[tuple[date, dict[str, int]]]:
    """Open milestones by effective RAG after each day with updates, replayed from the history, ending
    today (a milestone counts as Red on a day it was past its forecast date then, unless held).

    A milestone's state before its first recorded update is that update's "old" values; milestones never
    updated keep their current state throughout. The first point is the state before the first update, on
    that day or TREND_MIN_DAYS ago if earlier, so even a plan without updates shows a line, not a dot.
    """
    first_update: dict[int, MilestoneUpdate] = {}
    for update in picture.updates:
        first_update.setdefault(update.milestone_id, update)
    # Per milestone: (RAG, forecast date, completed?, hold reason) as of the replay so far.
    state: dict[int, tuple[str, date | None, bool, str]] = {}
    for m in picture.milestones:
        first = first_update.get(m.pk)
        if first is None:
            state[m.pk] = (m.rag, m.forecast_due, m.completed_on is not None, m.rag_hold_reason)
        else:
            state[m.pk] = (first.old_rag, first.old_forecast_due, first.old_completed_on is not None, "")
    points: list[tuple[date, dict[str, int]]] = []

    def snapshot(day: date) -> None:
        counts = Counter(
            effective_rag(rag=rag, overdue=bool(due and due < day), hold_reason=reason)
            for rag, due, done, reason in state.values()
            if not done
        )
        entry = (day, {r.value: counts.get(r.value, 0) for r in Rag})
        if points and points[-1][0] == day:
            points[-1] = entry
        else:
            points.append(entry)

    visible = set(state)
    start = picture.today - timedelta(days=TREND_MIN_DAYS)
    if picture.updates:
        start = min(start, picture.updates[0].created_at.date())
    snapshot(start)
    for update in picture.updates:
        if update.milestone_id not in visible:
            continue  # archived milestones drop out of the picture altogether
        day = update.created_at.date()
        state[update.milestone_id] = (
            update.new_rag,
            update.new_forecast_due,
            update.new_completed_on is not None,
            update.rag_hold_reason,
        )
        snapshot(day)
    snapshot(picture.today)
    return points


@dataclass
class NationalRow:
    council: Council
    plan: RecoveryPlan | None
    rag_counts: dict[str, int]
    overdue: int
    now: Decimal | None
    end: Decimal | None
    end_year: int | None
    previous_end: Decimal | None

    @property
    def change(self) -> Decimal | None:
        if self.end is None or self.previous_end is None:
            return None
        return self.end - self.previous_end


def national_rows(*, today: date) -> list[NationalRow]:
    """One row per council (staff overview): 4 queries whatever the number of councils."""
    effective = {"today": today, "prefix": "workstreams__milestones__"}
    open_q = Q(
        workstreams__milestones__completed_on__isnull=True,
        workstreams__milestones__archived_on__isnull=True,
        workstreams__archived_on__isnull=True,
    )
    plans = {
        p.council_id: p
        for p in RecoveryPlan.objects.filter(status="active").annotate(
            # By the effective RAG (an overdue milestone is Red unless held with a reason).
            **{
                rag.value: Count("workstreams__milestones", filter=open_q & effective_rag_q(rag, **effective))
                for rag in Rag
            },
            overdue=Count(
                "workstreams__milestones", filter=open_q & Q(workstreams__milestones__forecast_due__lt=today)
            ),
        )
    }
    # The current forecast and the latest published one before it, per plan, with their unmitigated rows.
    forecasts = list(
        Forecast.objects.filter(plan__in=list(plans.values()))
        .filter(Q(is_current=True) | Q(status=ForecastStatus.PUBLISHED))
        .order_by("plan_id", "-as_at", "-pk")
    )
    rows = ForecastYear.objects.filter(forecast__in=forecasts, scenario=Scenario.UNMITIGATED).values_list(
        "forecast_id", "bound", "financial_year", "cumulative_deficit"
    )
    cells: dict[int, dict] = defaultdict(lambda: defaultdict(dict))
    for forecast_id, bound, year, value in rows:
        cells[forecast_id][bound][year] = value
    by_plan: dict[int, list[Forecast]] = defaultdict(list)
    for f in forecasts:
        by_plan[f.plan_id].append(f)

    def headline_series(forecast: Forecast) -> dict[int, Decimal]:
        bounds = cells.get(forecast.pk, {})
        bound = next((b for b in HEADLINE_BOUND_ORDER if b in bounds), None)
        return bounds.get(bound, {}) if bound else {}

    this_year = fy_of(today)
    result = []
    for council in Council.objects.order_by("name"):
        plan = plans.get(council.pk)
        now = end = end_year = previous_end = None
        if plan is not None:
            plan_forecasts = by_plan.get(plan.pk, [])
            current = next((f for f in plan_forecasts if f.is_current), None)
            if current is not None:
                series = headline_series(current)
                if series:
                    end_year = max(series)
                    end, now = series[end_year], series.get(this_year)
                previous = next(
                    (
                        f
                        for f in plan_forecasts
                        if f is not current
                        and f.status == ForecastStatus.PUBLISHED
                        and f.as_at <= current.as_at
                    ),
                    None,
                )
                if previous is not None and end_year is not None:
                    previous_end = headline_series(previous).get(end_year)
        result.append(
            NationalRow(
                council=council,
                plan=plan,
                rag_counts={
                    "red": getattr(plan, "red", 0),
                    "amber": getattr(plan, "amber", 0),
                    "green": getattr(plan, "green", 0),
                },
                overdue=getattr(plan, "overdue", 0),
                now=now,
                end=end,
                end_year=end_year,
                previous_end=previous_end,
            )
        )
    return result


@dataclass(frozen=True)
class CalendarRow:
    meeting: ForumMeeting
    report: ForumReport | None  # the report for the meeting's date, if the reader may see it


def calendar_rows(*, council: Council, sees_drafts: bool) -> list[CalendarRow]:
    """The council's Forum meetings in date order, each with its report: 2 queries."""
    reports = ForumReport.objects.filter(plan__council=council)
    if not sees_drafts:
        reports = reports.filter(status=ReportStatus.PUBLISHED)
    by_date = {r.meeting_date: r for r in reports.order_by("meeting_date", "pk")}
    return [CalendarRow(m, by_date.get(m.meets_on)) for m in forum_meetings(council=council)]
