"""Every council in one workbook (staff): a row per council, every milestone, every current forecast.

Written in openpyxl's write-only mode and read with ``.iterator()``, so memory stays flat at 153 councils x
120 milestones. The council sheet uses the national overview's own reader (reports.selectors.national_rows).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from core.financial_years import fy_label
from projections.models import Bound, Scenario
from projections.selectors import current_forecast_years_nationally
from recovery.models import Programme, Region
from reports.selectors import national_rows
from spreadsheets.cells import COUNT, DATE, POUNDS, Column, Sheet, rag_cell
from workstreams.models import Milestone
from workstreams.rag import Rag

REGIONS, PROGRAMMES = dict(Region.choices), dict(Programme.choices)


@dataclass
class NationalExport:
    today: date | None = None
    council = "All councils"

    @property
    def _today(self) -> date:
        return self.today or timezone.localdate()

    @property
    def title(self) -> str:
        return "DSG recovery plans: national overview"

    @property
    def filename(self) -> str:
        return f"national-overview-{self._today:%Y-%m-%d}.xlsx"

    def sheets(self) -> Iterator[Sheet]:
        yield self.council_sheet()
        yield self.milestone_sheet()
        yield self.forecast_sheet()

    def council_sheet(self) -> Sheet:
        rows = (
            [
                r.council.name,
                r.council.la_code,
                REGIONS.get(r.council.region, ""),
                PROGRAMMES.get(r.council.programme, "") if r.council.programme != "none" else None,
                r.plan.title if r.plan else None,
                r.rag_counts["red"],
                r.rag_counts["amber"],
                r.rag_counts["green"],
                r.overdue,
                r.now,
                r.end,
                fy_label(r.end_year) if r.end_year else None,
                r.change,
            ]
            for r in national_rows(today=self._today)
        )
        return Sheet(
            title="Councils",
            columns=[
                Column("Council", 28),
                Column("LA code", 9),
                Column("Region", 22),
                Column("Programme", 22),
                Column("Recovery plan", 36),
                Column("Open milestones Red", 12, COUNT),
                Column("Amber", 10, COUNT),
                Column("Green", 10, COUNT),
                Column("Overdue", 10, COUNT),
                Column("Cumulative deficit this year (unmitigated)", 20, POUNDS),
                Column("Cumulative deficit at the end (unmitigated)", 20, POUNDS),
                Column("End year", 10),
                Column("Change since the previous forecast", 20, POUNDS),
            ],
            rows=rows,
        )

    def milestone_sheet(self) -> Sheet:
        milestones = (
            Milestone.objects.active()
            .filter(workstream__plan__status="active")
            .select_related("workstream__plan__council", "lead")
            .order_by(
                "workstream__plan__council__name",
                "workstream__position",
                "workstream__code",
                "position",
                "pk",
            )
            .iterator(chunk_size=2000)
        )
        today = self._today
        rows = (
            [
                m.workstream.plan.council.name,
                f"{m.workstream.code}. {m.workstream.title}",
                m.title,
                m.lead.initials if m.lead else None,
                m.start_date,
                m.baseline_due,
                m.forecast_due,
                m.completed_on,
                rag_cell("Complete" if m.completed_on else Rag(m.effective_rag_on(today)).label)
                if (m.completed_on or m.effective_rag_on(today))
                else None,
                "Yes" if m.is_overdue_on(today) else "No",
            ]
            for m in milestones
        )
        return Sheet(
            title="Milestones",
            columns=[
                Column("Council", 24),
                Column("Workstream", 36),
                Column("Milestone", 48),
                Column("Lead", 10),
                Column("Start date", 12, DATE),
                Column("Baseline due", 12, DATE),
                Column("Forecast due", 12, DATE),
                Column("Completed on", 12, DATE),
                Column("RAG", 11),
                Column("Overdue", 9),
            ],
            rows=rows,
        )

    def forecast_sheet(self) -> Sheet:
        figures = current_forecast_years_nationally()
        rows = (
            [
                f.forecast.plan.council.name,
                f.forecast.name,
                f.forecast.as_at,
                fy_label(f.financial_year),
                Scenario(f.scenario).label,
                Bound(f.bound).label,
                f.funding,
                f.spend,
                f.cumulative_deficit,
            ]
            for f in figures
        )
        return Sheet(
            title="Forecasts",
            columns=[
                Column("Council", 24),
                Column("Current forecast", 40),
                Column("As at", 12, DATE),
                Column("Financial year", 12),
                Column("Scenario", 18),
                Column("Bound", 16),
                Column("Funding", 16, POUNDS),
                Column("Spend", 16, POUNDS),
                Column("Cumulative deficit", 18, POUNDS),
            ],
            rows=rows,
        )
