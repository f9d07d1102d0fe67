"""A published Schools Forum report's tables, from its frozen snapshot only: what was presented, whatever
changed since. Figures the snapshot holds as written ("£597,552", "−£50m") go back into cells as numbers
with the matching format, so the pack adds up in Excel."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from core.money import MINUS, MoneyParseError, parse_money
from reports.models import ForumReport
from spreadsheets.cells import DATE, MILLIONS, PERCENT, PERCENT_1, POUNDS, Cell, Column, Sheet, rag_cell
from spreadsheets.exports.benchmarking import report_benchmarking_sheet
from spreadsheets.exports.indicators import report_indicator_sheet

_MILLIONS = re.compile(rf"^([{MINUS}-]?)£([\d,]+(?:\.\d+)?)m$")


_COUNT = re.compile(rf"^[{MINUS}-]?\d{{1,3}}(?:,\d{{3}})*$")
_PERCENT = re.compile(rf"^([{MINUS}-]?\d+(?:\.\d+)?)%$")
_LONG_DATE = re.compile(r"^\d{1,2} [A-Z][a-z]+ \d{4}$")


def snapshot_number(text):
    """A figure the snapshot holds as written, back as a number with its format: "£597,552" -> £, "−£16m"
    -> £m, "9" -> 9, "75%" -> 0.75 as a percentage, "14 January 2027" -> a date. Other text as it is."""
    if isinstance(text, str):
        plain = text.strip()
        if _COUNT.match(plain):
            return int(plain.replace(",", "").replace(MINUS, "-"))
        percent = _PERCENT.match(plain)
        if percent:
            number = Decimal(percent[1].replace(MINUS, "-")) / 100
            return Cell(number, PERCENT_1 if "." in percent[1] else PERCENT)
        if _LONG_DATE.match(plain):
            try:
                return Cell(datetime.strptime(plain, "%d %B %Y").date(), DATE)
            except ValueError:
                return text
    if not isinstance(text, str) or "£" not in text:
        return text
    match = _MILLIONS.match(text.strip())
    if match:
        value = Decimal(match[2].replace(",", "")) * 1_000_000
        return Cell(-value if match[1] else value, MILLIONS)
    try:
        return Cell(parse_money(text), POUNDS)
    except MoneyParseError:
        return text


def _figure(text):
    """A figure the snapshot writes with a sign ("+£12,000", "+6.7%") back as a number."""
    if not text:
        return None
    return snapshot_number(text.removeprefix("+"))


@dataclass
class ReportPackExport:
    report: ForumReport

    def __post_init__(self):
        if not self.report.is_published:
            raise ValueError("Only a published report has a frozen snapshot to export")
        self.snapshot = self.report.snapshot
        self.council = self.snapshot.get("council", "")

    @property
    def title(self) -> str:
        return f"{self.snapshot.get('title', '')}: Schools Forum report pack"

    @property
    def filename(self) -> str:
        slug = self.report.plan.council.slug
        return f"{slug}-forum-report-{self.report.meeting_date:%Y-%m-%d}.xlsx"

    def _about(self) -> list[str]:
        s = self.snapshot
        return [
            f"{s.get('council', '')}: {s.get('title', '')}",
            f"Schools Forum, {s.get('meeting_date', '')}. Figures as at {s.get('figures_as_at', '')}, "
            "exactly as published.",
        ]

    def sheets(self) -> Iterator[Sheet]:
        s = self.snapshot
        yield Sheet(
            title="At a glance",
            columns=[Column("Figure", 28), Column("Exact", 18), Column("What it is", 70, wrap=True)],
            rows=[
                [snapshot_number(c.get("value")), snapshot_number(c.get("exact") or None), c.get("caption")]
                for c in s.get("headline", [])
            ],
            preamble=self._about(),
            autofilter=False,
        )
        yield Sheet(
            title="Workstreams",
            columns=[
                Column("Workstream", 40, wrap=True),
                Column("RAG", 11),
                Column("Lead", 22),
                Column("Latest commentary", 70, wrap=True),
                Column("Commentary from", 36, wrap=True),
            ],
            rows=[
                [
                    r["workstream"],
                    rag_cell(r["rag_label"]),
                    r.get("lead") or None,
                    r.get("commentary") or None,
                    r.get("commentary_source") or None,
                ]
                for r in s.get("rag_summary", [])
            ],
            preamble=self._about(),
        )
        yield self.changes_sheet()
        forecast = s.get("forecast") or {}
        columns = forecast.get("columns") or ["Scenario"]
        source = f"“{forecast.get('name', '')}”, as at {forecast.get('as_at', '')}"
        yield Sheet(
            title="Forecast",
            columns=[Column(columns[0], 36), *[Column(c, 14) for c in columns[1:]]],
            rows=[[row[0], *[snapshot_number(v) for v in row[1:]]] for row in forecast.get("rows", [])],
            preamble=[
                *self._about(),
                f"Cumulative High Needs Block deficit from {source}"
                if forecast.get("rows")
                else "There was no current forecast.",
            ],
            autofilter=False,
        )
        indicators = report_indicator_sheet(s, self._about())
        if indicators is not None:
            yield indicators
        benchmarking = report_benchmarking_sheet(s, self._about())
        if benchmarking is not None:
            yield benchmarking
        yield from self.agreement_sheets()

    def agreement_sheets(self) -> Iterator[Sheet]:
        """The report's "Agreements with the DfE" section (snapshots from version 5): the Safety Valve
        trajectories against the forecast, the conditions with their RAG, DBV grant against spend."""
        agreements = (self.snapshot.get("agreements") or {}).get("agreements") or []
        if not agreements:
            return
        yield Sheet(
            title="Agreements",
            columns=[
                Column("Agreement", 36, wrap=True),
                Column("Kind", 28),
                Column("Status", 16),
                Column("Agreed", 14),
                Column("Term", 20),
                Column("Note", 40, wrap=True),
            ],
            rows=[
                [a["title"], a["kind"], a["status"], snapshot_number(a["agreed_on"]), a["term"],
                 a.get("status_note") or None]
                for a in agreements
            ],
            preamble=self._about(),
        )  # fmt: skip
        trajectory = [a for a in agreements if a["kind_key"] == "safety_valve" and a.get("rows")]
        if trajectory:
            yield Sheet(
                title="Agreed trajectory",
                columns=[
                    Column("Agreement", 30, wrap=True),
                    *[Column(c, 16) for c in trajectory[0]["columns"]],
                ],
                rows=[
                    [a["title"], row[0], *[_figure(v) for v in row[1:-1]], row[-1] or None]
                    for a in trajectory
                    for row in a["rows"]
                ],
                preamble=[
                    *self._about(),
                    "Forecast cumulative deficit against the agreed one excluding DfE payments; a year is "
                    "off track when the forecast is more than the council's tolerance above agreed.",
                ],
            )
        conditions = [(a, c) for a in agreements if a["kind_key"] == "safety_valve" for c in a["conditions"]]
        if conditions:
            yield Sheet(
                title="Conditions",
                columns=[
                    Column("Agreement", 30, wrap=True),
                    Column("Number", 9),
                    Column("Condition", 60, wrap=True),
                    Column("Owner", 22),
                    Column("RAG", 11),
                    Column("Commentary", 60, wrap=True),
                    Column("Note", 36, wrap=True),
                    Column("Delivered by", 40, wrap=True),
                ],
                rows=[
                    [a["title"], c["number"], c["text"], c["owner"], rag_cell(c["rag_label"]),
                     c["commentary"] or None, c.get("note") or None, "; ".join(c["workstreams"]) or None]
                    for a, c in conditions
                ],
                preamble=[*self._about(), "Effective RAG: overdue is Red unless its RAG is held"],
            )  # fmt: skip
        dbv = [a for a in agreements if a["kind_key"] == "dbv" and a.get("rows")]
        if dbv:
            yield Sheet(
                title="DBV grant",
                columns=[Column("Agreement", 30, wrap=True), *[Column(c, 16) for c in dbv[0]["columns"]]],
                rows=[
                    [a["title"], row[0], *[_figure(v) for v in row[1:]]]
                    for a in dbv
                    for row in [*a["rows"], a["total"]]
                ],
                preamble=self._about(),
            )

    def changes_sheet(self) -> Sheet:
        changes = self.snapshot.get("changes") or {}
        previous = self.snapshot.get("previous")
        since = (
            f"Changes since the last report ({previous['title']}, {previous['meeting_date']})"
            if previous
            else f"Changes since {self.snapshot.get('changes_since', '')}"
        )
        rows = []
        for m in changes.get("rag_moves", []):
            rows.append(["RAG change", m["workstream"], m["milestone"], m["old_label"], m["new_label"], None])
        for m in changes.get("completed", []):
            rows.append(
                [
                    "Completed",
                    m["workstream"],
                    m["milestone"],
                    None,
                    snapshot_number(m.get("completed_on")),
                    None,
                ]
            )
        for m in changes.get("slipped", []):
            rows.append(
                [
                    "Date slipped",
                    m["workstream"],
                    m["milestone"],
                    snapshot_number(m.get("old_due")) or "no date",
                    snapshot_number(m.get("new_due")),
                    m.get("reason") or None,
                ]
            )
        for w in changes.get("new_workstreams", []):
            added = snapshot_number(w.get("added_on"))
            rows.append(["New workstream", f"{w['code']}. {w['title']}", None, None, added, None])
        for m in changes.get("new_milestones", []):
            due = snapshot_number(m.get("due") or None)
            rows.append(["New milestone", m["workstream"], m["milestone"], None, due, None])
        if self.snapshot.get("first_report"):
            # As the page and the paper say: nothing to compare with, rather than "nothing changed".
            since = "Changes since the last report"
            rows = [
                ["First report: there is no earlier report to compare with", None, None, None, None, None]
            ]
        return Sheet(
            title="Changes",
            columns=[
                Column("Change", 16),
                Column("Workstream", 36, wrap=True),
                Column("Milestone", 40, wrap=True),
                Column("Before", 18),
                Column("After", 18),
                Column("Reason", 40, wrap=True),
            ],
            rows=rows or [["Nothing changed", None, None, None, None, None]],
            preamble=[*self._about(), since],
        )
