"""The "Agreements with the DfE" section of a Schools Forum report: each agreement of the council still in
force (not ended), its kind and status; a Safety Valve agreement's agreed trajectory against the current
forecast (variance in £ and %, on or off track by the council's tolerance), its conditions with their
effective RAG and its DfE payments; a DBV plan's grant against spend. Written out as the page writes it
(JSON-safe), so a published report's snapshot freezes it like every other figure."""

from __future__ import annotations

from decimal import Decimal

from agreements.figures import track_words
from agreements.models import AgreementKind
from agreements.selectors import AgreementStanding, agreements_in_force_for_council, condition_contents
from core.durations import long_date
from core.money import percent, pounds, signed_percent, signed_pounds
from recovery.models import Council

TRAJECTORY_COLUMNS = [
    "Year",
    "Agreed excluding DfE payments",
    "Agreed including DfE payments",
    "Forecast",
    "Variance",
    "Variance (%)",
    "On or off track",
]
DBV_COLUMNS = ["Year", "Grant allocated", "Spent", "Unspent", "Cost avoided"]


def agreements_section(*, council: Council, standings: list[AgreementStanding] | None = None) -> dict:
    """{"agreements": [...]}, one entry per agreement in force, newest first. `standings`: the council's
    agreements_in_force_for_council as stored with a draft report's parts (no queries), else read (a fixed
    number of queries). A condition's overdue status is worked out here, for the day."""
    if standings is None:
        standings = agreements_in_force_for_council(council=council)
    return {"agreements": [_agreement(s) for s in standings]}


def _forecast_words(info: dict | None) -> str:
    if info is None:
        return ""
    return f"“{info['name']}” ({info['series'].lower()})"


def _agreement(standing: AgreementStanding) -> dict:
    a = standing.agreement
    entry = {
        "title": a.title,
        "kind": a.get_kind_display(),
        "kind_key": a.kind,
        "status": a.get_status_display(),
        "status_note": a.status_note,
        "agreed_on": long_date(a.agreed_on),
        "term": a.term_label,
        "forecast": _forecast_words(standing.forecast),
    }
    if a.kind == AgreementKind.SAFETY_VALVE:
        rated = [r for r in standing.rows if r.on_track is not None]
        entry |= {
            "tolerance": percent(a.tolerance),
            "columns": TRAJECTORY_COLUMNS,
            "rows": [
                [
                    r.label,
                    pounds(r.agreed_excluding),
                    pounds(r.agreed_including),
                    pounds(r.forecast),
                    signed_pounds(r.variance),
                    signed_percent(r.variance_percent),
                    track_words(r.on_track),
                ]
                for r in standing.rows
            ],
            "off_track": sum(1 for r in rated if not r.on_track),
            "rated": len(rated),
            "conditions": [_condition(c) for c in standing.conditions],
            "payments": {
                "contribution": pounds(standing.totals.contribution),
                "received": pounds(standing.totals.received),
                "still_withheld": pounds(standing.totals.still_withheld),
                "remaining": pounds(standing.totals.remaining),
            },
        }
    elif a.kind == AgreementKind.DBV:
        allocated = sum((r.allocated for r in standing.dbv), Decimal(0))
        spent = sum((r.spent for r in standing.dbv), Decimal(0))
        avoided = sum((r.avoided for r in standing.dbv), Decimal(0))
        entry |= {
            "grant": pounds(a.dfe_contribution),
            "columns": DBV_COLUMNS,
            "rows": [
                [r.label, pounds(r.allocated), pounds(r.spent), signed_pounds(r.allocated - r.spent),
                 pounds(r.avoided)]
                for r in standing.dbv
                if r.allocated or r.spent or r.avoided
            ],
            "total": ["Total", pounds(allocated), pounds(spent), signed_pounds(allocated - spent),
                      pounds(avoided)],
        }  # fmt: skip
    return entry


def _condition(condition) -> dict:
    row = condition_contents(condition)
    note = ""
    if condition.met_on:
        note = f"Met {long_date(condition.met_on)}"
    elif condition.is_overdue:
        note = f"Overdue since {long_date(condition.due)}"
        if row["held"]:
            note += f"; {row['rag']} held: {condition.hold_reason}"
    elif condition.due:
        note = f"Due {long_date(condition.due)}"
    return row | {"rag_label": row["rag"] or "Not rated", "note": note}
