"""The recovery plan tracker in the layout councils keep it in (seed 002), and its history.

Sheet 1 "Recovery Plan": Key Improvement Action | Expected Outcomes | Risks | Key Milestones | Lead | Start
Date | End Date | Progress (RAG) | Commentary: one row per milestone, the action's cells merged down its rows,
the RAG word in its coloured cell, the RAG key under the table. It imports back (spreadsheets.importer).
Sheet 2 "Milestones": every milestone with its latest update. Sheet 3 "Updates": every update. Then the
indicators, and the conditions and trajectories of the agreements with the DfE the plan delivers.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from agreements.selectors import agreements_in_force_for_council
from indicators.selectors import indicators_for_plan
from recovery.models import Council, RecoveryPlan
from spreadsheets.cells import DATE, DATETIME, PERCENT, Cell, Column, Sheet, day, rag_cell
from spreadsheets.exports.agreement_sheets import agreement_sheets
from spreadsheets.exports.indicators import indicator_sheets
from workstreams.models import Milestone, Workstream
from workstreams.rag import RAG_DEFINITIONS, Rag
from workstreams.selectors import tracker_for_plan

PLAN_SHEET = "Recovery Plan"
TRACKER_COLUMNS = [
    Column("Key Improvement Action", 34, wrap=True),
    Column("Expected Outcomes", 40, wrap=True),
    Column("Risks", 30, wrap=True),
    Column("Key Milestones", 36, wrap=True),
    Column("Lead", 10),
    Column("Start Date", 12, DATE),
    Column("End Date", 12, DATE),
    Column("Progress (RAG)", 16),  # the bold header needs 16 (12 clipped it)
    Column("Commentary", 50, wrap=True),
]
COMPLETE = "Complete"


def action_cell_text(ws: Workstream):
    """The action cell: its heading bold and its description plain (the whole cell was bold)."""
    heading = f"{ws.code}. {ws.title}"
    if not ws.description:
        return CellRichText([TextBlock(InlineFont(b=True), heading)])
    return CellRichText([TextBlock(InlineFont(b=True), heading), f"\n{ws.description}"])


def progress_word(m: Milestone, today: date) -> str:
    """The effective RAG's word (an overdue milestone is Red unless its lead holds another with a reason)."""
    key = m.status_key_on(today)
    if key == "complete":
        return COMPLETE
    return Rag(key).label if key else ""


def rag_key() -> list[list]:
    """The key seed 002 prints under its table: each colour with its words."""
    key = [[Cell("RAG key", bold=True)]]
    for rag in (Rag.GREEN, Rag.AMBER, Rag.RED):
        key.append([rag_cell(rag.label), RAG_DEFINITIONS[rag]])
    key.append([rag_cell(COMPLETE), "Milestone completed"])
    return key


@dataclass
class TrackerExport:
    council: Council
    plan: RecoveryPlan
    today: date | None = None

    @property
    def title(self) -> str:
        return f"{self.plan.title}: tracker"

    @property
    def filename(self) -> str:
        return f"{self.council.slug}-tracker-{self._today:%Y-%m-%d}.xlsx"

    @property
    def _today(self) -> date:
        return self.today or timezone.localdate()

    def sheets(self) -> Iterator[Sheet]:
        workstreams = tracker_for_plan(plan=self.plan)
        yield self.plan_sheet(workstreams)
        yield self.milestone_sheet(workstreams)
        yield self.update_sheet(workstreams)
        yield from indicator_sheets(indicators_for_plan(plan=self.plan))
        standings = agreements_in_force_for_council(council=self.council)
        yield from agreement_sheets([s for s in standings if s.agreement.plan_id == self.plan.pk])

    def plan_sheet(self, workstreams: list[Workstream]) -> Sheet:
        rows = []
        for ws in workstreams:
            milestones = list(ws.milestones.all()) or [None]
            span = len(milestones) - 1
            for i, m in enumerate(milestones):
                first = i == 0
                action = [
                    Cell(action_cell_text(ws), merge_down=span) if first else None,
                    Cell(ws.expected_outcomes, merge_down=span) if first else None,
                    Cell(ws.risks, merge_down=span) if first else None,
                ]
                if m is None:
                    rows.append(
                        [*action, None, ws.lead.initials if ws.lead else None, None, None, None, None]
                    )
                    continue
                rows.append(
                    [
                        *action,
                        m.title,
                        # A tracker names a lead on every row: the action's lead where the milestone has none.
                        m.lead_initials or (ws.lead.initials if ws.lead else None),
                        m.start_date,
                        m.forecast_due,
                        rag_cell(progress_word(m, self._today)) if progress_word(m, self._today) else None,
                        m.commentary or None,
                    ]
                )
        return Sheet(
            title=PLAN_SHEET,
            columns=TRACKER_COLUMNS,
            rows=rows,
            preamble=[
                f"{self.council.name}: {self.plan.title}",
                f"Exported from the DSG Recovery Tracker on {self._today:%-d %B %Y}. "
                "End Date is the forecast due "
                "date; Progress (RAG) is the RAG that counts, or Complete: a milestone past its End Date "
                "is Red unless its lead recorded a reason to keep another (Milestones sheet).",
            ],
            footer=rag_key(),
        )

    def milestone_sheet(self, workstreams: list[Workstream]) -> Sheet:
        rows = []
        for ws in workstreams:
            for m in ws.milestones.all():
                latest = next(iter(m.updates.all()), None)
                rows.append(
                    [
                        f"{ws.code}. {ws.title}",
                        m.title,
                        m.lead_initials or None,
                        m.start_date,
                        m.baseline_due,
                        m.forecast_due,
                        m.completed_on,
                        rag_cell(progress_word(m, self._today)) if progress_word(m, self._today) else None,
                        Rag(m.rag).label if m.rag else None,
                        m.rag_hold_reason or None,
                        (m.percent_complete or 0) / 100,
                        m.overdue_for_on(self._today) or "No",
                        m.slippage or "No",
                        m.commentary or None,
                        day(latest.created_at) if latest else None,
                        _who(latest.author) if latest else None,
                    ]
                )
        return Sheet(
            title="Milestones",
            columns=[
                Column("Workstream", 30, wrap=True),
                Column("Milestone", 40, wrap=True),
                Column("Lead", 10),
                Column("Start date", 12, DATE),
                Column("Baseline due", 12, DATE),
                Column("Forecast due", 12, DATE),
                Column("Completed on", 12, DATE),
                Column("RAG", 11),
                Column("RAG set by lead", 11),
                Column("Reason to keep the RAG while overdue", 36, wrap=True),
                Column("% complete", 10, PERCENT),
                Column("Overdue by", 14),
                Column("Slipped by", 14),
                Column("Latest commentary", 50, wrap=True),
                Column("Last updated", 16, DATETIME),
                Column("Updated by", 18),
            ],
            rows=rows,
        )

    def update_sheet(self, workstreams: list[Workstream]) -> Sheet:
        updates = [(ws, m, u) for ws in workstreams for m in ws.milestones.all() for u in m.updates.all()]
        updates.sort(key=lambda item: (item[2].created_at, item[2].pk))
        rows = [
            [
                day(timezone.localtime(u.created_at)),
                _who(u.author),
                f"{ws.code}. {ws.title}",
                m.title,
                Rag(u.old_rag).label if u.old_rag else None,
                Rag(u.new_rag).label if u.new_rag else None,
                u.old_forecast_due,
                u.new_forecast_due,
                u.new_completed_on,
                (u.new_percent_complete or 0) / 100,
                u.commentary or None,
                u.date_change_reason or None,
            ]
            for ws, m, u in updates
        ]
        return Sheet(
            title="Updates",
            columns=[
                Column("When", 16, DATETIME),
                Column("Who", 18),
                Column("Workstream", 30, wrap=True),
                Column("Milestone", 36, wrap=True),
                Column("RAG before", 11),
                Column("RAG after", 11),
                Column("Due before", 12, DATE),
                Column("Due after", 12, DATE),
                Column("Completed on", 12, DATE),
                Column("% complete", 10, PERCENT),
                Column("Commentary", 50, wrap=True),
                Column("Reason the date moved", 36, wrap=True),
            ],
            rows=rows,
        )


def _who(user) -> str:
    return (user.get_full_name() or user.username) if user else ""
