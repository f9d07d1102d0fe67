"""The dashboard's picture of a plan, its data-only parts read as one row (issue 22).

An uncached dashboard read the plan's workstreams and milestones (2 queries and their model instances), its
whole update history to replay the RAG trend (636 updates on Rutland after a term of saves: a third of the
picture's time) and its indicators with their values and targets (3 queries) on every view that missed the
page cache. None of them depends on the day or on who reads: they change only when the council's data does.
So the first view at a data version works them out (`DashboardParts`: the workstreams, the trend's replay,
reports.selectors.TrendReplay, rather than the updates, and the indicator summaries) and stores them with
that version; the views after it, every role's (each has a page fragment of its own), read one row.

A row is used only while its `data_version` equals the council's (and its `format` the code's); otherwise the
parts are read live, exactly as before, and stored for the next view. Nothing is invalidated by hand. What
depends on the day (each milestone's effective RAG, the trend's first and last points, the next meeting) is
still worked out as the page is drawn.

Built after the write, in the background: building it inside the write (as reports.summaries does) would add
six reads and the store to every milestone save, against its 50 ms goal; built at the first view, the officer
who has just saved paid for it. So a write's commit enqueues one task per changed council
(`pictures_enqueue`, listening to recovery.data_version.after_councils_change: one INSERT into the task
queue), and the worker (`manage.py db_worker`) builds the picture, and the plan's stored forecast figures
(projections.stored_figures) if the write left them behind, at the new version (`stored_picture_build`),
unless a view got there first. A view that finds no row at its version (the worker
has not caught up) still reads live and stores, as before.

The payload is a deflated pickle of `DashboardParts` (model instances, Decimals, dataclasses), as the
database cache stores page fragments: written only by this module, never from user bytes.
"""

import contextlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Subquery,
    Value,
    When,
)
from django.utils.functional import SimpleLazyObject

from agreements.selectors import AgreedTrajectory, agreed_trajectory_for_council, programme_for_council
from core.stored_rows import format_of, loads, one_instance_per_row, store_for_plans
from dfe.selectors import Headline, dfe_headlines_for_council
from forum.selectors import PlanWithNextMeeting
from indicators.models import Indicator, IndicatorValue, Target
from indicators.selectors import indicator_summaries_for_plan
from indicators.sparkline import Sparkline
from indicators.summary import IndicatorSummary, PeriodRow
from projections.stored_figures import (
    figures_store,
    plan_forecast_at,
    plan_forecasts_read,
    stored_current,
    stored_payload,
)
from recovery.models import Council, LeadOfficer, PlanStatus, RecoveryPlan
from reports.models import ForumReport, ReportStatus, StoredPicture
from reports.selectors import (
    PlanPicture,
    TrendReplay,
    picture_of,
    plan_updates,
    plan_workstreams,
    trend_replay,
)
from reports.stored_report import report_parts_current, report_parts_for_store, report_parts_store
from workstreams.models import Category, Milestone, Workstream

log = logging.getLogger(__name__)

# Bump when what is worked out changes without the shapes below changing (the trend's replay, the
# summaries' rules): rows of an older format are then read live (and replaced).
FORMAT_VERSION = 1


@dataclass(frozen=True)
class LatestReport:
    """The council's latest published Forum report, as the dashboard links to it."""

    pk: int
    title: str
    meeting_date: date


@dataclass(frozen=True)
class CouncilParts:
    """What the dashboard shows of the council beside its plan: its programme (agreements.selectors), the
    agreed trajectory drawn on the deficit chart, the DfE headlines and the latest published Forum report.
    Each changes only with the council's data version (agreements, reports and meetings are audited rows of
    the council; a DfE import bumps every council's version): 4 queries live, none stored."""

    programme: str  # a recovery.models.Programme value (read when used, for a council without a plan)
    trajectory: AgreedTrajectory | None
    dfe_headlines: list[Headline]
    latest_report: LatestReport | None


@dataclass(frozen=True)
class DashboardParts:
    workstreams: list[Workstream]  # reports.selectors.plan_workstreams: milestones prefetched
    trend: TrendReplay
    indicators: list[IndicatorSummary]
    council: CouncilParts


@dataclass(frozen=True)
class DashboardReads:
    """What the dashboard view reads: the plan's picture (PlanPicture) and the council's parts."""

    picture: PlanPicture
    council: CouncilParts


def _shape() -> int:
    """The format: FORMAT_VERSION and the shape of everything pickled, so a row is never unpickled into
    another shape after a deploy."""
    classes = (
        DashboardParts,
        TrendReplay,
        IndicatorSummary,
        PeriodRow,
        Sparkline,
        CouncilParts,
        AgreedTrajectory,
        Headline,
        LatestReport,
    )
    models = (Workstream, Milestone, LeadOfficer, Category, Indicator, IndicatorValue, Target)
    return format_of(FORMAT_VERSION, classes=classes, models=models)


FORMAT = _shape()


def council_parts_read(*, council: Council) -> CouncilParts:
    """The council's parts read from the tables: 4 queries."""
    latest = (
        ForumReport.objects.filter(plan__council=council)
        .published()
        .order_by("-meeting__meets_on", "-pk")
        .values_list("pk", "title", "meeting__meets_on")
        .first()
    )
    return CouncilParts(
        programme=programme_for_council(council=council),
        trajectory=agreed_trajectory_for_council(council=council),
        dfe_headlines=dfe_headlines_for_council(council=council),
        latest_report=LatestReport(*latest) if latest else None,
    )


def dashboard_parts_read(*, plan: RecoveryPlan) -> DashboardParts:
    """The parts read from the tables: 10 queries (workstreams, milestones, updates, indicators, their values
    and targets; the council's parts)."""
    workstreams = plan_workstreams(plan=plan)
    milestones = [m for ws in workstreams for m in ws.milestones.all()]
    return DashboardParts(
        workstreams=workstreams,
        trend=trend_replay(milestones, plan_updates(plan=plan)),
        indicators=indicator_summaries_for_plan(plan=plan),
        council=council_parts_read(council=plan.council),
    )


def _shared(parts: DashboardParts) -> DashboardParts:
    """The parts with one instance per row: the ORM gives each milestone its own copy of its lead, each
    indicator its own plan and council, and pickle stores (and the next view builds) every copy. Rutland's
    152 instances are 96 once shared, a third less to load. The plan's workstreams first: a milestone's or an
    indicator's workstream is then the one with its milestones, as the page reads it."""
    recorded = [row.recorded for summary in parts.indicators for row in summary.periods if row.recorded]
    one_instance_per_row(parts.workstreams, more=recorded)
    return parts


def _stored_payload() -> Subquery:
    """The plan's stored row at its council's data version, as an annotation on the plan row: read with the
    plan and its council (forum.selectors.PlanWithNextMeeting), so the version and the row are one read."""
    return StoredPicture.objects.payload_at_version(format=FORMAT)


# The plan with its council and next meeting, its stored row and its stored forecast figures: one query,
# compiled once per connection (forum.selectors.PlanWithNextMeeting).
_PLAN_ROW = PlanWithNextMeeting(
    {
        "stored_picture_payload": _stored_payload(),
        "stored_figures_payload": stored_payload(plan=OuterRef("pk")),
    }
)


def dashboard_parts(*, plan: RecoveryPlan, payload: bytes | None) -> DashboardParts:
    """The plan's parts as of its council's data version (`plan.council.data_version`, read with `payload`,
    the row stored at that version, if any): the row's, or if there is none, read live (6 queries) and
    stored at that version for the next view (1 more).

    The version is read with the row, before any live read, so parts read live are never older than the
    version they are stored at (as projections.stored_figures.plan_forecast)."""
    if payload is not None:
        try:
            return loads(bytes(payload))
        except Exception:  # a row that no longer unpickles: read live, as for a stale one
            log.warning("stored picture of plan %s did not load; reading it live", plan.pk, exc_info=True)
    parts = _shared(dashboard_parts_read(plan=plan))
    _store(plan=plan, version=plan.council.data_version, parts=parts)
    return parts


def _store(*, plan: RecoveryPlan, version: int, parts: DashboardParts) -> None:
    store_for_plans(StoredPicture, {plan.pk: (version, parts)}, format=FORMAT)  # an upsert: 1 query


def stored_picture_build(*, council_id: int) -> bool:
    """Store the picture of the council's dashboard plan (the active one, else the latest, as the dashboard
    and the Forum report pick it), its forecast figures (projections.stored_figures) and, while it has a
    draft Forum report, the report's parts (reports.stored_report) at the council's current data version;
    True if anything was stored. What the background task runs after a write.

    Idempotent and cheap to skip: 1 query when every row at the current version is there already (a view, a
    forecast write or an earlier task stored them) or the council has no plan. Otherwise what is missing is
    read live (10 queries for the picture, 4 for the figures, 9 for the report's parts), then
    stored only if the council's version is still the one read first, checked with the council's row locked
    (as every write locks it first, recovery.data_version.council_lock): a write that committed while the
    parts were read moved the version on, so the parts, which may include it, are not stored under the old
    version (its own task stores them at the new one). A stale row can therefore never be stored, nor a
    newer row overwritten by an older one."""
    draft = ForumReport.objects.filter(plan=OuterRef("pk"), status=ReportStatus.DRAFT)
    active_first = Case(When(status=PlanStatus.ACTIVE, then=Value(0)), default=Value(1))
    plan = (
        RecoveryPlan.objects.filter(council_id=council_id)
        .select_related("council")
        .annotate(
            stored=StoredPicture.objects.exists_at_version(format=FORMAT),
            figures_stored=stored_current(plan=OuterRef("pk")),
            # Only a draft shows the parts: a plan with none has nothing to keep them for.
            report_stored=ExpressionWrapper(~Exists(draft) | report_parts_current(), BooleanField()),
        )
        .order_by(active_first, "-first_year", "-pk")
        .first()
    )
    if plan is None or (plan.stored and plan.figures_stored and plan.report_stored):
        return False
    version = plan.council.data_version
    parts = None if plan.stored else _shared(dashboard_parts_read(plan=plan))
    forecast = None if plan.figures_stored else plan_forecasts_read(plan_ids=[plan.pk])[plan.pk]
    report = None if plan.report_stored else report_parts_for_store(plan=plan)
    with transaction.atomic():
        locked = Council.objects.filter(pk=council_id).select_for_update()
        if list(locked.values_list("data_version", flat=True)) != [version]:
            return False
        if parts is not None:
            _store(plan=plan, version=version, parts=parts)
        if forecast is not None:
            figures_store(plan_id=plan.pk, version=version, forecast=forecast)
        if report is not None:
            report_parts_store(plan=plan, version=version, parts=report)
    return True


def pictures_enqueue(*, council_ids: Iterable[int]) -> int:
    """After a write's commit (recovery.data_version.after_councils_change): enqueue one picture build per
    changed council (reports.tasks.build_stored_picture), 1 INSERT each into the task queue. Never fails the
    write: an enqueue that fails is logged, and the dashboard then builds the picture at its first view.
    Returns how many were enqueued (none unless settings.STORED_PICTURES_AFTER_WRITE)."""
    from reports.tasks import build_stored_picture

    enqueued = 0
    if not settings.STORED_PICTURES_AFTER_WRITE:
        return enqueued
    council_ids = list(council_ids)
    # After the write's commit, one council's enqueue is one INSERT committed by itself; several councils'
    # (a national import) are one transaction; inside another transaction (a test's), a savepoint, so a
    # failed INSERT leaves that transaction usable.
    together = len(council_ids) > 1 or transaction.get_connection().in_atomic_block
    try:
        with transaction.atomic() if together else contextlib.nullcontext():
            for council_id in council_ids:
                build_stored_picture.enqueue(council_id)
                enqueued += 1
    except Exception:
        log.exception("could not enqueue the stored pictures of councils %s", council_ids)
    return enqueued


def dashboard_picture(*, council: Council, today: date) -> PlanPicture:
    """The council's plan as the dashboard shows it (`dashboard_reads`' picture)."""
    return dashboard_reads(council=council, today=today).picture


def dashboard_reads(*, council: Council, today: date) -> DashboardReads:
    """The council's plan as the dashboard shows it: plan_picture's, with the workstreams, the trend's
    replay (no updates) and the indicator summaries as stored (`dashboard_parts`), and the stored forecast
    figures (projections.stored_figures), both read with the plan and its next meeting: 1 query when both
    stored rows are current; and the council's parts, stored with the picture (a council without a plan:
    its programme, read live, is all the page shows of them)."""
    plan, meeting, payloads = _PLAN_ROW.read(council=council, today=today)
    if plan is None:
        # Without a plan the page shows the council's programme alone of its parts: 1 query, when read.
        programme = SimpleLazyObject(lambda: programme_for_council(council=council))
        return DashboardReads(
            picture=PlanPicture(plan=None, today=today, next_meeting=meeting, indicators=[]),
            council=CouncilParts(programme=programme, trajectory=None, dfe_headlines=[], latest_report=None),
        )
    # Read with the plan, so the version and both rows are one read.
    parts = dashboard_parts(plan=plan, payload=payloads["stored_picture_payload"])
    version = plan.council.data_version
    forecast = plan_forecast_at(plan=plan, version=version, payload=payloads["stored_figures_payload"])
    picture = picture_of(
        plan,
        today,
        meeting,
        forecast,
        workstreams=parts.workstreams,
        trend=parts.trend,
        indicators=parts.indicators,
    )
    return DashboardReads(picture=picture, council=parts.council)
