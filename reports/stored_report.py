"""A draft Forum report's picture of its plan, its data-only parts read as one row (issue 22).

An uncached draft report read the plan's workstreams and milestones with when each workstream was added (2
queries and their model instances), the whole milestone update history (636 updates on Rutland after a term
of saves), the milestones' shared leads and the indicators with their values and targets (3 queries), and
summarised the indicators and replayed the RAG trend again: about a third of the page's CPU. None of it
depends on the day, on the report or on who reads: it changes only when the council's data does. So the
first report view at a data version works the parts out (`ReportParts`) and stores them with that version
(`StoredReportParts`); the views after it read one row, with the plan.

A row is used only while its `data_version` equals the council's (and its `format` the code's); otherwise the
parts are read live, exactly as before, and stored for the next view. Nothing is invalidated by hand. What
depends on the day (each milestone's effective RAG, the trend's first and last points, the next meeting) or on
the report (the changes since the last report, the values recorded since then) is still worked out as the
report is drawn, from these parts. `build_stored_report(plan=...)` stores a plan's parts at its council's
current version: what a task run after a write can call, so that the first view finds them.

The payload is a deflated pickle of `ReportParts` (model instances, dataclasses, plain values), as
reports.stored_picture stores the dashboard's: written only by this module, never from user bytes.
"""

import json
import logging
from bisect import bisect_right
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, timedelta

from django.db.models import Exists, OuterRef, Subquery

from agreements.figures import DbvRow, ReturnRow
from agreements.models import Agreement, Condition
from agreements.selectors import AgreementStanding, PaymentTotals, agreements_in_force_for_council
from core.stored_rows import format_of, loads, one_instance_per_row, store_for_plans
from dfe.selectors import DsgStoreFigure
from dsg.ledger import LineFacts, TransferFacts
from dsg.selectors import LedgerInputs, ledger_inputs
from forum.selectors import PlanWithNextMeeting
from indicators.report import section_parts
from indicators.selectors import indicators_for_plan
from projections.stored_figures import plan_forecast_at, stored_payload
from recovery.models import Council, LeadOfficer, RecoveryPlan
from reports.models import ForumReport, ReportStatus, StoredReportParts
from reports.selectors import (
    PlanPicture,
    PlanUpdate,
    TrendReplay,
    UpdateMilestone,
    UpdateWorkstream,
    picture_of,
    plan_updates,
    plan_workstreams,
    trend_replay,
)
from workstreams.models import Category, Milestone, Workstream

log = logging.getLogger(__name__)

# Bump when what is worked out changes without the shapes below changing (the trend's replay, the
# indicators section's rules): rows of an older format are then read live (and replaced).
FORMAT_VERSION = 3


# A PlanUpdate's fields but its milestone, in order: the stored history is rows of these and the milestone,
# its moment as microseconds since the epoch and its dates as ordinals (plain ints: pickling 636 updates'
# datetime and date objects was two thirds of the store's time).
_UPDATE_FIELDS = tuple(f.name for f in fields(PlanUpdate) if f.name != "milestone")
_CREATED_AT = _UPDATE_FIELDS.index("created_at")
_DATES = tuple(
    _UPDATE_FIELDS.index(name)
    for name in ("old_forecast_due", "new_forecast_due", "old_completed_on", "new_completed_on")
)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


def _update_row(update: PlanUpdate) -> tuple:
    values = [getattr(update, name) for name in _UPDATE_FIELDS]
    values[_CREATED_AT] = (values[_CREATED_AT] - _EPOCH) // _MICROSECOND
    for i in _DATES:
        values[i] = values[i].toordinal() if values[i] is not None else None
    return (*values, update.milestone)


def _update_of(row: tuple) -> PlanUpdate:
    values = list(row[:-1])
    values[_CREATED_AT] = _EPOCH + values[_CREATED_AT] * _MICROSECOND
    for i in _DATES:
        values[i] = date.fromordinal(values[i]) if values[i] is not None else None
    return PlanUpdate(*values, milestone=row[-1])


@dataclass(frozen=True)
class EarlierReport:
    """One of the plan's Forum reports as a later report reads it: what it says of "the last report" and,
    published, what it compares with. Reports are council data: creating, editing, publishing or moving one
    (or its meeting) moves the council's data version, so the stored list is never behind."""

    pk: int
    meeting_date: date
    title: str
    status: str
    published_at: datetime | None
    # A published report's snapshot's keys a later report compares with ("rag_summary", "indicators", as far
    # as it has them), as JSON text: a report decodes only the one it compares with (`compared`), and a plan
    # gains a report a term; None for a draft.
    compared_text: str | None

    @property
    def is_published(self) -> bool:
        return self.status == ReportStatus.PUBLISHED

    def compared(self) -> dict | None:
        """The snapshot's keys a later report compares with, decoded (None for a draft)."""
        return json.loads(self.compared_text) if self.compared_text is not None else None


# The snapshot's keys a later report reads (reports.forum_report.report_content: the RAG moves since the
# last report and the indicators' values then).
COMPARED_KEYS = ("rag_summary", "indicators")


def plan_reports(*, plan: RecoveryPlan) -> list[EarlierReport]:
    """The plan's Forum reports, drafts too, latest meeting first: 1 query. A published one keeps only its
    snapshot's COMPARED_KEYS, as JSON text."""
    rows = (
        ForumReport.objects.filter(plan=plan)
        .order_by("-meeting__meets_on", "-pk")
        .values_list("pk", "meeting__meets_on", "title", "status", "published_at", "snapshot")
    )
    return [
        EarlierReport(
            pk, meets_on, title, status, published_at,
            json.dumps({k: snapshot[k] for k in COMPARED_KEYS if k in snapshot})
            if status == ReportStatus.PUBLISHED and snapshot is not None
            else None,
        )
        for pk, meets_on, title, status, published_at, snapshot in rows
    ]  # fmt: skip


@dataclass(frozen=True)
class ReportParts:
    # reports.selectors.plan_workstreams(when_added=True): milestones prefetched
    workstreams: list[Workstream]
    # reports.selectors.plan_updates, in time order, each a tuple (_update_row: plain values, its milestone):
    # a plan's history grows with every save, and a report builds only the updates since the last report
    # (`updates_between`); 636 dataclass instances were half the row's load.
    updates: list[tuple]
    trend: TrendReplay | None  # replayed from the updates
    # per workstream id, its latest update with commentary (the report's "latest commentary")
    latest_commentary: dict[int, PlanUpdate]
    shared_leads: dict[int, list[str]]  # milestone id: its shared leads' initials, in order
    indicators: dict  # indicators.report.section_parts
    # dsg.selectors.ledger_inputs: the DSG ledger section's lines, transfers and DfE figures (None: no plan)
    ledger: LedgerInputs | None
    reports: list[EarlierReport]  # plan_reports: the plan's reports, latest meeting first
    # agreements.selectors.agreements_in_force_for_council: the council's agreements in force with their
    # trajectory against the forecast, conditions and payments, as of the data version. What depends on the
    # day (a condition's overdue status, hence its effective RAG) is a property of the stored Condition,
    # worked out as the report is drawn. None: read them (a council without a plan).
    agreements: list[AgreementStanding] | None

    def reports_before(self, report: ForumReport) -> list[EarlierReport]:
        """The plan's other reports for earlier meetings than `report`'s, latest first, drafts too."""
        meeting_date = report.meeting_date
        return [r for r in self.reports if r.meeting_date < meeting_date and r.pk != report.pk]

    def updates_between(self, since: datetime, until: datetime) -> list[PlanUpdate]:
        """The updates made in (since, until], in time order."""
        since, until = (since - _EPOCH) // _MICROSECOND, (until - _EPOCH) // _MICROSECOND
        start = bisect_right(self.updates, since, key=lambda row: row[_CREATED_AT])
        return [_update_of(row) for row in self.updates[start:] if row[_CREATED_AT] <= until]


def latest_commentary(updates: list[PlanUpdate]) -> dict[int, PlanUpdate]:
    """Per workstream id, its latest update with commentary (`updates` in time order)."""
    latest: dict[int, PlanUpdate] = {}
    for update in updates:  # in time order: the last one per workstream wins
        if update.commentary:
            latest[update.milestone.workstream_id] = update
    return latest


# What a report of a council without a plan reads: nothing.
NO_PARTS = ReportParts(
    workstreams=[],
    updates=[],
    trend=None,
    latest_commentary={},
    shared_leads={},
    indicators=section_parts([]),
    ledger=None,
    reports=[],
    agreements=None,
)


def _shape() -> int:
    """The format: FORMAT_VERSION and the shape of everything pickled, so a row is never unpickled into
    another shape after a deploy."""
    classes = (ReportParts, EarlierReport, PlanUpdate, UpdateMilestone, UpdateWorkstream, TrendReplay)
    classes += (LedgerInputs, AgreementStanding, ReturnRow, DbvRow, PaymentTotals)
    classes += (LineFacts, TransferFacts, DsgStoreFigure)
    models = (Workstream, Milestone, LeadOfficer, Category, Agreement, Condition, RecoveryPlan)
    return format_of(FORMAT_VERSION, classes=classes, models=models)


FORMAT = _shape()


def shared_leads(milestones: list[Milestone]) -> dict[int, list[str]]:
    """Each milestone's shared leads' initials ("LCJ/CC" in the papers), in initials order: 1 query."""
    through = Milestone.other_leads.through
    shared: dict[int, list[str]] = {}
    rows = (
        through.objects.filter(milestone_id__in=[m.pk for m in milestones])
        .order_by("leadofficer__initials")
        .values_list("milestone_id", "leadofficer__initials")  # two values a row, not two model instances
    )
    for milestone_id, initials in rows:
        shared.setdefault(milestone_id, []).append(initials)
    return shared


def report_parts_read(*, plan: RecoveryPlan) -> ReportParts:
    """The parts read from the tables: 12 queries (workstreams, milestones, updates, shared leads,
    indicators, their values and targets, the DSG ledger's lines, transfers and DfE figures, the plan's
    reports, the council's agreements), and 6 more, plus 4 per plan that delivers one, with agreements."""
    workstreams = plan_workstreams(plan=plan, when_added=True)
    milestones = [m for ws in workstreams for m in ws.milestones.all()]
    updates = plan_updates(plan=plan)
    return ReportParts(
        workstreams=workstreams,
        updates=[_update_row(u) for u in updates],
        trend=trend_replay(milestones, updates),
        latest_commentary=latest_commentary(updates),
        shared_leads=shared_leads(milestones),
        indicators=section_parts(indicators_for_plan(plan=plan)),
        ledger=ledger_inputs(council=plan.council),
        reports=plan_reports(plan=plan),
        agreements=agreements_in_force_for_council(council=plan.council),
    )


def _shared(parts: ReportParts) -> ReportParts:
    """The parts with one instance per row: the ORM gives each milestone its own copy of its lead, and
    pickle stores (and the next view builds) every copy."""
    one_instance_per_row(parts.workstreams)
    return parts


def _store(*, plan: RecoveryPlan, version: int, parts: ReportParts) -> None:
    store_for_plans(StoredReportParts, {plan.pk: (version, parts)}, format=FORMAT)  # an upsert: 1 query


def _stored_payload() -> Subquery:
    """The plan's stored row at its council's data version, as an annotation on the plan row (read with the
    plan and its council, so the version and the row are one read)."""
    return StoredReportParts.objects.payload_at_version(format=FORMAT)


def report_parts(*, plan: RecoveryPlan, payload: bytes | None) -> ReportParts:
    """The plan's parts as of its council's data version (`plan.council.data_version`, read with `payload`,
    the row stored at that version, if any): the row's, or if there is none, read live (12 queries) and
    stored at that version for the next view (1 more). The version is read before any live read, so parts
    read live are never older than the version they are stored at."""
    if payload is not None:
        try:
            return loads(bytes(payload))
        except Exception:  # a row that no longer unpickles: read live, as for a stale one
            log.warning(
                "stored report parts of plan %s did not load; reading them live", plan.pk, exc_info=True
            )
    parts = _shared(report_parts_read(plan=plan))
    _store(plan=plan, version=plan.council.data_version, parts=parts)
    return parts


def report_parts_current() -> Exists:
    """Whether the plan (`OuterRef("pk")`, read with its council) has its parts stored at its council's data
    version: an annotation for reports.stored_picture.stored_picture_build, the worker's build."""
    return StoredReportParts.objects.exists_at_version(format=FORMAT)


def report_parts_for_store(*, plan: RecoveryPlan) -> ReportParts:
    """The plan's parts read live, as they are stored (11 queries); `report_parts_store` stores them."""
    return _shared(report_parts_read(plan=plan))


def report_parts_store(*, plan: RecoveryPlan, version: int, parts: ReportParts) -> None:
    """Store `parts` as the plan's at `version`: the caller read the version before the parts, and checks
    it is still the council's under the council's lock (as stored_picture_build does)."""
    _store(plan=plan, version=version, parts=parts)


def build_stored_report(*, plan: RecoveryPlan) -> None:
    """Store the plan's parts at its council's current data version (read first), unless they are stored
    already (tests and measurements; the worker's build, reports.stored_picture.stored_picture_build, also
    checks the version under the council's lock). 1 query when they are, 12 when not."""
    version, stored = (
        Council.objects.filter(plans=plan)
        .annotate(
            stored=Subquery(
                StoredReportParts.objects.at_version(
                    format=FORMAT, plan=plan, version=OuterRef("data_version")
                ).values("pk")[:1]
            )
        )
        .values_list("data_version", "stored")
        .get()
    )
    if stored is None:
        _store(plan=plan, version=version, parts=report_parts_for_store(plan=plan))


# The report's one read (the plan, its council, its next meeting and both stored rows at the council's
# version), compiled once per connection (forum.selectors.PlanWithNextMeeting), as the dashboard's is.
_PLAN_ROW = PlanWithNextMeeting(
    {
        "stored_report_payload": _stored_payload(),
        "stored_figures_payload": stored_payload(plan=OuterRef("pk")),
    }
)


def report_picture(*, council: Council, today: date) -> tuple[PlanPicture, ReportParts]:
    """The council's plan as a draft report shows it: reports.selectors.plan_picture's picture (the same
    workstreams, updates and forecasts), with the parts as stored (`report_parts`) and the stored forecast
    figures (projections.stored_figures), both read with the plan and its next meeting: 1 query when both
    stored rows are current. The picture has the trend's replay, not the updates: the parts give those
    (`updates_between`), the latest commentary, the shared leads and the indicators section's; NO_PARTS
    without a plan."""
    plan, meeting, payloads = _PLAN_ROW.read(council=council, today=today)
    if plan is None:
        return PlanPicture(plan=None, today=today, next_meeting=meeting), NO_PARTS
    payloads = payloads["stored_report_payload"], payloads["stored_figures_payload"]
    parts = report_parts(plan=plan, payload=payloads[0])
    forecast = plan_forecast_at(plan=plan, version=plan.council.data_version, payload=payloads[1])
    picture = picture_of(
        plan,
        today,
        meeting,
        forecast,
        workstreams=parts.workstreams,
        trend=parts.trend,
    )
    return picture, parts
