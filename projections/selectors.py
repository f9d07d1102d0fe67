"""Reads about forecasts and actuals, shaped for pages. Each costs a fixed number of queries, whatever the
number of forecasts, years or workstreams (the count is in each docstring and checked in
tests/projections/test_selectors.py).

Money is ``Decimal`` pounds throughout; a deficit is positive, a surplus negative.

For pages and the dashboard:

- ``current_forecast_for_plan(*, plan) -> Forecast | None``: the plan's current forecast      (1 query)
- ``forecasts_for_plan(*, plan, include_drafts=True) -> list[Forecast]``: current first, then newest,
  each with ``figure_count``                                                                 (1 query)
- ``published_forecasts_for_plan(*, plan) -> list[Forecast]``: newest first                  (1 query)
- ``forecast_for_council(*, council, forecast_id) -> Forecast | None``: any of the council's plans;
  another council's id gives ``None``                                                       (1 query)
- ``forecast_table(*, forecast) -> ForecastTable``: ``rows`` per financial year, each with a ``Cell``
  (funding, spend, cumulative_deficit, in_year_deficit) per ``series`` (scenario x bound);
  ``column(series)``, ``last_year(scenario, bound)``, ``money_rows(bound)``                   (1 query)
- ``actuals_for_plan(*, plan) -> list[Actual]``: oldest year first                            (1 query)
- ``actual_for_year(*, plan, financial_year) -> Actual | None``                               (1 query)
- ``forecast_vs_actual(*, plan, today=None) -> list[ForecastComparison]``: for every published
  forecast, every ended year and series, forecast against actual, difference in £ and %      (3 queries)

For the forecast pages and services:

- ``forecast_inputs(*, forecast) -> InputsView``: a computed forecast's stored assumptions      (3 queries)
- ``workstream_savings_for_plan(*, plan) -> list[SavingRow]``: active workstreams' savings     (1 query)
- ``savings_changed_since_run(*, view, current) -> bool``                                     (no query)
- ``projection_input(*, view, savings=None) -> engine.ProjectionInput``                       (no query)
- ``sensitivity_for_forecast(*, view, rate=None) -> Sensitivity``: the last year's cumulative deficit
  at 0%, 50%, 75%, 100%, the forecast's and the entered success rate                          (no query)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count
from django.utils import timezone

from projections import engine
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
from recovery.financial_years import fy_label, fy_of
from recovery.models import Council, RecoveryPlan
from workstreams.models import WorkstreamSaving

SCENARIO_ORDER: tuple[str, ...] = engine.SCENARIOS  # unmitigated, target, stretch
BOUND_ORDER: tuple[str, ...] = (Bound.SINGLE, Bound.UPPER, Bound.LOWER)
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


def forecast_for_council(*, council: Council, forecast_id: int) -> Forecast | None:
    """One forecast of any of the council's plans, or ``None`` (another council's id is ``None``). 1 query."""
    return (
        Forecast.objects.filter(plan__council=council, pk=forecast_id)
        .select_related("plan__council", "inputs", "created_by")
        .first()
    )


# --- the table of figures ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Series:
    """One scenario in one bound: a column of the table, a line of the chart."""

    scenario: str
    bound: str

    @property
    def key(self) -> str:
        return f"{self.scenario}-{self.bound}"

    @property
    def scenario_label(self) -> str:
        return Scenario(self.scenario).label

    @property
    def bound_label(self) -> str:
        return Bound(self.bound).label

    @property
    def label(self) -> str:
        """``"Target mitigated"``, or ``"Upper bound target mitigated"`` when the forecast has bounds."""
        if self.bound == Bound.SINGLE:
            return self.scenario_label
        return f"{self.bound_label} {self.scenario_label.lower()}"


def series_for(bounds: Iterable[str]) -> list[Series]:
    """The columns for these bounds, in the order the papers print them (seed 003: UB rows, then LB)."""
    present = set(bounds)
    return [Series(s, b) for b in BOUND_ORDER if b in present for s in SCENARIO_ORDER]


@dataclass(frozen=True)
class Cell:
    funding: Decimal | None
    spend: Decimal | None
    cumulative_deficit: Decimal

    @property
    def in_year_deficit(self) -> Decimal | None:
        if self.funding is None or self.spend is None:
            return None
        return self.spend - self.funding


@dataclass(frozen=True)
class YearRow:
    financial_year: int
    cells: tuple[Cell | None, ...]  # aligned with ForecastTable.series; None where the forecast has no figure

    @property
    def label(self) -> str:
        return fy_label(self.financial_year)


@dataclass(frozen=True)
class MoneyRow:
    """One year of one bound: funding, spend per scenario and in-year deficit per scenario."""

    financial_year: int
    funding: Decimal | None
    spend: tuple[Decimal | None, ...]  # unmitigated, target, stretch
    in_year: tuple[Decimal | None, ...]
    savings: tuple[Decimal | None, ...]  # target, stretch: unmitigated spend less mitigated spend

    @property
    def label(self) -> str:
        return fy_label(self.financial_year)


@dataclass(frozen=True)
class ForecastTable:
    """A forecast's figures: one row per financial year, one cell per series (scenario x bound)."""

    forecast: Forecast
    series: list[Series]
    rows: list[YearRow]

    @property
    def is_empty(self) -> bool:
        return not any(cell is not None for row in self.rows for cell in row.cells)

    @property
    def period_label(self) -> str:
        """ "2021-22 to 2027-28" from the rows (forecasts loaded without a period still have one)."""
        return f"{self.rows[0].label} to {self.rows[-1].label}" if self.rows else ""

    @property
    def bounds(self) -> list[str]:
        return list(dict.fromkeys(s.bound for s in self.series))

    @property
    def has_money(self) -> bool:
        """True when the figures carry funding and spend (computed forecasts), not only the deficit."""
        return any(cell is not None and cell.funding is not None for row in self.rows for cell in row.cells)

    def cell(self, row: YearRow, scenario: str, bound: str) -> Cell | None:
        for series, cell in zip(self.series, row.cells, strict=True):
            if series.scenario == scenario and series.bound == bound:
                return cell
        return None

    def column(self, series: Series) -> list[Decimal | None]:
        index = self.series.index(series)
        return [
            None if row.cells[index] is None else row.cells[index].cumulative_deficit for row in self.rows
        ]

    def last_year(self, scenario: str, bound: str) -> Decimal | None:
        """The cumulative deficit at the end of the last year with a figure for this series."""
        for row in reversed(self.rows):
            cell = self.cell(row, scenario, bound)
            if cell is not None:
                return cell.cumulative_deficit
        return None

    def money_rows(self, bound: str) -> list[MoneyRow]:
        """Funding and spend per year for one bound (for the "Funding and spend" table)."""
        result = []
        for row in self.rows:
            cells = [self.cell(row, scenario, bound) for scenario in SCENARIO_ORDER]
            if all(c is None for c in cells):
                continue
            spend = tuple(None if c is None else c.spend for c in cells)
            unmitigated = spend[0]
            savings = tuple(None if unmitigated is None or s is None else unmitigated - s for s in spend[1:])
            funding = next((c.funding for c in cells if c is not None), None)
            in_year = tuple(None if c is None else c.in_year_deficit for c in cells)
            result.append(MoneyRow(row.financial_year, funding, spend, in_year, savings))
        return result


def forecast_table(*, forecast: Forecast) -> ForecastTable:
    """The forecast's figures as rows per year with a cell per scenario x bound. 1 query.

    Columns are the series that have figures; a forecast without figures yet shows the series it will have
    (computed: from its bounds; published figures: from ``has_bounds``). Rows run over the forecast's period
    and any year that has a figure.
    """
    figures = list(
        ForecastYear.objects.filter(forecast=forecast).order_by("financial_year", "scenario", "bound")
    )
    bounds = {f.bound for f in figures} or set(expected_bounds(forecast))
    series = series_for(bounds)
    years = {f.financial_year for f in figures}
    if forecast.first_year is not None and forecast.last_year is not None:
        years.update(range(forecast.first_year, forecast.last_year + 1))
    by_key = {(f.financial_year, f.scenario, f.bound): f for f in figures}
    rows = []
    for year in sorted(years):
        cells = []
        for s in series:
            figure = by_key.get((year, s.scenario, s.bound))
            cells.append(
                None if figure is None else Cell(figure.funding, figure.spend, figure.cumulative_deficit)
            )
        rows.append(YearRow(year, tuple(cells)))
    return ForecastTable(forecast=forecast, series=series, rows=rows)


def expected_bounds(forecast: Forecast) -> list[str]:
    """The bounds a forecast's table has: from its inputs (computed) or ``has_bounds`` (published figures).

    Uses ``forecast.inputs`` (fetched with the forecast by every selector here): no query.
    """
    if forecast.is_computed:
        inputs = getattr(forecast, "inputs", None)
        with_bounds = inputs is not None and inputs.has_bounds
    else:
        with_bounds = forecast.has_bounds
    return [Bound.UPPER, Bound.LOWER] if with_bounds else [Bound.SINGLE]


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
    def compared_rows(self) -> list[ComparisonRow]:
        return [row for row in self.rows if row.actual_deficit is not None]

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
class SavingRow:
    """One workstream's planned saving in one year, before the success rate."""

    workstream_id: int | None
    workstream_name: str
    financial_year: int
    target: Decimal
    stretch: Decimal


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

    def savings_by_year(self) -> list[tuple[str, Decimal, Decimal]]:
        totals: dict[int, list[Decimal]] = {}
        for saving in self.savings_used:
            total = totals.setdefault(saving.financial_year, [Decimal(0), Decimal(0)])
            total[0] += saving.target
            total[1] += saving.stretch
        return [(fy_label(year), t, s) for year, (t, s) in sorted(totals.items())]


def forecast_inputs(*, forecast: Forecast) -> InputsView:
    """The stored inputs, lines, transfers and savings snapshot of a forecast. 3 queries (the inputs come
    with the forecast from every selector here)."""
    inputs = getattr(forecast, "inputs", None) if forecast.is_computed else None
    lines = {line.provision_type: line for line in ForecastLine.objects.filter(forecast=forecast)}
    transfers = dict(
        ForecastTransfer.objects.filter(forecast=forecast).values_list("financial_year", "amount")
    )
    savings = [
        SavingRow(s.workstream_id, s.workstream_name, s.financial_year, s.target, s.stretch)
        for s in ForecastSaving.objects.filter(forecast=forecast).order_by(
            "workstream_name", "financial_year"
        )
    ]
    return InputsView(
        forecast=forecast, inputs=inputs, lines=lines, transfers=transfers, savings_used=savings
    )


def workstream_savings_for_plan(*, plan: RecoveryPlan) -> list[SavingRow]:
    """The plan's active workstreams' planned savings, named ``"<code>. <title>"``. 1 query."""
    savings = (
        WorkstreamSaving.objects.filter(workstream__plan=plan, workstream__archived_on__isnull=True)
        .select_related("workstream")
        .order_by("workstream__position", "workstream__code", "financial_year")
    )
    return [
        SavingRow(s.workstream_id, str(s.workstream), s.financial_year, s.target, s.stretch) for s in savings
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
    return Sensitivity(last_year=inp.year_labels[-1], series=series, unmitigated=unmitigated, rows=rows)
