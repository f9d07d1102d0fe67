"""The SEND performance indicators in Excel: the tracker workbook's two sheets (the indicators with their
latest figure, target and RAG; every value with who recorded it), and the report pack's sheet from a published
report's frozen snapshot. Figures go into cells as numbers, in the indicator's unit."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from indicators.formatting import COUNT, PERCENT, POUNDS
from indicators.models import Indicator
from indicators.summary import summarise
from spreadsheets.cells import DATETIME, Cell, Column, Sheet, day, rag_cell
from spreadsheets.cells import POUNDS as POUNDS_FORMAT


def figure_format(unit: str, value: Decimal) -> str:
    """An Excel format for one figure: whole numbers without a decimal point, others with theirs."""
    whole = value == value.to_integral_value()
    if unit == POUNDS:
        return POUNDS_FORMAT
    if unit == PERCENT:
        return '0"%"' if whole else '0.0###"%"'
    if unit == COUNT:
        return "#,##0" if whole else "#,##0.0###"
    return "0" if whole else "0.00##"


def figure_cell(unit: str, value: Decimal | str | None):
    if value is None or value == "":
        return None
    number = Decimal(str(value))
    return Cell(
        int(number) if number == number.to_integral_value() else float(number), figure_format(unit, number)
    )


def _rag(label: str):
    return rag_cell(label) if label else None


def indicator_sheets(indicators: list[Indicator]) -> list[Sheet]:
    """For the tracker workbook: "Indicators" and "Indicator values" (indicators prefetched)."""
    summary_rows = []
    for indicator in indicators:
        s = summarise(indicator)
        summary_rows.append(
            [
                s.name,
                s.workstream or None,
                s.unit_label,
                s.direction_label,
                s.period_type_label,
                s.baseline_period or None,
                figure_cell(s.unit, indicator.baseline_value),
                s.latest_period or None,
                figure_cell(s.unit, s.latest_value),
                figure_cell(s.unit, s.target_value),
                _rag(s.rag_label),
                s.source or None,
            ]
        )
    value_rows = [
        [
            indicator.name,
            v.period,
            v.get_kind_display(),
            figure_cell(indicator.unit, v.value) if v.value is not None else v.text,
            v.note or None,
            v.source or None,
            day(timezone.localtime(v.recorded_at)),
            (v.recorded_by.get_full_name() or v.recorded_by.username) if v.recorded_by else None,
        ]
        for indicator in indicators
        for v in indicator.values.all()
    ]
    return [
        Sheet(
            title="Indicators",
            columns=[
                Column("Indicator", 44, wrap=True),
                Column("Workstream", 30, wrap=True),
                Column("Unit", 16),
                Column("Good direction", 16),
                Column("Period type", 14),
                Column("Baseline period", 12),
                Column("Baseline", 12),
                Column("Latest period", 12),
                Column("Latest", 12),
                Column("Target", 12),
                Column("RAG", 11),
                Column("Source", 36, wrap=True),
            ],
            rows=summary_rows,
            preamble=[
                "SEND performance indicators",
                "RAG: the latest figure against the target for its period (or the latest earlier target). "
                "Green: on target or within the amber tolerance; Amber: within the red tolerance; "
                "Red: beyond it.",
            ],
        ),
        Sheet(
            title="Indicator values",
            columns=[
                Column("Indicator", 44, wrap=True),
                Column("Period", 14),
                Column("Actual or forecast", 12),
                Column("Value", 14),
                Column("Note", 40, wrap=True),
                Column("Source", 20),
                Column("Recorded", 16, DATETIME),
                Column("Recorded by", 18),
            ],
            rows=value_rows,
        ),
    ]


def report_indicator_sheet(snapshot: dict, preamble: list[str]) -> Sheet | None:
    """The report pack's "Indicators" sheet, from the snapshot alone (None for a report from before)."""
    section = snapshot.get("indicators")
    if not section:
        return None
    rows = [
        [
            r["name"],
            r.get("workstream") or None,
            r.get("baseline_period") or None,
            r.get("baseline") or None,
            r.get("latest_period") or None,
            figure_cell(r.get("unit", ""), r.get("latest_number")),
            figure_cell(r.get("unit", ""), r.get("target_number")),
            _rag(r.get("rag_label", "")),
        ]
        for r in section.get("rows", [])
    ]
    changes = section.get("changes") or {}
    footer = [[Cell("Changes since the last report", bold=True)]]
    for m in changes.get("rag_moves", []):
        footer.append([m["indicator"], f"RAG {m['old_label']} → {m['new_label']}"])
    for v in changes.get("new_values", []):
        footer.append(
            [
                v["indicator"],
                f"{v['period']}: {v['value']} ({v['kind'].lower()}, recorded {v['recorded_on']})",
            ]
        )
    if len(footer) == 1:
        footer.append(["No new figures and no RAG changes"])
    return Sheet(
        title="Indicators",
        columns=[
            Column("Indicator", 44, wrap=True),
            Column("Workstream", 30, wrap=True),
            Column("Baseline period", 12),
            Column("Baseline", 12),
            Column("Latest period", 12),
            Column("Latest", 12),
            Column("Target", 12),
            Column("RAG", 11),
        ],
        rows=rows or [["The plan had no performance indicators", None, None, None, None, None, None, None]],
        preamble=preamble,
        footer=footer,
    )
