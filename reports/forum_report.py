"""The content of a Schools Forum report, as one JSON-safe dict of display-ready values.

A draft is rendered from content built live; publishing stores the same dict as the report's snapshot and the
published page is rendered from that alone, so later edits to milestones or forecasts never change it.
Every value is formatted here (money, dates, labels), so the snapshot is the report as presented.
"""

from dataclasses import asdict
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from core.durations import long_date
from core.money import pounds, signed_pounds
from core.templatetags.figures import chart_cell
from dsg.selectors import LedgerInputs, ledger_for_plan
from indicators.report import section_of
from projections.selectors import headline_cells_of
from recovery.models import Council
from reports.agreements_report import agreements_section
from reports.benchmarking_report import benchmarking_section
from reports.changes import Changes, changes_since, compared_with_previous
from reports.dashboard import dashboard_charts, forecast_paper_table
from reports.headline import headline_cards
from reports.models import ForumReport
from reports.selectors import PlanPicture, PlanUpdate, headline
from reports.stored_report import EarlierReport, report_picture
from workstreams.rag import Rag

# Without an earlier published report, "changes" cover about one school term before the meeting.
DEFAULT_WINDOW_DAYS = 120
# 2: purpose, background, first_report, and per workstream its overdue count and open milestones.
# 3: ids of workstreams and milestones (the next report compares with them), new milestones in the changes.
# 4: the whole DSG position from the DSG ledger (dsg_ledger).
# 5: the council's agreements with the DfE in force (agreements).
SNAPSHOT_VERSION = 5


def previous_report(earlier: list[EarlierReport]) -> EarlierReport | None:
    """The latest published report before this one (`earlier`: ReportParts.reports_before, latest first): what
    "changes since the last report" counts from and compares with."""
    return next((r for r in earlier if r.is_published), None)


def report_content(*, report: ForumReport, council: Council, now: datetime) -> dict:
    """Everything the report shows, computed from the data as it is at `now` (a fixed number of queries)."""
    # The plan's data-only parts as stored with the council's data version (reports.stored_report): one row
    # read with the plan, or read live and stored by the first view at a version.
    picture, parts = report_picture(council=council, today=timezone.localdate(now))
    # The plan's earlier reports, and the parts of the last published one's snapshot compared with, are
    # stored with the parts (a report's write moves the council's data version): no query, nothing decoded.
    earlier = parts.reports_before(report)
    previous = previous_report(earlier)
    # The plan's first report has nothing to compare with: it says so, rather than list everything as new.
    # (An earlier draft counts: the council has reported before, if not through publishing here.)
    first_report = not earlier
    if previous is not None:
        since = previous.published_at
    else:
        since = timezone.make_aware(
            datetime.combine(report.meeting_date - timedelta(days=DEFAULT_WINDOW_DAYS), time.min)
        )
    added = [(ws.code, ws.title, ws.added_at) for ws in picture.workstreams if ws.added_at is not None]
    updates = parts.updates_between(since, now)
    changes = changes_since(since=since, until=now, updates=updates, workstreams_added=added)
    rag_summary = _rag_summary(picture, parts.shared_leads, parts.latest_commentary)
    compared = previous.compared() if previous is not None else None
    if compared is not None and compared.get("rag_summary") is not None:
        changes = compared_with_previous(
            changes=changes,
            previous=compared["rag_summary"],
            current=rag_summary,
            added_on={
                f"{ws.code}. {ws.title}": timezone.localdate(ws.added_at)
                for ws in picture.workstreams
                if ws.added_at is not None
            },
        )
    paper = forecast_paper_table(picture.current)
    return {
        "version": SNAPSHOT_VERSION,
        "council": council.name,
        "la_code": council.la_code,
        "plan": picture.plan.title if picture.plan else "",
        "title": report.title,
        "meeting_date": _day(report.meeting_date),
        "purpose": _paragraphs(report.purpose),
        "background": _paragraphs(report.background),
        "summary": _paragraphs(report.summary),
        "recommendations": _paragraphs(report.recommendations),
        "value_for_money": _paragraphs(report.value_for_money),
        "measuring_success": _paragraphs(report.measuring_success),
        "next_steps": _paragraphs(report.next_steps),
        "figures_as_at": timezone.localtime(now).strftime("%-d %B %Y, %H:%M"),
        "previous": (
            {"title": previous.title, "meeting_date": _day(previous.meeting_date)} if previous else None
        ),
        "first_report": first_report,
        "changes_since": _day(timezone.localdate(since)),
        "headline": _headline(picture),
        "rag_summary": rag_summary,
        "changes": _changes(changes),
        "forecast": {
            "name": picture.current.forecast.name if picture.current else "",
            "as_at": _day(picture.current.forecast.as_at) if picture.current else "",
            "columns": paper.columns if paper else [],
            "rows": [[row[0], *[pounds(v, paper.unit) for v in row[1:]]] for row in paper.rows]
            if paper
            else [],
        },
        "charts": [
            {
                "key": chart.key,
                "title": chart.title,
                "figure": chart.figure,
                "columns": chart.columns,
                "rows": [[chart_cell(cell, chart.value_format) for cell in row] for row in chart.rows],
                "value_format": "text",  # the cells above are already written out
                "bounds": list(chart.bounds),
                "note": chart.note,
            }
            for chart in dashboard_charts(picture)
        ]
        if picture.plan
        else [],
        "indicators": section_of(parts.indicators, since=since, until=now, previous=compared),
        # Snapshots published before this section have no "benchmarking" key: they show none.
        "benchmarking": benchmarking_section(council=council),
        "dsg_ledger": dsg_ledger_section(council=council, picture=picture, inputs=parts.ledger),
        # Snapshots published before version 5 have no "agreements" key: they show none.
        "agreements": agreements_section(council=council, standings=parts.agreements),
    }


def dsg_ledger_section(*, council: Council, picture: PlanPicture, inputs: LedgerInputs | None = None) -> dict:
    """The DSG ledger as the report presents it: each year's blocks and total, written out. Its plan and
    current forecast are the plan picture's (read once for the whole report); its lines, transfers and DfE
    figures the stored parts' (`inputs`: no queries), else read (3 queries)."""
    ledger = ledger_for_plan(
        council=council,
        plan=picture.plan,
        cells=headline_cells_of(picture.current),
        today=picture.today,
        inputs=inputs,
    ).ledger
    return {
        "columns": ["Year", "Block", "Income", "Transfers", "Expenditure", "In-year", "Carried forward"],
        "rows": [
            [
                year.heading,
                row.block_label,
                pounds(row.income),
                signed_pounds(row.transfers) if row.transfers else "",
                pounds(row.expenditure),
                pounds(row.in_year),
                pounds(row.carried_forward),
            ]
            for year in ledger.years
            for row in [*year.rows, year.total]
        ],
        "warnings": ledger.warnings,
    }


def _day(value: date) -> str:
    return long_date(value)


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]


def _headline(picture: PlanPicture) -> list[dict]:
    if picture.plan is None:
        return []
    return headline_cards(headline(picture), picture.current.unit if picture.current else "pounds")


def _rag_summary(
    picture: PlanPicture, shared: dict[int, list[str]], latest: dict[int, PlanUpdate]
) -> list[dict]:
    """Per workstream: effective RAG, the latest commentary (newest update, else the milestones' own), how
    many open milestones are overdue, and each open milestone with its RAG and what lies behind it.
    `latest`: per workstream, its latest update with commentary (reports.stored_report.latest_commentary)."""
    today = picture.today
    rows = []
    for ws in picture.workstreams:
        update = latest.get(ws.pk)
        if update is not None:
            commentary = update.commentary
            when = f"{update.milestone.title}, {_day(timezone.localdate(update.created_at))}"
        else:
            open_with_text = [m for m in ws.open_milestones if m.commentary] or [
                m for m in ws.milestones.all() if m.commentary
            ]
            commentary = open_with_text[0].commentary if open_with_text else ""
            when = open_with_text[0].title if open_with_text else ""
        rag = ws.rag_on(today)
        open_milestones = ws.open_milestones
        rows.append(
            {
                "id": ws.pk,
                "workstream": f"{ws.code}. {ws.title}",
                "lead": ws.lead.name if ws.lead else "",
                "rag": rag.value if rag else "",
                "rag_label": Rag(rag).label if rag else "Not rated",
                "commentary": commentary,
                "commentary_source": when,
                "overdue": sum(m.is_overdue_on(today) for m in open_milestones),
                "milestones": [_milestone(m, today, shared.get(m.pk, [])) for m in open_milestones],
            }
        )
    return rows


def _milestone(m, today: date, shared: list[str] = ()) -> dict:
    rag = m.effective_rag_on(today)
    return {
        "id": m.pk,
        "title": m.title,
        # The lead and any shared leads, as the papers write them ("LCJ/CC"); joint leads were cut to one.
        "lead": "/".join(
            [
                *([m.lead.initials] if m.lead else []),
                *(i for i in shared if not m.lead or i != m.lead.initials),
            ]
        ),
        "due": _day(m.forecast_due) if m.forecast_due else "",
        "rag": rag,
        "rag_label": Rag(rag).label if rag else "Not rated",
        "overdue_for": m.overdue_for_on(today),
        "slipped": m.slippage,
        "note": m.status_note_on(today),
    }


def _changes(changes: Changes) -> dict:
    def fmt(value):
        return _day(value) if isinstance(value, date) else value

    def rows(items):
        return [{k: fmt(v) for k, v in asdict(item).items()} for item in items]

    return {
        "rag_moves": [
            {
                **row,
                "old_label": Rag(row["old"]).label if row["old"] else "Not rated",
                "new_label": Rag(row["new"]).label,
            }
            for row in rows(changes.rag_moves)
        ],
        "completed": rows(changes.completed),
        "slipped": rows(changes.slipped),
        "new_workstreams": rows(changes.new_workstreams),
        "new_milestones": rows(changes.new_milestones),
        "is_empty": changes.is_empty,
    }
