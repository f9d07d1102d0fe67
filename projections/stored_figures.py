"""A plan's forecast figures worked out when the plan is written, read by the dashboard and the Forum report
as one row.

Those pages read the current forecast, the earlier published ones, their figures, the savings their runs
used and the actuals (4 queries), then build the deficit chart and the mitigation waterfall from them, on
every view that misses the page cache, that is on the first view after any write. Now the writes that change
them (the forecast services: a run, new inputs or figures, publishing, making current, deleting, an actual
recorded) have the council's plans' figures worked out once when their transaction commits
(`stored_figures_on_commit`), and the pages read them with `plan_forecast` in one query.

Other writes (a milestone saved) move the council's data version on without touching the forecasts: the
background task that builds the council's dashboard picture after the write (reports.stored_picture) stores
the dashboard plan's figures at the new version too; a view that finds none (the worker is behind) reads them
live and stores them at the new version (as every view did before), the next ones read the row. Working them
out inside every write's commit instead cost each milestone update a third more queries and a stored payload,
against a 50 ms goal.

A row is used only while its `data_version` equals the council's (and its `format` the code's); otherwise
the figures are read live, exactly as before, and stored for the next view. Nothing is invalidated by hand.

The payload is a deflated pickle of `PlanForecast` (model instances, Decimals, the charts' dicts), as the
database cache stores page fragments: written only by this module, never from user bytes.
"""

import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, Subquery

from core.charts import Chart
from core.stored_rows import format_of, loads, store_for_plans
from projections import charts
from projections.figures import Cell, ForecastFigures, SavingRow, Series, YearRow
from projections.models import (
    Actual,
    Forecast,
    ForecastInput,
    ForecastSaving,
    ForecastStatus,
    ForecastYear,
    StoredFigures,
)
from projections.selectors import _figures
from recovery.models import Council, RecoveryPlan

log = logging.getLogger(__name__)

# Bump when the chart builders change what they draw: rows of an older format are then read live (and
# replaced). A change to the shape of what is pickled (the dataclasses' fields, the models' fields) changes
# the format by itself (_shape), so a row is never unpickled into the wrong shape after a deploy.
FORMAT_VERSION = 1


def _shape() -> int:
    classes = (PlanForecast, ForecastFigures, Series, YearRow, Cell, SavingRow, Chart)
    models = (Forecast, ForecastInput, Actual, RecoveryPlan)
    return format_of(FORMAT_VERSION, classes=classes, models=models)


@dataclass(frozen=True)
class PlanForecast:
    """What the dashboard and the Forum report show of a plan's forecasts."""

    current: ForecastFigures | None = None  # the current forecast's figures
    earlier: list[ForecastFigures] = field(default_factory=list)  # published before it, newest first
    actuals: list[Actual] = field(default_factory=list)  # the plan's outturn, oldest first
    deficit_chart: Chart | None = None  # projections.charts.deficit_chart(current, earlier=earlier)
    waterfall_chart: Chart | None = None  # projections.charts.mitigation_waterfall(current)


FORMAT = _shape()


def plan_forecast_from(figures: list[ForecastFigures], actuals: list[Actual]) -> PlanForecast:
    """``figures``: the plan's current and published forecasts, current first, then newest."""
    current = figures[0] if figures and figures[0].forecast.is_current else None
    earlier = [
        f
        for f in figures
        if f is not current
        and f.forecast.status == ForecastStatus.PUBLISHED
        and (current is None or f.forecast.as_at <= current.forecast.as_at)
    ]
    return PlanForecast(
        current=current,
        earlier=earlier,
        actuals=actuals,
        deficit_chart=charts.deficit_chart(current, earlier=earlier) if current else None,
        waterfall_chart=charts.mitigation_waterfall(current) if current else None,
    )


def plan_forecasts_read(*, plan_ids: list[int]) -> dict[int, PlanForecast]:
    """These plans' forecast figures read from the tables: 4 queries whatever their number (fewer when
    there is no forecast)."""
    forecasts = list(
        Forecast.objects.filter(plan__in=plan_ids)
        .filter(Q(is_current=True) | Q(status=ForecastStatus.PUBLISHED))
        .select_related("plan", "inputs")
        .order_by("plan_id", "-is_current", "-as_at", "-pk")
    )
    ids = [f.pk for f in forecasts]
    years: dict[int, list[ForecastYear]] = defaultdict(list)
    savings: dict[int, list[ForecastSaving]] = defaultdict(list)
    if ids:
        for figure in ForecastYear.objects.filter(forecast__in=ids).order_by(
            "financial_year", "scenario", "bound"
        ):
            years[figure.forecast_id].append(figure)
        for saving in ForecastSaving.objects.filter(forecast__in=ids).order_by("pk"):
            savings[saving.forecast_id].append(saving)
    actuals: dict[int, list[Actual]] = defaultdict(list)
    for actual in Actual.objects.filter(plan__in=plan_ids).order_by("financial_year"):
        actuals[actual.plan_id].append(actual)
    by_plan: dict[int, list[ForecastFigures]] = defaultdict(list)
    for f in forecasts:
        by_plan[f.plan_id].append(_figures(f, years[f.pk], savings[f.pk], actuals[f.plan_id]))
    return {pk: plan_forecast_from(by_plan[pk], actuals[pk]) for pk in plan_ids}


def _store(rows: dict[int, tuple[int, PlanForecast]]) -> None:
    """Upsert {plan id: (data version, figures)}: 1 query."""
    store_for_plans(StoredFigures, rows, format=FORMAT)


def plan_forecast(*, plan: RecoveryPlan) -> PlanForecast:
    """The plan's forecast figures as of its council's data version: the stored row, read with that
    version in 1 query; if the row is behind (or missing), read live (4 queries) and stored for the next
    view (1 more).

    The version is read from the database, not from a council the caller holds, so a write's own transaction
    (which has bumped it) never reads figures stored before its changes; and it is read before the figures,
    so figures read live are never older than the version they are stored at."""
    version, payload = (
        Council.objects.filter(plans=plan)
        .annotate(payload=stored_payload(plan=plan))
        .values_list("data_version", "payload")
        .get()
    )
    return plan_forecast_at(plan=plan, version=version, payload=payload)


def stored_payload(*, plan: RecoveryPlan | OuterRef) -> Subquery:
    """The plan's stored row at its council's data version, as an annotation on a council row, or on a plan
    row read with its council (plan=OuterRef("pk"): the dashboard reads it with the plan, in one query)."""
    council_version = "data_version" if isinstance(plan, RecoveryPlan) else "council__data_version"
    return StoredFigures.objects.payload_at_version(
        format=FORMAT, plan=plan, version=OuterRef(council_version)
    )


def stored_current(*, plan: OuterRef) -> Exists:
    """Whether the plan's row at its council's data version is stored, as an annotation on a plan row read
    with its council (the dashboard's background build, reports.stored_picture, skips it then)."""
    return StoredFigures.objects.exists_at_version(format=FORMAT, plan=plan)


def figures_store(*, plan_id: int, version: int, forecast: PlanForecast) -> None:
    """Store the plan's figures (read live by the caller after it read `version`) at `version`: 1 query."""
    _store({plan_id: (version, forecast)})


def plan_forecast_at(*, plan: RecoveryPlan, version: int, payload: bytes | None) -> PlanForecast:
    """The figures of `payload` (the row `stored_payload` read at `version`, read from the database with it),
    or if there is none, read live and stored at `version` (plan_forecast)."""
    if payload is not None:
        try:
            return loads(bytes(payload))
        except Exception:  # a row that no longer unpickles: read live, as for a stale one
            log.warning("stored figures of plan %s did not load; reading them live", plan.pk, exc_info=True)
    forecast = plan_forecasts_read(plan_ids=[plan.pk])[plan.pk]
    _store({plan.pk: (version, forecast)})
    return forecast


def stored_figures_on_commit(*, plan_id: int) -> None:
    """Have the figures of the plan's council stored when the current transaction commits (robust: a failure
    is logged, never the write's error). The forecast services call it: a forecast run, new inputs or
    figures, publishing, making current, deleting, an actual recorded."""

    def refresh() -> None:
        stored_figures_refresh(council_ids=Council.objects.filter(plans=plan_id).values_list("pk", flat=True))

    transaction.on_commit(refresh, robust=True)


@transaction.atomic
def stored_figures_refresh(*, council_ids: Iterable[int]) -> int:
    """Store the forecast figures of these councils' plans as of their data version; returns how many.

    Locks the councils' rows first (as every write does, recovery.data_version.council_lock), so refreshes
    after concurrent writes queue and the last one reads everything committed before it."""
    versions = dict(
        Council.objects.filter(pk__in=list(council_ids))
        .order_by("pk")
        .select_for_update()
        .values_list("pk", "data_version")
    )
    plans = list(RecoveryPlan.objects.filter(council__in=list(versions)).values_list("pk", "council_id"))
    read = plan_forecasts_read(plan_ids=[pk for pk, _ in plans])
    _store({pk: (versions[council_id], read[pk]) for pk, council_id in plans})
    return len(plans)
