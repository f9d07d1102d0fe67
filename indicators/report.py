"""The SEND performance indicators section of a Schools Forum report, as a JSON-safe dict of display-ready
values: it goes into the report's frozen snapshot under its own key ("indicators"), so a published report
keeps the figures as presented.

Changes since the last report: the values recorded (or corrected) since then, and each indicator whose RAG
differs from the one the last published report showed (read from that report's own snapshot).
"""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from indicators.models import Indicator
from indicators.selectors import indicators_for_plan
from indicators.summary import rag_counts, summarise
from recovery.models import RecoveryPlan

SECTION_VERSION = 1


def _number(value) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def report_section(
    *, plan: RecoveryPlan | None, since: datetime, until: datetime, previous: dict | None = None
) -> dict:
    """``previous`` is the last published report's snapshot (or None); 3 queries."""
    return section_of(
        section_parts(indicators_for_plan(plan=plan)), since=since, until=until, previous=previous
    )


def section_parts(indicators: list[Indicator]) -> dict:
    """What the section shows that depends on the indicators alone (not on the report's window or the last
    report): its rows, their RAG counts, and every value with when it was recorded, in the section's order.
    Plain values, so a plan's parts can be stored with its data version (reports.stored_report)."""
    rows = [summarise(i) for i in indicators]
    return {
        "rows": [
            {
                "id": r.pk,
                "name": r.name,
                "workstream": r.workstream,
                "unit": r.unit,
                "latest_period": r.latest_period,
                "latest": r.latest,
                "latest_number": _number(r.latest_value),
                "target": r.target,
                "target_number": _number(r.target_value),
                "rag": r.rag,
                "rag_label": r.rag_label,
                "baseline_period": r.baseline_period,
                "baseline": r.baseline,
                "later_missing": r.later_missing,
                "source": r.source,
            }
            for r in rows
        ],
        "counts": rag_counts(rows),
        "values": [
            (
                v.recorded_at,
                {
                    "indicator": i.name,
                    "period": v.period,
                    "kind": v.get_kind_display(),
                    "value": v.text,
                    "note": v.note,
                    "recorded_on": timezone.localtime(v.recorded_at).strftime("%-d %B %Y"),
                },
            )
            for i in indicators
            for v in i.values.all()
        ],
    }


def section_of(parts: dict, *, since: datetime, until: datetime, previous: dict | None = None) -> dict:
    """The section from its `parts` (section_parts): the values recorded in (since, until] and the RAG moves
    against ``previous``, the last published report's snapshot (or None). No queries."""
    before = {r.get("id"): r for r in ((previous or {}).get("indicators") or {}).get("rows", [])}
    new_values = [dict(value) for recorded_at, value in parts["values"] if since < recorded_at <= until]
    rag_moves = [
        {"indicator": r["name"], "old_label": before[r["id"]]["rag_label"], "new_label": r["rag_label"]}
        for r in parts["rows"]
        if r["id"] in before and before[r["id"]].get("rag", "") != r["rag"]
    ]
    return {
        "version": SECTION_VERSION,
        "rows": [dict(r) for r in parts["rows"]],
        "counts": dict(parts["counts"]),
        "changes": {
            "new_values": new_values,
            "rag_moves": rag_moves,
            "is_empty": not (new_values or rag_moves),
        },
    }
