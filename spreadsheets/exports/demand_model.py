"""The demand model's workbook: what its page shows, as figures finance can work with — EHC plans by setting
group and year (expected, 5th and 95th percentile), the scenarios, the flows it was calibrated on, the
workstreams' levers with their effect in children and pounds, and the backtest against the naive forecasts.

The figures are the page's: the same run (seeded per council, PAGE_SIMULATIONS simulations) of the same
DfE figures and levers, so a number in the workbook is the number on the page."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from dfe.selectors import NeedTable
from projections.backtest import METHOD_LABELS, METHODS
from projections.demand import GROUP_KEYS, GROUPS
from projections.demand_cyp import AGE_GROUPS, cyp_by_age_group, cyp_by_need
from projections.demand_services import PAGE_SIMULATIONS, DemandSummary
from recovery.models import Council
from spreadsheets.cells import COUNT, PERCENT_1, POUNDS, Cell, Column, Sheet

OGL = "Contains public sector information licensed under the Open Government Licence v3.0."
CYP_AGE_NOTE = (
    "Actual censuses: DfE, Education, health and care plans (SEN2). Forecast censuses: the demand model's "
    "expectation; each cell rounded from the unrounded figure."
)
CYP_NEED_NOTE = (
    "Forecast censuses: all EHC plans (the demand model's unmitigated expectation) × each need's share "
    "at the latest census, held: the DfE publishes need for all plans, not by age or setting, so need is "
    "not a dimension of the model."
)


def _count(value: float) -> Cell:
    return Cell(round(float(value)), COUNT)


@dataclass
class DemandModelExport:
    council: Council
    summary: DemandSummary
    needs: NeedTable | None = None  # EHC plans by primary need from the DfE store
    today: date = field(default_factory=timezone.localdate)

    @property
    def title(self) -> str:
        return f"{self.council.name}: demand model"

    @property
    def filename(self) -> str:
        return f"{self.council.slug}-demand-model-{self.today:%Y-%m-%d}.xlsx"

    @property
    def _about(self) -> list[str]:
        result = self.summary.result
        return [
            f"{self.council.name}: demand model from the January {result.origin} census, "
            f"{result.calibration.source}",
            f"Expected (central line) and the 5th and 95th percentiles of {PAGE_SIMULATIONS} simulations "
            f"(random seed {result.seed}). Source: DfE, Education, health and care plans (SEN2).",
            f"{result.calibration.joiner_basis}.",
        ]

    def sheets(self) -> Iterator[Sheet]:
        yield self.groups_sheet()
        yield self.scenarios_sheet()
        yield self.flows_sheet()
        yield self.levers_sheet()
        yield self.backtest_sheet()
        yield self.cyp_age_sheet()
        if self.needs is not None and self.needs.rows:
            yield self.cyp_need_sheet()

    def cyp_age_sheet(self) -> Sheet:
        result = self.summary.result
        rows = []
        for scenario, label in (("unmitigated", "unmitigated"), ("target", "target mitigated")):
            path = result.paths[scenario]
            for row in cyp_by_age_group(
                history=self.summary.history, stock=path.stock, years=path.years, scenario_label=label
            ):
                if scenario == "target" and row.basis.startswith("Actual"):
                    continue  # the actual censuses once, under the unmitigated forecast
                rows.append(
                    [
                        f"January {row.census}",
                        row.basis,
                        row.group,
                        *[_count(c) for c in row.cells],
                        _count(row.total),
                        row.note,
                    ]
                )
        return Sheet(
            title="CYP by age group",
            preamble=[
                f"{self.council.name}: children and young people with EHC plans, by placement group and age",
                CYP_AGE_NOTE,
            ],
            columns=[
                Column("Census", 14),
                Column("Basis", 34, wrap=True),
                Column("Placement group", 40, wrap=True),
                *[Column(name, 10) for name, _, _ in AGE_GROUPS],
                Column("Total", 10),
                Column("Note", 30, wrap=True),
            ],
            rows=rows,
            footer=[[OGL]],
        )

    def cyp_need_sheet(self) -> Sheet:
        needs, result = self.needs, self.summary.result
        latest = {
            label: float(cells[-1].value)
            for label, cells, _ in needs.rows
            if cells[-1] and cells[-1].value is not None
        }
        path = result.paths["unmitigated"]
        same_census = needs.periods[-1] == f"January {path.years[0]}"
        census, forecast_years, rows = cyp_by_need(
            needs=latest,
            totals=path.totals() if same_census else path.totals()[:1],
            years=path.years if same_census else path.years[:1],
        )
        return Sheet(
            title="CYP by primary need",
            preamble=[
                f"{self.council.name}: children and young people with EHC plans by primary need",
                f"{needs.periods[-1]}: {'; '.join(needs.sources)}.",
                CYP_NEED_NOTE,
            ],
            columns=[
                Column("Primary need", 44, wrap=True),
                Column(needs.periods[-1], 14),
                *[Column(f"January {y} (forecast)", 14, wrap=True) for y in forecast_years],
            ],
            rows=[[r.need, _count(r.actual), *[_count(v) for v in r.forecast]] for r in rows],
            footer=[[OGL]],
        )

    def groups_sheet(self) -> Sheet:
        result = self.summary.result
        path = result.paths["unmitigated"]
        by_group = path.by_group()
        band = result.simulations["unmitigated"].quantiles()
        names = [GROUPS[k] for k in GROUP_KEYS] + ["All EHC plans"]
        rows = []
        for t, year in enumerate(path.years):
            for g, name in enumerate(names):
                expected = by_group[t].sum() if g == len(GROUP_KEYS) else by_group[t, g]
                rows.append(
                    [
                        f"January {year}",
                        name,
                        _count(expected),
                        _count(band["p5"][t, g]),
                        _count(band["p95"][t, g]),
                    ]
                )
        return Sheet(
            title="Plans by setting group",
            preamble=self._about,
            columns=[
                Column("Census", 14),
                Column("Setting group", 44),
                Column("Expected", 12),
                Column("5th percentile", 14),
                Column("95th percentile", 14),
            ],
            rows=rows,
            footer=[["Unmitigated: no workstream's levers."], [OGL]],
        )

    def scenarios_sheet(self) -> Sheet:
        result = self.summary.result
        band = result.simulations["unmitigated"].quantiles()
        totals = {s: p.totals() for s, p in result.paths.items()}
        rows = [
            [
                f"January {year}",
                _count(totals["unmitigated"][t]),
                _count(band["p5"][t, -1]),
                _count(band["p95"][t, -1]),
                _count(totals["target"][t]),
                _count(totals["stretch"][t]),
            ]
            for t, year in enumerate(result.paths["unmitigated"].years)
        ]
        return Sheet(
            title="Scenarios",
            preamble=self._about,
            columns=[
                Column("Census", 14),
                Column("Unmitigated", 14),
                Column("Unmitigated: 5th percentile", 16, wrap=True),
                Column("Unmitigated: 95th percentile", 16, wrap=True),
                Column("Target mitigated", 14, wrap=True),
                Column("Stretch mitigated", 14, wrap=True),
            ],
            rows=rows,
            footer=[["All EHC plans, expected. Stretch applies the target levers and its own."]],
        )

    def flows_sheet(self) -> Sheet:
        rows = [
            [
                f["year"],
                _count(f["start"]),
                _count(f["new"]),
                _count(f["ceased"]) if f["ceased"] is not None else "not published",
                _count(f["migration"]),
                _count(f["end"]),
            ]
            for f in self.summary.result.calibration.flows
        ]
        return Sheet(
            title="Flows",
            preamble=[
                f"{self.council.name}: EHC plans, January to January, calendar-year flows (DfE SEN2)",
                "Net migration is the part of each year's change that new minus ceased plans do not explain.",
            ],
            columns=[
                Column("Calendar year", 14),
                Column("Plans in January", 14, wrap=True),
                Column("New plans", 12),
                Column("Ceased plans", 14),
                Column("Net migration", 14),
                Column("Plans next January", 14, wrap=True),
            ],
            rows=rows,
            footer=[[OGL]],
        )

    def levers_sheet(self) -> Sheet:
        summary = self.summary
        priced = summary.pricing is not None
        years = f"{summary.effects[0]['pricing_years']}" if priced and summary.effects else ""
        columns = [
            Column("Scenario", 12),
            Column("Workstream", 36, wrap=True),
            Column("Change", 48, wrap=True),
            Column(
                f"EHC plans in January {summary.result.paths['unmitigated'].years[-1]}, this lever alone",
                18,
                wrap=True,
            ),
        ]
        if priced:
            columns += [
                Column(f"High Needs spend, {years} (negative: less)", 20, wrap=True),
                Column("Savings the workstream claims, same years", 20, wrap=True),
            ]
        rows = []
        for effect in summary.effects:
            row = [
                effect["scenario"].capitalize(),
                effect["lever"].workstream,
                effect["lever"].describe(),
                _count(effect["children"]),
            ]
            if priced:
                row += [Cell(int(effect["pounds"]), POUNDS), Cell(int(effect["claimed"]), POUNDS)]
            rows.append(row)
        footer = []
        if not summary.effects:
            footer.append(
                ["No workstream has a lever on the model: target and stretch are the unmitigated scenario."]
            )
        if summary.unpriced and summary.effects:
            footer.append([f"The levers are counted in children, not priced. {summary.unpriced}."])
        return Sheet(
            title="Levers",
            preamble=[f"{self.council.name}: the workstreams' levers on the demand model"],
            columns=columns,
            rows=rows,
            footer=footer,
        )

    def backtest_sheet(self) -> Sheet:
        rows = [
            [
                r.origin,
                r.horizon,
                _count(r.actual),
                *[_count(getattr(r, m)) for m in METHODS],
                _count(r.p5),
                _count(r.p95),
                "yes" if r.covered else "no",
            ]
            for r in self.summary.backtest_rows
        ]
        summary_rows = [
            [
                f"{b['horizon']} year{'s' if b['horizon'] > 1 else ''} ahead: mean absolute percentage error",
                *[Cell(v / 100, PERCENT_1) for v in b["mape"]],
                f"{b['covered']} of {b['count']} inside the band",
            ]
            for b in self.summary.backtest
        ]
        return Sheet(
            title="Backtest",
            preamble=[
                f"{self.council.name}: each January up to the last but one, the model calibrated on what had "
                "been published by then, its forecast of all EHC plans against the later census",
            ],
            columns=[
                Column("Calibrated on January", 14, wrap=True),
                Column("Years ahead", 10),
                Column("Outcome", 12),
                *[Column(METHOD_LABELS[m], 16, wrap=True) for m in METHODS],
                Column("5th percentile", 14),
                Column("95th percentile", 14),
                Column("Inside the band", 12),
            ],
            rows=rows,
            footer=[["", *[METHOD_LABELS[m] for m in METHODS]], *summary_rows],
        )
