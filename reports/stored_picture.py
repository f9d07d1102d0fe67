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
still worked out as the page is drawn. Storing at write time instead (as reports.summaries does) would add
six reads and the store to every milestone save, against its 50 ms goal.

The payload is a deflated pickle of `DashboardParts` (model instances, Decimals, dataclasses), as the
database cache stores page fragments: written only by this module, never from user bytes.
"""

import logging
import pickle
import zlib
from dataclasses import dataclass, fields
from datetime import date

from django.db.models import Model, OuterRef, Subquery

from forum.selectors import plan_with_next_meeting
from indicators.models import Indicator, IndicatorValue, Target
from indicators.selectors import indicator_summaries_for_plan
from indicators.sparkline import Sparkline
from indicators.summary import IndicatorSummary, PeriodRow
from projections.stored_figures import plan_forecast_at, stored_payload
from recovery.models import Council, LeadOfficer, RecoveryPlan
from reports.models import StoredPicture
from reports.selectors import (
    PlanPicture,
    TrendReplay,
    picture_of,
    plan_updates,
    plan_workstreams,
    trend_replay,
)
from workstreams.models import Category, Milestone, Workstream

log = logging.getLogger(__name__)

# Bump when what is worked out changes without the shapes below changing (the trend's replay, the
# summaries' rules): rows of an older format are then read live (and replaced).
FORMAT_VERSION = 1


@dataclass(frozen=True)
class DashboardParts:
    workstreams: list[Workstream]  # reports.selectors.plan_workstreams: milestones prefetched
    trend: TrendReplay
    indicators: list[IndicatorSummary]


def _shape() -> int:
    """The format: FORMAT_VERSION and the shape of everything pickled, so a row is never unpickled into
    another shape after a deploy."""
    classes = (DashboardParts, TrendReplay, IndicatorSummary, PeriodRow, Sparkline)
    models = (Workstream, Milestone, LeadOfficer, Category, Indicator, IndicatorValue, Target)
    names = [(c.__name__, [f.name for f in fields(c)]) for c in classes]
    names += [(m.__name__, [f.attname for f in m._meta.concrete_fields]) for m in models]
    return (zlib.crc32(repr((FORMAT_VERSION, names)).encode()) & 0x7FFF) or 1


FORMAT = _shape()


def dashboard_parts_read(*, plan: RecoveryPlan) -> DashboardParts:
    """The parts read from the tables: 6 queries (workstreams, milestones, updates, indicators, their values
    and targets)."""
    workstreams = plan_workstreams(plan=plan)
    milestones = [m for ws in workstreams for m in ws.milestones.all()]
    return DashboardParts(
        workstreams=workstreams,
        trend=trend_replay(milestones, plan_updates(plan=plan)),
        indicators=indicator_summaries_for_plan(plan=plan),
    )


def _shared(parts: DashboardParts) -> DashboardParts:
    """The parts with one instance per row: the ORM gives each milestone its own copy of its lead, each
    indicator its own plan and council, and pickle stores (and the next view builds) every copy. Rutland's
    152 instances are 96 once shared, a third less to load."""
    # The plan's workstreams first: a milestone's or an indicator's workstream is then the one with its
    # milestones, as the page reads it.
    canonical: dict[tuple[type, object], Model] = {(type(ws), ws.pk): ws for ws in parts.workstreams}
    done: set[int] = set()
    pending: list[Model] = list(parts.workstreams)
    pending += [row.recorded for summary in parts.indicators for row in summary.periods if row.recorded]
    while pending:
        instance = pending.pop()
        if id(instance) in done:
            continue
        done.add(id(instance))
        cache = instance._state.fields_cache
        for name, related in cache.items():
            if isinstance(related, Model):
                cache[name] = canonical.setdefault((type(related), related.pk), related)
                pending.append(cache[name])
        for related in getattr(instance, "_prefetched_objects_cache", {}).values():
            pending.extend(related)
    return parts


def _dumps(parts: DashboardParts) -> bytes:
    return zlib.compress(pickle.dumps(parts, pickle.HIGHEST_PROTOCOL), 1)


def _loads(payload: bytes) -> DashboardParts:
    return pickle.loads(zlib.decompress(payload))  # noqa: S301  (written by _dumps only)


def _stored_payload() -> Subquery:
    """The plan's stored row at its council's data version, as an annotation on the plan row: read with the
    plan and its council (forum.selectors.plan_with_next_meeting), so the version and the row are one read."""
    return Subquery(
        StoredPicture.objects.filter(
            plan=OuterRef("pk"), data_version=OuterRef("council__data_version"), format=FORMAT
        ).values("payload")[:1]
    )


def dashboard_parts(*, plan: RecoveryPlan, payload: bytes | None) -> DashboardParts:
    """The plan's parts as of its council's data version (`plan.council.data_version`, read with `payload`,
    the row stored at that version, if any): the row's, or if there is none, read live (6 queries) and
    stored at that version for the next view (1 more).

    The version is read with the row, before any live read, so parts read live are never older than the
    version they are stored at (as projections.stored_figures.plan_forecast)."""
    if payload is not None:
        try:
            return _loads(bytes(payload))
        except Exception:  # a row that no longer unpickles: read live, as for a stale one
            log.warning("stored picture of plan %s did not load; reading it live", plan.pk, exc_info=True)
    parts = _shared(dashboard_parts_read(plan=plan))
    StoredPicture.objects.bulk_create(  # an upsert: 1 query
        [
            StoredPicture(
                plan=plan, data_version=plan.council.data_version, format=FORMAT, payload=_dumps(parts)
            )
        ],
        update_conflicts=True,
        unique_fields=["plan"],
        update_fields=["data_version", "format", "payload"],
    )
    return parts


def dashboard_picture(*, council: Council, today: date) -> PlanPicture:
    """The council's plan as the dashboard shows it: plan_picture's, with the workstreams, the trend's
    replay (no updates) and the indicator summaries as stored (`dashboard_parts`), and the stored forecast
    figures (projections.stored_figures), both read with the plan and its next meeting: 1 query when both
    stored rows are current."""
    plan, meeting = plan_with_next_meeting(
        council=council,
        today=today,
        annotations={
            "stored_picture_payload": _stored_payload(),
            "stored_figures_payload": stored_payload(plan=OuterRef("pk")),
        },
    )
    if plan is None:
        return PlanPicture(plan=None, today=today, next_meeting=meeting, indicators=[])
    # Not attributes the plan keeps: read with it, so the version and both rows are one read.
    payloads = plan.__dict__.pop("stored_picture_payload"), plan.__dict__.pop("stored_figures_payload")
    parts = dashboard_parts(plan=plan, payload=payloads[0])
    forecast = plan_forecast_at(plan=plan, version=plan.council.data_version, payload=payloads[1])
    return picture_of(
        plan,
        today,
        meeting,
        forecast,
        workstreams=parts.workstreams,
        trend=parts.trend,
        indicators=parts.indicators,
    )
