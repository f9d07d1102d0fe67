"""Reads about forecasts and actuals, shaped for pages. Each costs a fixed number of queries, whatever the
number of forecasts, years or workstreams (the count is in each docstring and checked in
tests/projections/test_selectors.py).

Money is ``Decimal`` pounds throughout; a deficit is positive, a surplus negative.

For pages and the dashboard:

- ``current_forecast_for_plan(*, plan) -> Forecast | None``: the plan's current forecast      (1 query)
- ``forecasts_for_plan(*, plan, include_drafts=True) -> list[Forecast]``: current first, then newest,
  each with ``figure_count``                                                                 (1 query)
- ``published_forecasts_for_plan(*, plan) -> list[Forecast]``: newest first                  (1 query)
- ``forecast_for(*, access, forecast_id) -> Forecast | None``: any of the council's plans, if visible;
  another council's id gives ``None``                                                       (1 query)
- ``forecast_figures(*, forecast) -> ForecastFigures`` (projections.figures): THE reader of a forecast's
  figures for every page, chart, report snapshot and export: rows per financial year with a ``Cell`` per
  series (scenario x bound), the run's savings and success rate, the plan's actuals              (3 queries)
- ``current_forecast_headline_cells(*, plan) -> HeadlineCells | None``: the current forecast's cells in
  its headline bound, as values (what the DSG ledger reads)                                  (1 query)
- ``headline_cells_of(figures) -> HeadlineCells | None``: the same from figures already read   (no query)
- ``actuals_for_plan(*, plan) -> list[Actual]``: oldest year first                            (1 query)
- ``actual_for_year(*, plan, financial_year) -> Actual | None``                               (1 query)
- ``forecast_vs_actual(*, plan, today=None) -> list[ForecastComparison]``: for every published
  forecast, every ended year and series, forecast against actual, difference in £ and %      (3 queries)

For the forecast pages and services:

- ``forecast_inputs(*, forecast, figures=None) -> InputsView``: a computed forecast's stored
  assumptions                                                      (3 queries; 2 with its figures)
- ``workstream_savings_for_plan(*, plan) -> list[SavingRow]``: active workstreams' savings     (1 query)
- ``savings_changed_since_run(*, view, current) -> bool``                                     (no query)
- ``projection_input(*, view, savings=None) -> engine.ProjectionInput``                       (no query)
- ``sensitivity_for_forecast(*, view, rate=None) -> Sensitivity``: the last year's cumulative deficit
  at 0%, 50%, 75%, 100%, the forecast's and the entered success rate                          (no query)
"""

from __future__ import annotations

from collections import defaultdict, namedtuple
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count
from django.utils import timezone

from core.financial_years import fy_label, fy_of
from projections import engine
from projections.figures import (
    HEADLINE_BOUND_ORDER,
    Cell,
    ForecastFigures,
    SavingRow,
    Series,
    YearRow,
    savings_by_year,
    series_for,
)
from projections.models import (
    Actual,
    Bound,
    Forecast,
    ForecastInput,
    ForecastLine,
    ForecastSaving,
    ForecastStatus,
    ForecastTransfer,
    ForecastYear,
    Scenario,
)
from recovery.models import RecoveryPlan
from workstreams.models import WorkstreamSaving

STANDARD_RATES: tuple[Decimal, ...] = (Decimal(0), Decimal("0.5"), Decimal("0.75"), Decimal(1))


# --- forecasts ------------------------------------------------------------------------------------------


def current_forecast_for_plan(*, plan: RecoveryPlan) -> Forecast | None:
    """The forecast the plan's dashboards use (at most one per plan), with its inputs. 1 query."""
    return Forecast.objects.filter(plan=plan, is_current=True).select_related("plan", "inputs").first()


def forecasts_for_plan(*, plan: RecoveryPlan, include_drafts: bool = True) -> list[Forecast]:
    """Every forecast of the plan, newest first, each with ``figure_count`` (its ForecastYear rows). 1 query.

    ``include_drafts=False`` gives what a Schools Forum member may see.
    """
    forecasts = Forecast.objects.filter(plan=plan)
    if not include_drafts:
        forecasts = forecasts.filter(status=ForecastStatus.PUBLISHED)
    return list(
        forecasts.select_related("inputs", "created_by")
        .annotate(figure_count=Count("years"))
        .order_by("-is_current", "-as_at", "-pk")
    )


def published_forecasts_for_plan(*, plan: RecoveryPlan) -> list[Forecast]:
    """Published forecasts of the plan, newest first. 1 query."""
    return list(
        Forecast.objects.filter(plan=plan, status=ForecastStatus.PUBLISHED)
        .select_related("inputs")
        .order_by("-as_at", "-pk")
    )


def forecast_for(*, access, forecast_id: int) -> Forecast | None:
    """One forecast of any of the council's plans that the reader may see (Forecast.objects.visible_to), or
    ``None``: another council's id, or a draft for a Forum member, is not there for them. 1 query."""
    return (
        Forecast.objects.visible_to(access)
        .filter(pk=forecast_id)
        .select_related("plan__council", "inputs", "created_by")
        .order_by("pk")  # one row: not the default ordering through the plan to the council's name
        .first()
    )


# --- the one reader of a forecast's figures ---------------------------------------------------------------


# A forecast's figure in one year, scenario and bound, read as a plain row (forecast_figures): what _figures
# reads of a ForecastYear, without building a model instance per figure.
YearFigure = namedtuple(
    "YearFigure", ["financial_year", "scenario", "bound", "funding", "spend", "cumulative_deficit"]
)
# A run's savings snapshot (ForecastSaving) as the SavingRow it becomes.
SAVING_ROW_FIELDS = ("workstream_id", "workstream_name", "financial_year", "target", "stretch")


def _figures(
    forecast: Forecast,
    years: Sequence[ForecastYear | YearFigure],
    savings: Sequence[ForecastSaving | SavingRow],
    actuals: list[Actual],
) -> ForecastFigures:
    """Assemble ForecastFigures from rows already read (no query): model instances, or plain rows with the
    same attributes."""
    bounds = {f.bound for f in years} or set(expected_bounds(forecast))
    series = series_for(bounds)
    year_numbers = {f.financial_year for f in years}
    if forecast.first_year is not None and forecast.last_year is not None:
        year_numbers.update(range(forecast.first_year, forecast.last_year + 1))
    by_key = {(f.financial_year, f.scenario, f.bound): f for f in years}
    rows = []
    for year in sorted(year_numbers):
        cells = []
        for s in series:
            figure = by_key.get((year, s.scenario, s.bound))
            cells.append(
                None if figure is None else Cell(figure.funding, figure.spend, figure.cumulative_deficit)
            )
        rows.append(YearRow(year, tuple(cells)))
    inputs = getattr(forecast, "inputs", None) if forecast.is_computed else None
    return ForecastFigures(
        forecast=forecast,
        series=series,
        rows=rows,
        savings=[
            SavingRow(s.workstream_id, s.workstream_name, s.financial_year, s.target, s.stretch)
            for s in savings
        ],
        success_rate=None if inputs is None else inputs.run_success_rate,
        actuals=actuals,
    )


def forecast_figures(*, forecast: Forecast) -> ForecastFigures:
    """The forecast's figures, the savings its run used and the plan's actuals. 3 queries.

    Rows run over the forecast's period and any year that has a figure. Columns are the series that have
    figures; a forecast without figures yet shows the series it will have (computed: from its bounds;
    published figures: from ``has_bounds``).
    """
    years = [
        YearFigure(*row)
        for row in ForecastYear.objects.filter(forecast=forecast)
        .order_by("financial_year", "scenario", "bound")
        .values_list(*YearFigure._fields)
    ]
    savings = [
        SavingRow(*row)
        for row in ForecastSaving.objects.filter(forecast=forecast)
        .order_by("pk")
        .values_list(*SAVING_ROW_FIELDS)
    ]
    return _figures(forecast, years, savings, actuals_for_plan(plan=forecast.plan))


@dataclass(frozen=True)
class HeadlineCells:
    """The current forecast's figures in its headline bound (ForecastFigures.headline_bound), as plain
    cells keyed by (financial year, scenario): what the DSG ledger reads of it."""

    forecast_name: str
    bound: str
    cells: dict[tuple[int, str], Cell]


def current_forecast_headline_cells(*, plan: RecoveryPlan) -> HeadlineCells | None:
    """The plan's current forecast's cells in its headline bound, read as values (no model instances:
    the ledger reads only the figures); None when it has no figures yet. 1 query."""
    rows = list(
        ForecastYear.objects.filter(forecast__plan=plan, forecast__is_current=True)
        .order_by()
        .values_list(
            "forecast__name", "financial_year", "scenario", "bound", "funding", "spend", "cumulative_deficit"
        )
    )
    if not rows:
        return None
    present = {row[3] for row in rows}
    bound = next((b for b in HEADLINE_BOUND_ORDER if b in present), Bound.SINGLE)
    return HeadlineCells(
        rows[0][0],
        bound,
        {(year, scenario): Cell(funding, spend, deficit)
         for _, year, scenario, row_bound, funding, spend, deficit in rows if row_bound == bound},
    )  # fmt: skip


def headline_cells_of(figures: ForecastFigures | None) -> HeadlineCells | None:
    """current_forecast_headline_cells from the current forecast's figures already read (the stored figures
    the dashboard and the Forum report read as one row): the same cells, no query. None without figures."""
    if figures is None or figures.is_empty:
        return None
    bound = figures.headline_bound
    return HeadlineCells(
        figures.forecast.name,
        bound,
        {
            (row.financial_year, series.scenario): cell
            for row in figures.rows
            for series, cell in zip(figures.series, row.cells, strict=True)
            if series.bound == bound and cell is not None
        },
    )


def unmitigated_series(*, forecasts) -> tuple[dict, dict]:
    """The unmitigated cumulative deficit and funding of many forecasts at once (the national overview):
    ``{forecast id: {bound: {financial year: value}}}`` for each. 1 query, whatever the number of councils."""
    rows = ForecastYear.objects.filter(forecast__in=forecasts, scenario=Scenario.UNMITIGATED).values_list(
        "forecast_id", "bound", "financial_year", "cumulative_deficit", "funding"
    )
    deficits: dict[int, dict] = defaultdict(lambda: defaultdict(dict))
    funding: dict[int, dict] = defaultdict(lambda: defaultdict(dict))
    for forecast_id, bound, year, value, year_funding in rows:
        deficits[forecast_id][bound][year] = value
        funding[forecast_id][bound][year] = year_funding
    return deficits, funding


def current_forecast_years_nationally():
    """Every active plan's current forecast, year by year, council by council (the national workbook):
    streamed in chunks, so 153 councils never sit in memory at once."""
    return (
        ForecastYear.objects.filter(forecast__is_current=True, forecast__plan__status="active")
        .select_related("forecast__plan__council")
        .order_by("forecast__plan__council__name", "bound", "scenario", "financial_year")
        .iterator(chunk_size=5000)
    )


def expected_bounds(forecast: Forecast) -> list[str]:
    """The bounds a forecast's table has: from its inputs (computed) or ``has_bounds`` (published figures).

    Uses ``forecast.inputs`` (fetched with the forecast by every selector here): no query.
    """
    if forecast.is_computed:
        inputs = getattr(forecast, "inputs", None)
        with_bounds = inputs is not None and inputs.has_bounds
    else:
        with_bounds = forecast.has_bounds
    if not with_bounds:
        return [Bound.SINGLE]
    # A computed forecast keeps its central case beside the bounds; the papers' tables (seed 003) may not.
    return [Bound.SINGLE, Bound.UPPER, Bound.LOWER] if forecast.is_computed else [Bound.UPPER, Bound.LOWER]


# --- actuals and how far the forecasts were off ------------------------------------------------------------


def actuals_for_plan(*, plan: RecoveryPlan) -> list[Actual]:
    """The plan's recorded outturn, oldest year first. 1 query."""
    return list(Actual.objects.filter(plan=plan).order_by("financial_year"))


def actual_for_year(*, plan: RecoveryPlan, financial_year: int) -> Actual | None:
    """The recorded outturn of one year, or ``None``. 1 query."""
    return Actual.objects.filter(plan=plan, financial_year=financial_year).first()


@dataclass(frozen=True)
class ComparisonRow:
    """One past year of one series of one forecast, against the actual outturn.

    ``difference = actual - forecast``: positive when the deficit turned out larger than forecast.
    ``difference_percent`` is that as a percentage of the forecast figure (``None`` when the forecast
    was 0 or there is no actual yet), rounded to one decimal place.
    """

    financial_year: int
    series: Series
    forecast_deficit: Decimal
    actual_deficit: Decimal | None

    @property
    def label(self) -> str:
        return fy_label(self.financial_year)

    @property
    def difference(self) -> Decimal | None:
        if self.actual_deficit is None:
            return None
        return self.actual_deficit - self.forecast_deficit

    @property
    def difference_percent(self) -> Decimal | None:
        if self.difference is None or self.forecast_deficit == 0:
            return None
        percent = self.difference * 100 / abs(self.forecast_deficit)
        return percent.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class ForecastComparison:
    forecast: Forecast
    rows: list[ComparisonRow] = field(default_factory=list)

    @property
    def missing_years(self) -> list[str]:
        return sorted({row.label for row in self.rows if row.actual_deficit is None})


def forecast_vs_actual(*, plan: RecoveryPlan, today: date | None = None) -> list[ForecastComparison]:
    """For every published forecast (newest first), every past year it has figures for, every series:
    the forecast cumulative deficit against the actual, and the difference in pounds and per cent. 3 queries.

    A past year is one that ended before the financial year ``today`` falls in. A past year without an
    actual yet is listed with ``actual_deficit=None`` so the page can ask for it.
    """
    this_year = fy_of(today or timezone.localdate())
    actuals = {a.financial_year: a.cumulative_deficit for a in actuals_for_plan(plan=plan)}
    forecasts = published_forecasts_for_plan(plan=plan)
    figures = ForecastYear.objects.filter(forecast__in=forecasts, financial_year__lt=this_year).order_by(
        "financial_year"
    )
    by_forecast: dict[int, list[ForecastYear]] = {}
    for figure in figures:
        by_forecast.setdefault(figure.forecast_id, []).append(figure)
    result = []
    for forecast in forecasts:
        mine = by_forecast.get(forecast.pk, [])
        order = {s: i for i, s in enumerate(series_for({f.bound for f in mine}))}
        rows = [
            ComparisonRow(
                financial_year=f.financial_year,
                series=Series(f.scenario, f.bound),
                forecast_deficit=f.cumulative_deficit,
                actual_deficit=actuals.get(f.financial_year),
            )
            for f in mine
        ]
        rows.sort(key=lambda r: (r.financial_year, order[r.series]))
        result.append(ForecastComparison(forecast=forecast, rows=rows))
    return result


# --- inputs of computed forecasts -------------------------------------------------------------------------


@dataclass(frozen=True)
class InputsView:
    """A computed forecast's stored assumptions: what the inputs form shows and what the engine gets."""

    forecast: Forecast
    inputs: ForecastInput | None
    lines: dict[str, ForecastLine]  # by provision type
    transfers: dict[int, Decimal]  # by financial year
    savings_used: list[SavingRow]  # the snapshot taken at the last run

    @property
    def first_year_spend(self) -> Decimal:
        return sum((line.first_year_spend for line in self.lines.values()), Decimal(0))

    def savings_by_year(self) -> list[tuple[int, Decimal, Decimal]]:
        return savings_by_year(self.savings_used)


def forecast_inputs(*, forecast: Forecast, figures: ForecastFigures | None = None) -> InputsView:
    """The stored inputs, lines, transfers and savings snapshot of a forecast. 3 queries (the inputs come
    with the forecast from every selector here); 2 given the forecast's `figures`, which hold the same
    savings snapshot (forecast_figures read it)."""
    inputs = getattr(forecast, "inputs", None) if forecast.is_computed else None
    # Explicit orders, the models' own (by pk, by year within the one forecast): the default orderings go
    # through the forecast's to the plan's and the council's name, three joins for nothing.
    lines = {
        line.provision_type: line for line in ForecastLine.objects.filter(forecast=forecast).order_by("pk")
    }
    transfers = dict(
        ForecastTransfer.objects.filter(forecast=forecast)
        .order_by("financial_year")
        .values_list("financial_year", "amount")
    )
    if figures is not None and figures.forecast.pk == forecast.pk:
        savings = list(figures.savings)
    else:
        savings = [
            SavingRow(*row)
            for row in ForecastSaving.objects.filter(forecast=forecast)
            .order_by("pk")
            .values_list(*SAVING_ROW_FIELDS)
        ]
    return InputsView(
        forecast=forecast, inputs=inputs, lines=lines, transfers=transfers, savings_used=savings
    )


def workstream_savings_for_plan(*, plan: RecoveryPlan) -> list[SavingRow]:
    """The plan's active workstreams' planned savings, named ``"<code>. <title>"``. 1 query."""
    savings = (
        WorkstreamSaving.objects.filter(workstream__plan=plan, workstream__archived_on__isnull=True)
        .order_by("workstream__position", "workstream__code", "financial_year")
        .values_list(
            "workstream_id", "workstream__code", "workstream__title", "financial_year", "target", "stretch"
        )
    )
    # The name as str(Workstream) writes it, from the two columns (no workstream instances).
    return [
        SavingRow(workstream_id, f"{code}. {title}", year, target, stretch)
        for workstream_id, code, title, year, target, stretch in savings
    ]


def savings_changed_since_run(*, view: InputsView, current: Sequence[SavingRow]) -> bool:
    """True when the plan's savings now differ from those the forecast was last run with. No query."""

    def key(rows: Iterable[SavingRow]) -> set[tuple]:
        return {(r.workstream_name, r.financial_year, r.target, r.stretch) for r in rows}

    return key(view.savings_used) != key(current)


def projection_input(
    *, view: InputsView, savings: Sequence[SavingRow] | None = None
) -> engine.ProjectionInput:
    """The engine's input for a computed forecast. ``savings`` defaults to the snapshot of the last run.

    Raises ``ValueError`` (the engine's message, naming the input) when the stored inputs are not a
    valid projection, e.g. a draft without a period.
    """
    forecast, inputs = view.forecast, view.inputs
    if inputs is None or forecast.first_year is None or forecast.last_year is None:
        raise ValueError("inputs: this forecast has no inputs or no period yet")
    bounds = {}
    if inputs.has_bounds:
        bounds = {Bound.UPPER.value: inputs.upper_adjustment, Bound.LOWER.value: inputs.lower_adjustment}
    return engine.ProjectionInput(
        first_year=fy_label(forecast.first_year),
        years=forecast.years_count,
        opening_deficit=inputs.opening_deficit,
        funding=inputs.funding,
        funding_growth=inputs.funding_growth,
        lines={
            key: engine.ExpenditureLine(
                places=line.places,
                unit_cost=line.unit_cost,
                places_growth=line.places_growth,
                unit_cost_growth=line.unit_cost_growth,
            )
            for key, line in view.lines.items()
        },
        transfers={fy_label(year): amount for year, amount in view.transfers.items()},
        savings=[
            engine.WorkstreamSaving(
                workstream=s.workstream_name,
                year=fy_label(s.financial_year),
                target=s.target,
                stretch=s.stretch,
            )
            for s in (view.savings_used if savings is None else savings)
        ],
        success_rate=inputs.success_rate,
        bounds=bounds,
    )


# --- sensitivity to the success rate ----------------------------------------------------------------------


@dataclass(frozen=True)
class SensitivityRow:
    rate: Decimal  # a fraction: 0.75 = 75%
    values: tuple[int, ...]  # aligned with Sensitivity.series: last year's cumulative deficit, pounds
    reductions: tuple[int, ...]  # how much lower than unmitigated (same bound)
    is_forecast_rate: bool
    is_entered_rate: bool

    @property
    def percent(self) -> Decimal:
        return (self.rate * 100).normalize()


@dataclass(frozen=True)
class Sensitivity:
    """The cumulative deficit at the end of the last year when 0%, 50%, 75%, 100% (and the forecast's own
    and an entered rate) of the planned savings are achieved, for the target and stretch scenarios."""

    last_year: str
    series: list[Series]  # target and stretch, per bound
    unmitigated: dict[str, int]  # by bound
    rows: list[SensitivityRow]

    def by_bound(self) -> list[SensitivityBound]:
        """The same figures split into one small table per bound (target and stretch columns each)."""
        result = []
        for bound, unmitigated in self.unmitigated.items():
            picks = [i for i, s in enumerate(self.series) if s.bound == bound]
            rows = [
                replace(
                    row,
                    values=tuple(row.values[i] for i in picks),
                    reductions=tuple(row.reductions[i] for i in picks),
                )
                for row in self.rows
            ]
            result.append(SensitivityBound(bound, [self.series[i] for i in picks], unmitigated, rows))
        return result


@dataclass(frozen=True)
class SensitivityBound:
    bound: str
    series: list[Series]
    unmitigated: int
    rows: list[SensitivityRow]

    @property
    def bound_label(self) -> str:
        return "" if self.bound == Bound.SINGLE else Bound(self.bound).label


# The engine's runs behind a sensitivity table are a pure function of the projection input and the rates, and
# a ProjectionInput's repr names every field it has (frozen dataclasses, Decimals, mappings in a fixed order).
# So they are remembered per process by that repr: the forecast page's first view after a write that left its
# inputs as they were (a milestone saved, which moves the council's data version on) no longer runs the engine
# four to twelve times again (a fifth of that page's time; issue 22). Bounded; never stale, since any change
# to the inputs is a different key.
_ENGINE_RUNS: dict[str, tuple] = {}
_ENGINE_RUNS_MAX = 256


def _engine_runs(inp: engine.ProjectionInput, ordered: list[Decimal]) -> tuple:
    key = repr((inp, ordered))
    found = _ENGINE_RUNS.get(key)
    if found is not None:
        return found
    series = [Series(s, b) for b in inp.bound_names for s in ("target", "stretch")]
    results = {
        s: engine.last_year_deficit_by_success_rate(inp, ordered, scenario=s.scenario, bound=s.bound)
        for s in series
    }
    unmitigated = {
        bound: engine.last_year_deficit_by_success_rate(
            inp, [Decimal(0)], scenario="unmitigated", bound=bound
        )[Decimal(0)]
        for bound in inp.bound_names
    }
    if len(_ENGINE_RUNS) >= _ENGINE_RUNS_MAX:
        _ENGINE_RUNS.clear()
    _ENGINE_RUNS[key] = found = (series, results, unmitigated)
    return found


def sensitivity_for_forecast(
    *, view: InputsView, rate: Decimal | None = None, rates: Sequence[Decimal] = STANDARD_RATES
) -> Sensitivity:
    """Run the engine at each success rate with the forecast's inputs and its savings snapshot. No query.

    ``rate`` is the entered rate (a fraction between 0 and 1), shown in addition to ``rates``.
    Raises ``ValueError`` as ``projection_input`` does.
    """
    inp = projection_input(view=view)
    wanted = {*rates, inp.success_rate, *([] if rate is None else [rate])}
    ordered = sorted(wanted)
    series, results, unmitigated = _engine_runs(inp, ordered)
    rows = []
    for r in ordered:
        values = tuple(results[s][r] for s in series)
        reductions = tuple(unmitigated[s.bound] - results[s][r] for s in series)
        rows.append(
            SensitivityRow(
                rate=r,
                values=values,
                reductions=reductions,
                is_forecast_rate=r == inp.success_rate,
                is_entered_rate=rate is not None and r == rate,
            )
        )
    return Sensitivity(
        last_year=inp.year_labels[-1], series=list(series), unmitigated=dict(unmitigated), rows=rows
    )
