"""The DSG management plan as a workbook in the tab order of the DfE's template (cover, introduction,
narrative, financial summary, children and young people, governance, stakeholder engagement), built from
the same reads as the plan's page. The financial summary's in-year and carried-forward figures are live
formulas, with the ledger's figures cached so every reader shows them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils import timezone
from openpyxl.utils import get_column_letter

from dsg.charts import BAND_COLOURS
from dsg.plan import TABS, ManagementPlan
from spreadsheets.cells import COUNT, DATE, POUNDS, BarChartSpec, Cell, Column, Formula, Sheet


def _n(value: Decimal | None):
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _heading(text: str) -> Cell:
    return Cell(text, bold=True)


@dataclass
class ManagementPlanExport:
    council: object
    plan: ManagementPlan
    # projections.demand_cyp rows: the censuses by placement group and age, actual then the demand model's
    cyp_rows: list = field(default_factory=list)
    cyp_note: str = ""  # why there is no forecast, when the model cannot run
    today: date = field(default_factory=timezone.localdate)

    @property
    def title(self) -> str:
        return f"{self.plan.council_name}: DSG management plan"

    @property
    def filename(self) -> str:
        return f"{self.council.slug}-dsg-management-plan-{self.today:%Y-%m-%d}.xlsx"

    def sheets(self) -> Iterator[Sheet]:
        p = self.plan
        text = [Column("", 40, wrap=True), Column("", 90, wrap=True)]
        latest = {}
        for s in p.sign_offs:
            latest.setdefault(s.get_role_display(), s)
        yield Sheet(
            title=TABS[0],
            columns=text,
            header=False,
            autofilter=False,
            freeze=False,
            rows=[
                [_heading("DSG management plan"), p.plan_title],
                ["Local authority", p.council_name],
                ["Prepared", Cell(self.today, DATE)],
                *[[role, f"{s.name}, {s.signed_on:%-d %B %Y}"] for role, s in latest.items()],
            ],
        )
        yield Sheet(
            title=TABS[1],
            columns=text,
            header=False,
            autofilter=False,
            freeze=False,
            rows=[
                [
                    "About this plan",
                    "A deficit management plan for the Dedicated Schools Grant, a condition of the grant "
                    "for a council in deficit, presented to the Schools Forum at least termly. Its tabs "
                    "follow the DfE's template. Balances are written as the s251 return writes them: a "
                    "deficit is negative.",
                ],
            ],
        )
        yield Sheet(
            title=TABS[2],
            columns=[Column("Section", 24), Column("Narrative", 100, wrap=True)],
            rows=[[label, body] for _, label, body in p.narratives],
        )
        yield self._financial_summary()
        yield self._children()
        yield self._governance()
        yield Sheet(
            title=TABS[6],
            columns=[
                Column("Group", 24),
                Column("Date", 14, DATE),
                Column("What was discussed", 60, wrap=True),
                Column("What changed", 60, wrap=True),
            ],
            rows=[[e.get_group_display(), e.held_on, e.discussed, e.changed] for e in p.engagements],
        )

    def _financial_summary(self) -> Sheet:
        p = self.plan
        columns = [
            Column("Year", 10),
            Column("Position", 14),
            Column("Block", 26),
            Column("Income", 16, POUNDS),
            Column("Transfers", 14, POUNDS),
            Column("Expenditure", 16, POUNDS),
            Column("In-year", 16, POUNDS),
            Column("Brought forward", 16, POUNDS),
            Column("Carried forward", 16, POUNDS),
            Column("Income basis", 16),
            Column("Expenditure basis", 16),
            Column("Balance basis", 16),
        ]
        preamble = [f"{p.council_name}: DSG financial summary", "A deficit is negative (s251 line 1.9.3)."]
        row_number = len(preamble) + 3  # a blank row and the header row come first
        rows = []
        for year in p.ledger.years:
            for row in [*year.rows, year.total]:
                r = row_number
                in_year = Formula(f"=D{r}+E{r}-F{r}", _n(row.in_year)) if row.in_year is not None else None
                derived = row.carried_forward_basis in ("derived", "")
                carried = (
                    Formula(f"=H{r}+G{r}", _n(row.carried_forward))
                    if derived and row.in_year is not None and row.brought_forward is not None
                    else _n(row.carried_forward)
                )
                label = row.block_label
                rows.append(
                    [
                        year.label,
                        year.position_label,
                        _heading(label) if row.block == "total" else label,
                        _n(row.income),
                        _n(row.transfers) if row.transfers else 0,
                        _n(row.expenditure),
                        in_year,
                        _n(row.brought_forward),
                        carried,
                        row.income_source,
                        row.expenditure_source,
                        row.carried_forward_source,
                    ]
                )
                row_number += 1
        footer = [[_heading("End-of-year positions (DSG carried forward)")]]
        footer += [
            [y, pos, "DSG total", None, None, None, None, None, _n(v)]
            for y, pos, v in p.end_of_year_positions()
        ]
        footer += [[w] for w in p.ledger.warnings]
        return Sheet(title=TABS[3], preamble=preamble, columns=columns, rows=rows, footer=footer)

    def _children(self) -> Sheet:
        c = self.plan.children
        columns = [
            Column("Placement group", 44, wrap=True),
            *[Column(b, 12, COUNT) for b in c.bands],
            Column("Total", 12, COUNT),
        ]
        rows = [[g, *counts, sum(counts)] for g, counts in c.groups]
        footer = []
        if c.needs:
            footer.append([_heading("By primary need"), _heading("EHC plans")])
            footer += [[need, count] for need, count in c.needs]
        footer.append([f"Source: {c.source}" if c.source else "No EHC plan figures in the DfE store yet."])
        if self.cyp_rows:
            footer.append([_heading("Each January: actual (DfE SEN2), then forecast by the demand model")])
            footer.append(
                [_heading(h) for h in ("Census", "Basis", "Placement group", *c.bands, "Total", "Note")]
            )
            footer += [
                [f"January {r.census}", r.basis, r.group, *r.cells, r.total, r.note] for r in self.cyp_rows
            ]
            footer.append(["Forecast cells are rounded from the model's unrounded expectation."])
        elif self.cyp_note:
            footer.append([f"No forecast from the demand model: {self.cyp_note}."])
        sheet = Sheet(
            title=TABS[4],
            preamble=[f"{self.plan.council_name}: EHC plans, {c.census}" if c.census else "EHC plans"],
            columns=columns,
            rows=rows,
            footer=footer,
        )
        sheet.charts += self._children_charts(sheet, needs_at=0 if c.needs else None)
        return sheet

    def _children_charts(self, sheet: Sheet, needs_at: int | None) -> list[BarChartSpec]:
        """The template's two graphs, native charts over the tab's own cells (as the page draws them):
        EHC plans per placement group stacked by age band, and EHC plans by primary need (its table is in
        the footer from line ``needs_at``, a heading then a row per need). Both sit to the right of every
        table of the tab, one under the other."""
        c = self.plan.children
        widest = len(c.bands) + 5 if self.cyp_rows else len(sheet.columns)  # the forecast table is wider
        column = get_column_letter(widest + 2)
        charts = []
        if c.groups:
            first = sheet.first_data_row
            charts.append(
                BarChartSpec(
                    title=f"EHC plans by placement group and age, {c.census}",
                    anchor=f"{column}{sheet.header_row}",
                    series_columns=list(range(2, len(c.bands) + 2)),  # an age band each, not the total
                    first_row=first,
                    last_row=first + len(c.groups) - 1,
                    categories_column=1,
                    titles_row=sheet.header_row,
                    category_title="Placement group",
                    value_title="EHC plans",
                    stacked=True,
                    colours=[colour.lstrip("#") for colour in BAND_COLOURS],  # the page's
                    height=11,
                )
            )
        if needs_at is not None and c.needs:
            charts.append(
                BarChartSpec(
                    title=f"EHC plans by primary need, {c.census}",
                    anchor=f"{column}{sheet.header_row + 24 * len(charts)}",  # under the first: 11 cm
                    series_columns=[2],
                    first_row=sheet.footer_row(needs_at + 1),
                    last_row=sheet.footer_row(needs_at + len(c.needs)),
                    categories_column=1,
                    series_title="EHC plans",
                    category_title="Primary need",
                    value_title="EHC plans",
                    colours=[BAND_COLOURS[0].lstrip("#")],
                    height=max(9, 0.7 * len(c.needs) + 3),
                )
            )
        return charts

    def _governance(self) -> Sheet:
        p = self.plan
        columns = [
            Column("Workstream", 40, wrap=True),
            Column("Lead", 20),
            Column("RAG", 10),
            Column("Open milestones", 12, COUNT),
            Column("Completed milestones", 12, COUNT),
            Column("Savings (target)", 16, POUNDS),
            Column("Start", 14, DATE),
            Column("End", 14, DATE),
        ]
        rows = [
            [f"{w.code}. {w.title}", w.lead, w.rag, w.milestones_open, w.milestones_done,
             _n(w.savings_target), w.start, w.end]
            for w in p.workstreams
        ]  # fmt: skip
        footer = [[_heading("Sign-off"), _heading("Name"), _heading("Date")]]
        footer += [[s.get_role_display(), s.name, Cell(s.signed_on, DATE)] for s in p.sign_offs]
        footer += [[_heading("Reviewed at the Schools Forum")]]
        footer += [[Cell(day, DATE)] for day in p.reviews]
        return Sheet(
            title=TABS[5],
            preamble=[f"{p.council_name}: governance and the workstream log"],
            columns=columns,
            rows=rows,
            footer=footer,
        )
