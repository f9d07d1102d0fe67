"""Reads for the dashboard, the Forum report and the national overview: a fixed number of queries each.

Everything here returns plain data (dataclasses, dicts, Decimals) so charts, templates and the frozen report
snapshot all take the same figures.
"""

from collections import Counter
from dataclasses import dataclass, field, fields
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import lru_cache

from django.db import connection
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery

from agreements.selectors import councils_with_programme
from core.charts import Chart
from core.financial_years import fy_label, fy_of
from core.prepared import run_compiled
from dfe.models import Neighbour
from forum.models import ForumMeeting
from forum.selectors import next_meeting, plan_with_next_meeting
from indicators.summary import IndicatorSummary
from projections.figures import ForecastFigures
from projections.models import Actual, Bound, Scenario
from projections.stored_figures import PlanForecast, plan_forecast
from recovery.models import Council, PlanStatus, RecoveryPlan
from reports.models import ForumReport, PlanSummary
from reports.summaries import (
    SPARKLINE,
    cells_on,
    change_since,
    chart_on,
    figure_in,
    figures_for_plans,
    milestone_counts,
    with_sparkline,
)
from reports.summaries import (
    share_of_funding as funding_share,
)
from workstreams.models import Milestone, MilestoneUpdate, Workstream, effective_rag_q, overdue_q
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
    # With bounds: each deficit figure's (lower bound, upper bound), quoted beside the central case.
    ranges: dict[str, tuple[Decimal, Decimal]] = field(default_factory=dict)

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
    updates: list["PlanUpdate"] = field(default_factory=list)  # plan_updates: in time order
    next_meeting: ForumMeeting | None = None
    # projections.charts' deficit chart and mitigation waterfall of `current`, as stored with its figures
    forecast_charts: tuple[Chart | None, Chart | None] = (None, None)
    # The dashboard's (reports.stored_picture): the trend's replay and the indicators' summaries as stored
    # with the data version, read instead of `updates` (left empty) and the indicators' tables.
    trend: "TrendReplay | None" = None
    indicators: list[IndicatorSummary] | None = None

    @property
    def milestones(self) -> list[Milestone]:
        return [m for ws in self.workstreams for m in ws.milestones.all()]


@dataclass(frozen=True, slots=True)
class UpdateWorkstream:
    pk: int
    code: str
    title: str


@dataclass(frozen=True, slots=True)
class UpdateMilestone:
    pk: int
    title: str
    workstream: UpdateWorkstream

    @property
    def workstream_id(self) -> int:
        return self.workstream.pk


@dataclass(slots=True)
class PlanUpdate:
    """One milestone update as the dashboard's trend and the Forum report's changes read it (the fields of
    workstreams.models.MilestoneUpdate they use, with the same names), its milestone's title and its
    workstream's code and title. A plan's history grows with every save and is read whole on each uncached
    dashboard and report: as rows, not model instances (with 424 updates, 8.9 → 3.2 ms CPU; issue 22)."""

    pk: int
    milestone_id: int
    created_at: datetime
    old_rag: str
    new_rag: str
    old_forecast_due: date | None
    new_forecast_due: date | None
    old_percent_complete: int
    new_percent_complete: int
    old_completed_on: date | None
    new_completed_on: date | None
    commentary: str
    date_change_reason: str
    rag_hold_reason: str
    milestone: UpdateMilestone

    @property
    def completed_now(self) -> bool:
        return self.old_completed_on is None and self.new_completed_on is not None


_UPDATE_FIELDS = tuple(f.name for f in fields(PlanUpdate) if f.name not in ("pk", "milestone"))


def plan_updates(*, plan: RecoveryPlan) -> list[PlanUpdate]:
    """Every update of the plan's milestones in time order (1 query)."""
    rows = (
        MilestoneUpdate.objects.filter(milestone__workstream__plan=plan)
        .order_by("created_at", "pk")
        .values_list(
            "pk",
            *_UPDATE_FIELDS,
            "milestone__title",
            "milestone__workstream_id",
            "milestone__workstream__code",
            "milestone__workstream__title",
        )
    )
    milestones: dict[int, UpdateMilestone] = {}
    workstreams: dict[int, UpdateWorkstream] = {}
    updates = []
    for pk, *values, title, ws_id, ws_code, ws_title in rows:
        milestone_id = values[0]
        milestone = milestones.get(milestone_id)
        if milestone is None:
            workstream = workstreams.get(ws_id)
            if workstream is None:
                workstream = workstreams[ws_id] = UpdateWorkstream(ws_id, ws_code, ws_title)
            milestone = milestones[milestone_id] = UpdateMilestone(milestone_id, title, workstream)
        updates.append(PlanUpdate(pk, *values, milestone=milestone))
    return updates


def plan_workstreams(*, plan: RecoveryPlan, when_added: bool = False) -> list[Workstream]:
    """The plan's active workstreams in order, with their leads, categories and open milestones (2 queries).
    `when_added`: each with `added_at`, when it was added (its history's "+" row), for the report's "new
    workstreams" (the dashboard shows none: it spares itself this subquery over the history table)."""
    workstreams = Workstream.objects.active().filter(plan=plan).select_related("lead", "category")
    if when_added:
        added = Workstream.history.filter(id=OuterRef("pk"), history_type="+").order_by("history_date")
        workstreams = workstreams.annotate(added_at=Subquery(added.values("history_date")[:1]))
    return list(
        workstreams.prefetch_related(
            Prefetch(
                "milestones",
                queryset=Milestone.objects.filter(archived_on__isnull=True).select_related("lead"),
            ),
        ).order_by("position", "code")
    )


def plan_picture(*, council: Council, today: date, when_added: bool = True) -> PlanPicture:
    """The council's plan with workstreams, milestones, savings, forecasts (through the one forecast
    reader's figures, stored at write time: projections.stored_figures), actuals and updates: 5 queries, up
    to 10 when the stored figures are behind the council's data version (read live and stored again).
    (The dashboard reads reports.stored_picture.dashboard_picture: no updates, its parts as stored.)"""
    plan, meeting = plan_with_next_meeting(council=council, today=today)
    if plan is None:
        return PlanPicture(plan=None, today=today, next_meeting=meeting)
    workstreams = plan_workstreams(plan=plan, when_added=when_added)
    # Every update of the plan (the trend replays them all): each with only what the dashboard and the report
    # read of it, its milestone and workstream, as rows (a plan's history grows with every save; whole users,
    # milestones and workstreams per update were most of this picture's time, then the model instances).
    return picture_of(plan, today, meeting, workstreams=workstreams, updates=plan_updates(plan=plan))


def picture_of(
    plan: RecoveryPlan,
    today: date,
    meeting: ForumMeeting | None,
    forecast: PlanForecast | None = None,
    **parts,
) -> PlanPicture:
    """The plan's picture from its `parts` (workstreams, updates or trend, indicators) and its forecasts'
    figures and charts (`forecast`, or as stored at the council's data version: one row, or read live and
    stored if that row is behind it)."""
    if forecast is None:
        forecast = plan_forecast(plan=plan)
    return PlanPicture(
        plan=plan,
        today=today,
        current=forecast.current,
        earlier=forecast.earlier,
        actuals=forecast.actuals,
        forecast_charts=(forecast.deficit_chart, forecast.waterfall_chart),
        next_meeting=meeting,
        **parts,
    )


def headline(picture: PlanPicture) -> Headline:
    milestones = picture.milestones
    rag_counts = Counter(m.status_key_on(picture.today) for m in milestones)
    current = picture.current
    this_year = fy_of(picture.today)
    last_year = current.last_figure_year if current else None
    bound = current.headline_bound if current else Bound.SINGLE

    def figure(scenario: str, year: int | None, of: str | None = None) -> Decimal | None:
        return current.value(scenario, year, of) if current and year is not None else None

    ranges = {}
    if current is not None and current.has_bounds and bound == Bound.SINGLE:
        for name, scenario, year in (
            ("unmitigated_now", Scenario.UNMITIGATED, this_year),
            ("unmitigated_end", Scenario.UNMITIGATED, last_year),
            ("mitigated_end", Scenario.TARGET, last_year),
        ):
            low, high = figure(scenario, year, Bound.LOWER), figure(scenario, year, Bound.UPPER)
            if low is not None and high is not None:
                ranges[name] = (min(low, high), max(low, high))

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
        ranges=ranges,
    )


def rag_counts_by_workstream(picture: PlanPicture) -> list[tuple[str, dict[str, int]]]:
    return [
        (f"{ws.code}. {ws.title}", dict(Counter(m.status_key_on(picture.today) for m in ws.milestones.all())))
        for ws in picture.workstreams
    ]


TREND_MIN_DAYS = 90


# A milestone's state in the trend's replay: (RAG, forecast date, completed?, hold reason).
TrendState = tuple[str, date | None, bool, str]


@dataclass(frozen=True)
class TrendReplay:
    """The RAG trend's facts, replayed from a plan's update history: they depend on the data alone, so the
    dashboard stores them with the data version (reports.stored_picture) and reads no history. The first and
    last points depend on the day the trend is drawn, so they are counted then, from `initial` and `final`."""

    first_day: date | None  # the day of the plan's first update (None: no updates)
    initial: list[TrendState]  # each open milestone's state before its first update
    days: list[tuple[date, dict[str, int]]]  # the counts after each day with updates, in time order
    final: list[TrendState]  # each milestone's state now


def _trend_counts(states: list[TrendState], day: date) -> dict[str, int]:
    counts = Counter(
        effective_rag(rag=rag, overdue=bool(due and due < day), hold_reason=reason)
        for rag, due, done, reason in states
        if not done
    )
    return {r.value: counts.get(r.value, 0) for r in Rag}


def trend_replay(milestones: list[Milestone], updates: list["PlanUpdate"]) -> TrendReplay:
    """Replay the updates (in time order) over the milestones (see rag_trend_points)."""
    first_update: dict[int, PlanUpdate] = {}
    for update in updates:
        first_update.setdefault(update.milestone_id, update)
    state: dict[int, TrendState] = {}
    for m in milestones:
        first = first_update.get(m.pk)
        if first is None:
            state[m.pk] = (m.rag, m.forecast_due, m.completed_on is not None, m.rag_hold_reason)
        else:
            state[m.pk] = (first.old_rag, first.old_forecast_due, first.old_completed_on is not None, "")
    initial = list(state.values())
    days: list[tuple[date, dict[str, int]]] = []
    # A day's point is its state after its last update, so the counts are taken once a day is over (a day's
    # earlier snapshots were replaced by its last: with hundreds of updates, most of the trend's time).
    pending = None
    for update in updates:
        if update.milestone_id not in state:
            continue  # archived milestones drop out of the picture altogether
        day = update.created_at.date()
        if pending is not None and day != pending:
            days.append((pending, _trend_counts(list(state.values()), pending)))
        pending = day
        state[update.milestone_id] = (
            update.new_rag,
            update.new_forecast_due,
            update.new_completed_on is not None,
            update.rag_hold_reason,
        )
    if pending is not None:
        days.append((pending, _trend_counts(list(state.values()), pending)))
    first_day = updates[0].created_at.date() if updates else None
    return TrendReplay(first_day=first_day, initial=initial, days=days, final=list(state.values()))


def rag_trend_points(picture: PlanPicture) -> list[tuple[date, dict[str, int]]]:
    """Open milestones by effective RAG after each day with updates, replayed from the history, ending
    today (a milestone counts as Red on a day it was past its forecast date then, unless held).

    A milestone's state before its first recorded update is that update's "old" values; milestones never
    updated keep their current state throughout. The first point is the state before the first update, on
    that day or TREND_MIN_DAYS ago if earlier, so even a plan without updates shows a line, not a dot.
    The replay is the picture's stored one (the dashboard's) or worked out from its updates.
    """
    replay = picture.trend or trend_replay(picture.milestones, picture.updates)
    points: list[tuple[date, dict[str, int]]] = []

    def put(day: date, counts: dict[str, int]) -> None:
        if points and points[-1][0] == day:
            points[-1] = (day, counts)
        else:
            points.append((day, counts))

    start = picture.today - timedelta(days=TREND_MIN_DAYS)
    if replay.first_day is not None:
        start = min(start, replay.first_day)
    put(start, _trend_counts(replay.initial, start))
    for day, counts in replay.days:
        put(day, dict(counts))
    put(picture.today, _trend_counts(replay.final, picture.today))
    return points


@dataclass(frozen=True)
class NationalPlan:
    """A council's active plan as the overview and its workbook show it: read as values with its summary, not
    as model instances (the plans and their summaries as models were a sixth of the overview's time)."""

    pk: int
    title: str
    status: str

    @property
    def status_label(self) -> str:
        return PlanStatus(self.status).label


@dataclass(frozen=True)
class NationalCouncil:
    """A council as the overview and its workbook show it, read as values (306 Council instances with their
    programme were a twelfth of the overview's time)."""

    pk: int
    name: str
    slug: str
    la_code: str
    region: str  # a Region value
    programme: str  # a Programme value (agreements.selectors.programme_expression)
    data_version: int


@dataclass
class NationalRow:
    council: NationalCouncil
    plan: NationalPlan | None
    rag_counts: dict[str, int]
    overdue: int
    now: Decimal | None
    end: Decimal | None
    end_year: int | None
    previous_end: Decimal | None  # the previous published forecast's figure for `change_year`
    change_year: int | None = None  # the last year both forecasts give (the current one's last, if it can)
    funding_now: Decimal | None = None  # High Needs funding this year, from the current forecast
    # The current forecast's headline series as stored ([year, "figure" or None], by year; reports.summaries):
    # decoded when read (`trajectory`), as most views need none of it but this year's and the last.
    series: list[list] = field(default_factory=list)
    sparkline: str | None = None  # the trajectory's sparkline as stored with the summary (None: not stored)
    # The table's money cells as stored with the summary, for today's year (reports.summaries.written_cells;
    # None: not stored, the table writes them from the figures).
    written: dict[str, str | None] | None = None
    # The chart's figures this year and in the last, to the pound, as stored with the summary
    # (reports.summaries.chart_cells; None: not stored, the chart writes them from `now` and `end`).
    chart_written: tuple[str, str] | None = None

    @property
    def trajectory(self) -> list[tuple[int, Decimal | None]]:
        """(year, cumulative deficit), by year."""
        return [(year, None if value is None else Decimal(value)) for year, value in self.series]

    @property
    def change(self) -> Decimal | None:
        if self.previous_end is None or self.change_year is None:
            return None
        return change_since(figure_in(self.series, self.change_year), self.previous_end)

    @property
    def share_of_funding(self) -> Decimal | None:
        """This year's cumulative deficit as a fraction of this year's High Needs funding."""
        return funding_share(self.now, self.funding_now)


def national_rag_counts(today: date) -> dict:
    """The national overview's RAG counting, in one place: annotations on RecoveryPlan counting its open
    milestones by effective RAG (workstreams.models.effective_rag_q), and those overdue on `today`."""
    open_q = Q(
        workstreams__milestones__completed_on__isnull=True,
        workstreams__milestones__archived_on__isnull=True,
        workstreams__archived_on__isnull=True,
    )
    counted = "workstreams__milestones"
    effective = {"today": today, "prefix": "workstreams__milestones__"}
    return {
        # By the effective RAG (an overdue milestone is Red unless held with a reason).
        **{rag.value: Count(counted, filter=open_q & effective_rag_q(rag, **effective)) for rag in Rag},
        "overdue": Count(counted, filter=open_q & overdue_q(today=today, prefix="workstreams__milestones__")),
    }


@lru_cache(maxsize=256)
def _national_queries(region: str, programme: str, neighbours_of: str) -> tuple[tuple, tuple]:
    """The SQL (and parameters) of national_rows' two queries for these filters, compiled by the ORM once per
    process: compiling them (the councils' derived programme, the active plans with their summaries) cost
    ~2 ms of every uncached view at 306 councils, five times what the database takes to run them. Nothing in
    them depends on the data or the day; the filters' values are the cache's key."""
    councils = councils_with_programme(Council.objects.order_by("name"))
    if neighbours_of:
        codes = Neighbour.objects.filter(
            area__la_code=Subquery(Council.objects.filter(slug=neighbours_of).values("la_code")[:1])
        ).values("neighbour__la_code")
        councils = councils.filter(Q(slug=neighbours_of) | Q(la_code__in=codes))
    if region:
        councils = councils.filter(region=region)
    if programme:
        councils = councils.filter(programme_key=programme)
    active = RecoveryPlan.objects.filter(status="active")
    if neighbours_of or region or programme:
        # The councils as a subquery: a list of 306 ids cost more to build and send than the query itself.
        active = active.filter(council__in=councils.values("pk"))
    council_values = councils.values_list(
        "pk", "name", "slug", "la_code", "region", "programme_key", "data_version"
    )
    plan_values = active.order_by("pk").values_list(
        "pk",
        "council_id",
        "title",
        "status",
        "summary__data_version",
        "summary__figures",
        "summary__sparkline",
    )
    return council_values.query.sql_with_params(), plan_values.query.sql_with_params()


def national_rows(
    *, today: date, region: str = "", programme: str = "", neighbours_of: str = ""
) -> list[NationalRow]:
    """One row per council (staff overview), optionally of one region and/or programme and/or a council's
    statistical-neighbour group (it and its ten neighbours): 2 queries whatever the number of councils
    (councils; active plans with their summaries, reports.summaries), and 3 more for all plans whose summary
    is behind their council's data version together."""
    councils_sql, plans_sql = _national_queries(region, programme, neighbours_of)
    councils = [NationalCouncil(*values) for values in run_compiled(councils_sql)]
    decode = PlanSummary._meta.get_field("figures").from_db_value  # as the ORM reads the JSON text
    read = [
        (
            pk,
            council_id,
            title,
            status,
            version,
            None if stored is None else with_sparkline(decode(stored, None, connection), sparkline),
        )
        for pk, council_id, title, status, version, stored, sparkline in run_compiled(plans_sql)
    ]
    plans = {council_id: NationalPlan(pk, title, status) for pk, council_id, title, status, _, _ in read}
    figures = figures_for_plans(
        [(pk, council_id, version, stored) for pk, council_id, _, _, version, stored in read],
        {c.pk: c.data_version for c in councils},
    )

    this_year = fy_of(today)
    result = []
    for council in councils:
        plan = plans.get(council.pk)
        counts, overdue = milestone_counts(figures[plan.pk], today) if plan else ({}, 0)
        row = NationalRow(
            council=council,
            plan=plan,
            rag_counts={key: counts.get(key, 0) for key in ("red", "amber", "green")},
            overdue=overdue,
            now=None,
            end=None,
            end_year=None,
            previous_end=None,
        )
        if plan is not None and figures[plan.pk]["series"]:
            # This year's figures and the last year's, decoded; the series as stored (NationalRow.trajectory).
            row.series = figures[plan.pk]["series"]
            row.end_year, end = row.series[-1]
            row.end = None if end is None else Decimal(end)
            row.now = figure_in(row.series, this_year)
            row.funding_now = figure_in(figures[plan.pk]["funding"], this_year)
            row.sparkline = figures[plan.pk].get(SPARKLINE)
            row.written = cells_on(figures[plan.pk], this_year)
            row.chart_written = chart_on(figures[plan.pk], this_year)
            if figures[plan.pk]["change_year"] is not None:
                row.change_year = figures[plan.pk]["change_year"]
                previous_end = figures[plan.pk]["previous_end"]
                row.previous_end = None if previous_end is None else Decimal(previous_end)
        result.append(row)
    return result


CARRIED_FORWARD = (
    "title",
    "purpose",
    "background",
    "summary",
    "value_for_money",
    "measuring_success",
    "next_steps",
    "recommendations",
)


def report_start_for_plan(*, plan: RecoveryPlan, today: date) -> dict:
    """What a new report starts from: the plan's latest report's title and sections (a council's papers
    repeat them term to term, edited), and the next Schools Forum meeting's date. 2 queries."""
    latest = ForumReport.objects.filter(plan=plan).order_by("-meeting__meets_on", "-pk").first()
    start = (
        {name: getattr(latest, name) for name in CARRIED_FORWARD if getattr(latest, name)} if latest else {}
    )
    meeting = next_meeting(council=plan.council, today=today)
    if meeting is not None and not ForumReport.objects.filter(plan=plan, meeting=meeting).exists():
        start["meeting_date"] = meeting.meets_on
    return start
