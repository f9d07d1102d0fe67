"""A forecast's figures as every page, chart, report snapshot and export reads them (plain data, no queries).

``ForecastFigures`` is what ``projections.selectors.forecast_figures`` returns: the cumulative deficit (and,
for computed forecasts, funding and spend) per financial year x scenario x bound, the plan's actuals, and the
workstream savings *as used by this forecast's run* with the run's success rate. Everything derived from
those (the headline figures, the mitigation waterfall, what share of the plan's savings the forecast's years
count) is computed here, once, so the dashboard, the forecast page, the Forum report and the Excel workbooks
cannot tell different stories.

Money is ``Decimal`` pounds; a deficit is positive, a surplus negative.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal

from core.financial_years import fy_label
from core.money import POUNDS, pounds
from projections.engine import savings_totals
from projections.models import Actual, Bound, Forecast, Scenario

SCENARIO_ORDER: tuple[str, ...] = (Scenario.UNMITIGATED, Scenario.TARGET, Scenario.STRETCH)
BOUND_ORDER: tuple[str, ...] = (Bound.SINGLE, Bound.UPPER, Bound.LOWER)
# The bound a headline figure quotes when a forecast has upper/lower variants and no single estimate.
HEADLINE_BOUND_ORDER: tuple[str, ...] = (Bound.SINGLE, Bound.UPPER, Bound.LOWER)


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
    cells: tuple[Cell | None, ...]  # aligned with ForecastFigures.series; None where there is no figure

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
class SavingRow:
    """One workstream's planned saving in one year, before the success rate."""

    workstream_id: int | None
    workstream_name: str
    financial_year: int
    target: Decimal
    stretch: Decimal


def savings_by_year(savings: Iterable[SavingRow]) -> list[tuple[int, Decimal, Decimal]]:
    """``(year, target, stretch)`` totals over workstreams, oldest year first (the engine's sum)."""
    totals = savings_totals((s.financial_year, s.target, s.stretch) for s in savings)
    return [(year, target, stretch) for year, (target, stretch) in sorted(totals.items())]


@dataclass(frozen=True)
class SavingsCoverage:
    """How much of a plan's planned (target) savings fall inside a forecast's years.

    The engine counts savings only in the years it projects; this says so instead of letting target and
    stretch quietly equal unmitigated.
    """

    first_year: int
    last_year: int
    total: Decimal  # every year's target savings, before the success rate
    counted: Decimal  # those inside first_year..last_year
    saving_years: tuple[int, ...]

    @property
    def missed(self) -> Decimal:
        return self.total - self.counted

    @property
    def is_complete(self) -> bool:
        return self.missed == 0

    @property
    def years_before(self) -> tuple[int, ...]:
        return tuple(y for y in self.saving_years if y < self.first_year)

    @property
    def years_after(self) -> tuple[int, ...]:
        return tuple(y for y in self.saving_years if y > self.last_year)

    @property
    def message(self) -> str:
        """ "The plan's savings run to 2024-25; this forecast starts 2026-27: £0 of £440,000 is counted." """
        if self.is_complete or not self.saving_years:
            return ""
        first, last = fy_label(self.saving_years[0]), fy_label(self.saving_years[-1])
        outside = len(self.years_before) + len(self.years_after) == len(self.saving_years)
        if outside and not self.years_after:
            where = f"The plan's savings run to {last}; this forecast starts {fy_label(self.first_year)}"
        elif outside and not self.years_before:
            where = f"The plan's savings start in {first}; this forecast ends {fy_label(self.last_year)}"
        else:
            where = (
                f"The plan's savings run from {first} to {last}; this forecast covers "
                f"{fy_label(self.first_year)} to {fy_label(self.last_year)}"
            )
        return f"{where}: {pounds(self.counted)} of {pounds(self.total)} is counted."


def savings_coverage(savings: Iterable[SavingRow], *, first_year: int, last_year: int) -> SavingsCoverage:
    rows = list(savings)
    counted = sum((s.target for s in rows if first_year <= s.financial_year <= last_year), Decimal(0))
    return SavingsCoverage(
        first_year=first_year,
        last_year=last_year,
        total=sum((s.target for s in rows), Decimal(0)),
        counted=counted,
        saving_years=tuple(sorted({s.financial_year for s in rows if s.target})),
    )


@dataclass(frozen=True)
class MitigationStep:
    label: str
    amount: Decimal  # how much lower the deficit is for this step (negative: higher)
    workstream_id: int | None = None


@dataclass(frozen=True)
class Mitigation:
    """From the unmitigated to the target mitigated cumulative deficit in the forecast's last year.

    ``steps`` sum exactly to ``unmitigated - mitigated``: for a computed forecast one step per workstream,
    its savings in the run's years x the run's success rate, apportioned to whole pounds so each year's
    steps add up to the figure the engine rounded; for a forecast of published figures, one step
    "Mitigation as published" (``as_published``), since the paper does not break it down.
    """

    year: int
    bound: str
    scenario: str
    unmitigated: Decimal
    mitigated: Decimal
    steps: list[MitigationStep]
    as_published: bool

    @property
    def year_label(self) -> str:
        return fy_label(self.year)

    @property
    def total(self) -> Decimal:
        return sum((s.amount for s in self.steps), Decimal(0))


def apportion(total: Decimal, shares: Sequence[Decimal]) -> list[Decimal]:
    """Whole pounds, one per share, adding up to ``total`` exactly (largest remainder).

    ``shares`` are the exact amounts (e.g. a workstream's saving x the success rate); ``total`` is what
    the engine rounded their sum to. Each result is within one pound of its share whenever ``total`` is
    within half a pound per share of their sum, as the engine's rounding guarantees.
    """
    if not shares:
        return []
    floors = [s.to_integral_value(rounding=ROUND_FLOOR) for s in shares]
    residual = int(total - sum(floors, Decimal(0)))
    order = sorted(range(len(shares)), key=lambda i: (-(shares[i] - floors[i]), i))
    result = list(floors)
    if residual >= 0:
        for n in range(residual):
            result[order[n % len(order)]] += 1
    else:
        for n in range(-residual):
            result[order[-1 - (n % len(order))]] -= 1
    return result


@dataclass(frozen=True)
class ForecastFigures:
    """One forecast's figures: a row per financial year, a cell per series (scenario x bound)."""

    forecast: Forecast
    series: list[Series]
    rows: list[YearRow]
    savings: list[SavingRow] = field(default_factory=list)  # the run's snapshot, every year
    success_rate: Decimal | None = None  # the run's rate (a fraction); None for published figures
    actuals: list[Actual] = field(default_factory=list)  # the plan's outturn, oldest first

    # --- shape ----------------------------------------------------------------------------------------

    @property
    def unit(self) -> str:
        """How the council gave the figures: "pounds", or "millions" for a paper that prints £m."""
        return getattr(self.forecast, "figures_unit", POUNDS) or POUNDS

    @property
    def is_empty(self) -> bool:
        return not any(cell is not None for row in self.rows for cell in row.cells)

    @property
    def years(self) -> list[int]:
        return [row.financial_year for row in self.rows]

    @property
    def year_labels(self) -> list[str]:
        return [row.label for row in self.rows]

    @property
    def period_label(self) -> str:
        """ "2021-22 to 2027-28" from the rows (forecasts loaded without a period still have one)."""
        return f"{self.rows[0].label} to {self.rows[-1].label}" if self.rows else ""

    @property
    def bounds(self) -> list[str]:
        return list(dict.fromkeys(s.bound for s in self.series))

    @property
    def has_bounds(self) -> bool:
        return Bound.UPPER in self.bounds and Bound.LOWER in self.bounds

    @property
    def has_money(self) -> bool:
        """True when the figures carry funding and spend (computed forecasts), not only the deficit."""
        return any(cell is not None and cell.funding is not None for row in self.rows for cell in row.cells)

    @property
    def headline_bound(self) -> str:
        present = self.bounds
        return next((b for b in HEADLINE_BOUND_ORDER if b in present), Bound.SINGLE)

    @property
    def last_figure_year(self) -> int | None:
        """The last year with any figure."""
        for row in reversed(self.rows):
            if any(cell is not None for cell in row.cells):
                return row.financial_year
        return None

    # --- reading figures ------------------------------------------------------------------------------

    def cell(self, row: YearRow, scenario: str, bound: str) -> Cell | None:
        for series, cell in zip(self.series, row.cells, strict=True):
            if series.scenario == scenario and series.bound == bound:
                return cell
        return None

    def value(self, scenario: str, year: int | None, bound: str | None = None) -> Decimal | None:
        """The cumulative deficit of one scenario at the end of ``year`` (headline bound by default)."""
        for row in self.rows:
            if row.financial_year == year:
                cell = self.cell(row, scenario, bound or self.headline_bound)
                return None if cell is None else cell.cumulative_deficit
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

    def by_series(self) -> list[tuple[Series, list[Decimal | None]]]:
        """The papers' layout (seed 003): a row per scenario and bound, a value per year."""
        return [(s, self.column(s)) for s in self.series]

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

    def actuals_in_years(self) -> dict[int, Decimal]:
        years = set(self.years)
        return {a.financial_year: a.cumulative_deficit for a in self.actuals if a.financial_year in years}

    # --- savings and mitigation ----------------------------------------------------------------------

    def savings_coverage(self) -> SavingsCoverage | None:
        if not self.rows or not self.forecast.is_computed:
            return None
        return savings_coverage(self.savings, first_year=self.years[0], last_year=self.years[-1])

    def mitigation(self, scenario: str = Scenario.TARGET, bound: str | None = None) -> Mitigation | None:
        """The steps from unmitigated to ``scenario`` in the last year with both figures (see Mitigation)."""
        bound = bound or self.headline_bound
        year = next(
            (
                row.financial_year
                for row in reversed(self.rows)
                if self.cell(row, Scenario.UNMITIGATED, bound) and self.cell(row, scenario, bound)
            ),
            None,
        )
        if year is None:
            return None
        unmitigated = self.value(Scenario.UNMITIGATED, year, bound)
        mitigated = self.value(scenario, year, bound)
        gap = unmitigated - mitigated
        if not self.has_money:
            steps = [MitigationStep("Mitigation as published", gap)] if gap else []
            return Mitigation(year, bound, scenario, unmitigated, mitigated, steps, as_published=True)
        return Mitigation(
            year,
            bound,
            scenario,
            unmitigated,
            mitigated,
            self._workstream_steps(scenario, bound, year),
            False,
        )

    def _workstream_steps(self, scenario: str, bound: str, last: int) -> list[MitigationStep]:
        """Each year's saving (unmitigated spend less mitigated spend, as the engine rounded it) shared out
        among the workstreams by their savings x the run's rate, then added up per workstream."""
        pick = "target" if scenario == Scenario.TARGET else "stretch"
        rate = self.success_rate if self.success_rate is not None else Decimal(1)
        names: dict[str, int | None] = {}
        totals: dict[str, Decimal] = {}
        unexplained = Decimal(0)
        for money in self.money_rows(bound):
            if money.financial_year > last:
                break
            index = 0 if scenario == Scenario.TARGET else 1
            saved = money.savings[index] or Decimal(0)
            rows = [s for s in self.savings if s.financial_year == money.financial_year and getattr(s, pick)]
            if not rows:
                unexplained += saved
                continue
            # Even a year the engine rounded to £0 is shared out: its workstreams may save and cost.
            shares = apportion(saved, [getattr(s, pick) * rate for s in rows])
            for saving, share in zip(rows, shares, strict=True):
                names.setdefault(saving.workstream_name, saving.workstream_id)
                totals[saving.workstream_name] = totals.get(saving.workstream_name, Decimal(0)) + share
        steps = [MitigationStep(name, totals[name], names[name]) for name in names if totals[name]]
        if unexplained:
            # Only for figures stored before the run kept its savings: say so rather than balance silently.
            steps.append(MitigationStep("Savings the run did not record by workstream", unexplained))
        return steps
