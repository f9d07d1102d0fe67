"""A forecast as a workbook finance staff can audit: every result a live Excel formula over the inputs.

Inputs: the forecast's assumptions. Savings: each workstream's target and stretch saving per year, as the
run used them. Results: funding, each provision line's spend, savings x success rate, in-year and cumulative
deficit for every scenario and bound, each cell a formula written as the engine computes (growth factors
multiplied year by year, ``ROUND`` to whole pounds half away from zero where the engine rounds), with
the engine's figure cached in the cell. Change an input in Excel and every result follows. Actuals:
forecast against actual outturn. A forecast of published figures exports its figures as values, saying so.

The figures come from the one reader (projections.selectors.forecast_figures) and, for a computed forecast,
the engine run on the same inputs, so the workbook and the pages cannot disagree.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils import timezone
from openpyxl.utils import get_column_letter

from projections import engine
from projections.figures import SCENARIO_ORDER, ForecastFigures
from projections.models import Bound, Forecast, ProvisionType, Scenario
from projections.selectors import InputsView, forecast_figures, forecast_inputs, projection_input
from spreadsheets.cells import (
    DATE,
    MILLIONS,
    PERCENT_1,
    POUNDS,
    RATE,
    Cell,
    Column,
    Formula,
    LineChartSpec,
    Sheet,
)

LINES = list(ProvisionType)
FACTOR = "0.000000"  # a growth factor: (1 + rate) to the power of the year
SCENARIO_WORDS = {Scenario.UNMITIGATED: "unmitigated", Scenario.TARGET: "target", Scenario.STRETCH: "stretch"}

# Inputs sheet: fixed cells the formulas refer to.
IN_OPENING, IN_FUNDING, IN_GROWTH, IN_RATE, IN_UPPER, IN_LOWER = (
    "$B$7",
    "$B$8",
    "$B$9",
    "$B$10",
    "$B$11",
    "$B$12",
)
IN_YEARS_ROW, IN_TRANSFERS_ROW, IN_LINES_HEADER = 14, 15, 17


def col(index: int) -> str:
    """Column letter of the ``index``-th year (0-based): years start in column B."""
    return get_column_letter(index + 2)


def _factors(rate: float, n: int) -> list[float]:
    """(1 + rate) ** t for t = 0..n-1 by repeated multiplication, exactly as the engine computes them."""
    factors = [1.0]
    for _ in range(1, n):
        factors.append(factors[-1] * (1.0 + rate))
    return factors


@dataclass
class _Rows:
    """Results rows being laid out: the row number of each named row, and the rows themselves."""

    rows: list[list] = field(default_factory=list)
    where: dict[str, int] = field(default_factory=dict)

    def add(self, key: str, row: list) -> int:
        self.rows.append(row)
        number = len(self.rows) + 1  # + the header row
        self.where[key] = number
        return number

    def blank(self) -> None:
        self.rows.append([])

    @property
    def next_row(self) -> int:
        """The sheet row the next ``add`` writes (row 1 is the header)."""
        return len(self.rows) + 2


@dataclass
class ProjectionsExport:
    forecast: Forecast
    today: date | None = None

    def __post_init__(self):
        self.council = self.forecast.plan.council.name
        self.figures: ForecastFigures = forecast_figures(forecast=self.forecast)
        self.view: InputsView | None = (
            forecast_inputs(forecast=self.forecast) if self.forecast.is_computed else None
        )

    @property
    def title(self) -> str:
        return f"{self.forecast.name}: projections"

    @property
    def filename(self) -> str:
        day = self.today or timezone.localdate()
        return f"{self.forecast.plan.council.slug}-projections-{day:%Y-%m-%d}.xlsx"

    @property
    def computable(self) -> bool:
        view = self.view
        return bool(view and view.inputs and self.forecast.first_year is not None and self.forecast.last_year)

    def sheets(self) -> Iterator[Sheet]:
        if self.computable:
            inp = projection_input(view=self.view)
            frame = engine.project(inp)
            yield self.inputs_sheet(inp)
            savings_sheet, savings_rows = self.savings_sheet(inp)
            yield savings_sheet
            yield self.results_sheet(inp, frame, savings_rows)
        else:
            yield self.figures_sheet()
        yield self.actuals_sheet()

    # --- computed forecasts -------------------------------------------------------------------------------

    def inputs_sheet(self, inp: engine.ProjectionInput) -> Sheet:
        forecast, inputs, years = self.forecast, self.view.inputs, inp.year_labels
        stale = (
            ""
            if inputs.has_current_figures
            else "The inputs changed after the last run: these results are computed from the inputs below."
        )
        rows = [
            ["Forecast", forecast.name],
            ["Council", self.council],
            ["As at", Cell(forecast.as_at, DATE)],
            ["First year", years[0]],
            ["Years", len(years)],
            [stale or "Change any input in blue: the Results sheet follows."],
            ["Deficit brought forward", Cell(inp.opening_deficit, POUNDS, fill="DDEBF7")],
            ["High Needs Block funding in the first year", Cell(inp.funding, POUNDS, fill="DDEBF7")],
            ["Yearly growth in funding", Cell(inp.funding_growth, RATE, fill="DDEBF7")],
            [
                "Success rate (share of planned savings achieved)",
                Cell(inp.success_rate, PERCENT_1, fill="DDEBF7"),
            ],
            [
                "Upper bound adjustment (added to every growth rate)",
                Cell(inp.bounds.get("upper"), RATE, fill="DDEBF7"),
            ],
            [
                "Lower bound adjustment (added to every growth rate)",
                Cell(inp.bounds.get("lower"), RATE, fill="DDEBF7"),
            ],
            [],
            [Cell("Financial year", bold=True), *[Cell(y, bold=True) for y in years]],
            [
                "Schools Block transfers",
                *[Cell(inp.transfers.get(y, Decimal(0)), POUNDS, fill="DDEBF7") for y in years],
            ],
            [],
            [
                Cell(h, bold=True)
                for h in (
                    "Provision type",
                    "Places or plans",
                    "Average unit cost",
                    "Growth in numbers",
                    "Growth in unit cost",
                )
            ],
        ]
        for line in LINES:
            values = inp.lines.get(line.value) or engine.ExpenditureLine(
                places=Decimal(0), unit_cost=Decimal(0)
            )
            rows.append(
                [
                    line.label,
                    Cell(values.places, "#,##0.##", fill="DDEBF7"),
                    Cell(values.unit_cost, POUNDS, fill="DDEBF7"),
                    Cell(values.places_growth, RATE, fill="DDEBF7"),
                    Cell(values.unit_cost_growth, RATE, fill="DDEBF7"),
                ]
            )
        width = max(5, len(years) + 1)
        return Sheet(
            title="Inputs",
            columns=[Column("", 46, wrap=True), *[Column("", 16) for _ in range(width - 1)]],
            rows=rows,
            header=False,
            freeze=False,
            autofilter=False,
        )

    def savings_sheet(self, inp: engine.ProjectionInput) -> tuple[Sheet, dict[str, tuple[int, int]]]:
        """Workstream x year, target then stretch. Returns the sheet and {scenario: (first row, last row)}."""
        years = inp.year_labels
        names = list(dict.fromkeys(s.workstream for s in inp.savings))
        by_key = {(s.workstream, s.year): s for s in inp.savings}
        rows, spans = [], {}
        for scenario in ("target", "stretch"):
            first = len(rows) + 2
            for name in names:
                rows.append(
                    [
                        name,
                        scenario.capitalize(),
                        *[
                            Cell(
                                getattr(by_key[(name, y)], scenario) if (name, y) in by_key else Decimal(0),
                                POUNDS,
                            )
                            for y in years
                        ],
                    ]
                )
            spans[scenario] = (first, len(rows) + 1)
        coverage = self.figures.savings_coverage()
        footer = (
            [["Savings outside the forecast's years are not counted. " + coverage.message]]
            if coverage and coverage.message
            else []
        )
        sheet = Sheet(
            title="Savings",
            columns=[
                Column("Workstream", 40, wrap=True),
                Column("Scenario", 10),
                *[Column(y, 14, POUNDS) for y in years],
            ],
            rows=rows,
            footer=footer,
        )
        if names:
            sheet.charts.append(
                LineChartSpec(
                    title="Target savings by workstream, before the success rate",
                    anchor=f"A{len(rows) + 6}",
                    series_rows=list(range(spans["target"][0], spans["target"][1] + 1)),
                    name_column=1,
                    first_column=3,
                    last_column=len(years) + 2,
                    categories_row=1,
                    y_title="Saving",
                    kind="bar",
                )
            )
        return sheet, spans

    def results_sheet(self, inp: engine.ProjectionInput, frame, savings_rows) -> Sheet:
        years = inp.year_labels
        n = len(years)
        out = _Rows()
        result = {(r.bound, r.scenario, r.year): r for r in frame.itertuples(index=False)}
        first_bound = inp.bound_names[0]

        def figure(bound: str, scenario: str, t: int, name: str) -> int:
            return int(getattr(result[(bound, scenario, years[t])], name))

        def money(text: str, cached, bold: bool = False) -> Cell:
            return Cell(Formula(text, cached), POUNDS, bold=bold)

        # Funding and savings: the same for every bound.
        factor = _factors(float(inp.funding_growth), n)
        ff = out.next_row
        out.add(
            "ff",
            [
                "Funding growth factor",
                *[
                    Cell(
                        Formula("=1" if t == 0 else f"={col(t - 1)}{ff}*(1+Inputs!{IN_GROWTH})", factor[t]),
                        FACTOR,
                    )
                    for t in range(n)
                ],
            ],
        )
        fund = out.add(
            "funding",
            [
                "High Needs Block funding",
                *[
                    money(
                        f"=ROUND(Inputs!{IN_FUNDING}*{col(t)}{ff}+Inputs!{col(t)}{IN_TRANSFERS_ROW},0)",
                        figure(first_bound, "unmitigated", t, "funding"),
                    )
                    for t in range(n)
                ],
            ],
        )
        counted = {}
        # The Savings sheet's cells, summed as its SUM formulas do: their cached values (they had none, so
        # a reader that does not recalculate saw blanks).
        by_key = {(s.workstream, s.year): s for s in inp.savings}

        def saved(scenario: str, t: int) -> int | float:
            total = sum((getattr(s, scenario) for (_, y), s in by_key.items() if y == years[t]), Decimal(0))
            return int(total) if total == total.to_integral_value() else float(total)

        for scenario in ("target", "stretch"):
            first, last = savings_rows[scenario]
            sums = [
                f"=SUM(Savings!{get_column_letter(t + 3)}{first}:{get_column_letter(t + 3)}{last})"
                if last >= first
                else "=0"
                for t in range(n)
            ]
            before = out.add(
                f"{scenario}-before",
                [
                    f"{scenario.capitalize()} savings before the success rate",
                    *[money(sums[t], saved(scenario, t)) for t in range(n)],
                ],
            )
            counted[scenario] = out.add(
                f"{scenario}-counted",
                [
                    f"{scenario.capitalize()} savings counted (× success rate)",
                    *[
                        money(
                            f"=ROUND({col(t)}{before}*Inputs!{IN_RATE},0)",
                            figure(first_bound, scenario, t, "savings"),
                        )
                        for t in range(n)
                    ],
                ],
            )
        cumulative_rows = []
        for bound in inp.bound_names:
            cumulative_rows += self._bound_rows(out, inp, bound, fund, counted, figure, money)
        sheet = Sheet(
            title="Results",
            columns=[Column("Financial year", 52, wrap=True), *[Column(y, 15, POUNDS) for y in years]],
            rows=out.rows,
            autofilter=False,
        )
        sheet.charts.append(
            LineChartSpec(
                title="Cumulative High Needs Block deficit",
                anchor=f"A{len(out.rows) + 4}",
                series_rows=cumulative_rows,
                name_column=1,
                first_column=2,
                last_column=n + 1,
                categories_row=1,
                y_title="Cumulative deficit",
            )
        )
        return sheet

    def _bound_rows(self, out: _Rows, inp, bound: str, fund: int, counted: dict, figure, money) -> list[int]:
        """One bound's workings: each line's growth factors and spend, then spend, in-year and cumulative
        deficit per scenario. Returns the cumulative rows (for the chart)."""
        n = inp.years
        label = "" if bound == engine.SINGLE else f"{Bound(bound).label}: "
        adjustment = {"upper": f"+Inputs!{IN_UPPER}", "lower": f"+Inputs!{IN_LOWER}"}.get(bound, "")
        adj = float(inp.bounds.get(bound, 0))
        out.blank()
        out.add(f"{bound}-heading", [Cell(f"{label or 'Single estimate: '}spend and deficit", bold=True)])
        line_rows = []
        for k, line in enumerate(LINES):
            values = inp.lines.get(line.value) or engine.ExpenditureLine(
                places=Decimal(0), unit_cost=Decimal(0)
            )
            pf = _factors(float(values.places_growth) + adj, n)
            cf = _factors(float(values.unit_cost_growth) + adj, n)
            places, cost = float(values.places), float(values.unit_cost)
            row_in = IN_LINES_HEADER + 1 + k
            p_row = out.next_row
            out.add(
                f"{bound}-{line.value}-pf",
                [
                    f"{label}{line.label}: places growth factor",
                    *[
                        Cell(
                            Formula(
                                "=1"
                                if t == 0
                                else f"={col(t - 1)}{p_row}*(1+(Inputs!$D${row_in}{adjustment}))",
                                pf[t],
                            ),
                            FACTOR,
                        )
                        for t in range(n)
                    ],
                ],
            )
            c_row = out.next_row
            out.add(
                f"{bound}-{line.value}-cf",
                [
                    f"{label}{line.label}: unit cost growth factor",
                    *[
                        Cell(
                            Formula(
                                "=1"
                                if t == 0
                                else f"={col(t - 1)}{c_row}*(1+(Inputs!$E${row_in}{adjustment}))",
                                cf[t],
                            ),
                            FACTOR,
                        )
                        for t in range(n)
                    ],
                ],
            )
            line_rows.append(
                out.add(
                    f"{bound}-{line.value}-spend",
                    [
                        f"{label}{line.label}: spend",
                        *[
                            Cell(
                                Formula(
                                    f"=(Inputs!$B${row_in}*{col(t)}{p_row})*(Inputs!$C${row_in}*{col(t)}{c_row})",
                                    (places * pf[t]) * (cost * cf[t]),
                                ),
                                "#,##0.00",
                            )
                            for t in range(n)
                        ],
                    ],
                )
            )
        spend = {
            "unmitigated": out.add(
                f"{bound}-spend-unmitigated",
                [
                    f"{label}Spend, unmitigated",
                    *[
                        money(
                            "=ROUND(" + "+".join(f"{col(t)}{r}" for r in line_rows) + ",0)",
                            figure(bound, "unmitigated", t, "spend"),
                        )
                        for t in range(n)
                    ],
                ],
            )
        }
        for scenario in ("target", "stretch"):
            spend[scenario] = out.add(
                f"{bound}-spend-{scenario}",
                [
                    f"{label}Spend, {scenario} mitigated",
                    *[
                        money(
                            f"={col(t)}{spend['unmitigated']}-{col(t)}{counted[scenario]}",
                            figure(bound, scenario, t, "spend"),
                        )
                        for t in range(n)
                    ],
                ],
            )
        in_year = {
            scenario: out.add(
                f"{bound}-inyear-{scenario}",
                [
                    f"{label}In-year deficit, {SCENARIO_WORDS[scenario]}",
                    *[
                        money(
                            f"={col(t)}{spend[scenario]}-{col(t)}{fund}",
                            figure(bound, scenario, t, "in_year_deficit"),
                        )
                        for t in range(n)
                    ],
                ],
            )
            for scenario in SCENARIO_ORDER
        }
        rows = []
        for scenario in SCENARIO_ORDER:
            row = out.next_row
            opening = f"=ROUND(Inputs!{IN_OPENING},0)"
            rows.append(
                out.add(
                    f"{bound}-cum-{scenario}",
                    [
                        Cell(f"{label}Cumulative deficit, {SCENARIO_WORDS[scenario]}", bold=True),
                        *[
                            money(
                                f"{opening}+{col(t)}{in_year[scenario]}"
                                if t == 0
                                else f"={col(t - 1)}{row}+{col(t)}{in_year[scenario]}",
                                figure(bound, scenario, t, "cumulative_deficit"),
                                bold=True,
                            )
                            for t in range(n)
                        ],
                    ],
                )
            )
        return rows

    # --- published figures and actuals ----------------------------------------------------------------

    def figures_sheet(self) -> Sheet:
        figures = self.figures
        fmt = MILLIONS if figures.unit == "millions" else POUNDS
        rows = [[s.label, *[Cell(v, fmt) for v in values]] for s, values in figures.by_series()]
        note = (
            "Published figures only: this forecast was entered as figures from a paper "
            f"({self.forecast.source or 'no source given'}), not computed in the tracker, so they are "
            "values, not formulas."
        )
        sheet = Sheet(
            title="Figures",
            columns=[Column("Scenario", 40), *[Column(y, 14, fmt) for y in figures.year_labels]],
            rows=rows,
            preamble=[f"{self.council}: {self.forecast.name}", note],
            autofilter=False,
        )
        if rows:  # the same chart as a computed forecast's (it had none)
            sheet.charts.append(
                LineChartSpec(
                    title="Cumulative High Needs Block deficit",
                    anchor=f"A{sheet.first_data_row + len(rows) + 3}",
                    series_rows=list(range(sheet.first_data_row, sheet.first_data_row + len(rows))),
                    name_column=1,
                    first_column=2,
                    last_column=len(figures.year_labels) + 1,
                    categories_row=sheet.header_row,
                    y_title="Cumulative deficit",
                )
            )
        return sheet

    def actuals_sheet(self) -> Sheet:
        figures = self.figures
        actuals = figures.actuals_in_years()
        rows = []
        start = 2
        for series in figures.series:
            for year, label in zip(figures.years, figures.year_labels, strict=True):
                forecast_value = figures.value(series.scenario, year, series.bound)
                if forecast_value is None or year not in actuals:
                    continue
                r = start + len(rows)
                rows.append(
                    [
                        label,
                        series.label,
                        forecast_value,
                        actuals[year],
                        Formula(f"=D{r}-C{r}", int(actuals[year] - forecast_value)),
                        Formula(
                            f'=IF(C{r}=0,"",E{r}/ABS(C{r}))',
                            float((actuals[year] - forecast_value) / abs(forecast_value))
                            if forecast_value
                            else None,
                        ),
                    ]
                )
        return Sheet(
            title="Actuals",
            columns=[
                Column("Financial year", 14),
                Column("Scenario", 34),
                Column("Forecast cumulative deficit", 18, POUNDS),
                Column("Actual cumulative deficit", 18, POUNDS),
                Column("Difference (actual less forecast)", 18, POUNDS),
                Column("Difference (%)", 14, PERCENT_1),
            ],
            rows=rows
            or [
                ["No actual outturn is recorded for this forecast's years yet.", None, None, None, None, None]
            ],
        )
