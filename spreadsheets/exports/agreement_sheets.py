"""The plan's agreements with the DfE in the tracker workbook: the conditions (number, text, owner, effective
RAG with its word and fill, commentary, the workstreams that deliver each) and each Safety Valve trajectory
against the current forecast, money as whole pounds. The tracker importer reads only the plan sheet, so these
sheets go out and never come back in."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from agreements.figures import track_words
from agreements.models import AgreementKind
from agreements.selectors import AgreementStanding
from core.money import whole_pounds
from spreadsheets.cells import DATE, POUNDS, Cell, Column, Sheet, rag_cell
from spreadsheets.exports.quarterly_return import SIGNED_PERCENT
from workstreams.rag import Rag

CONDITIONS_SHEET = "Agreement conditions"
TRAJECTORY_SHEET = "Agreed trajectory"


def _pounds(value: Decimal | None):
    return None if value is None else Cell(int(whole_pounds(value)), POUNDS)


def agreement_sheets(standings: list[AgreementStanding]) -> Iterator[Sheet]:
    """A conditions sheet and a trajectory sheet, when the plan delivers an agreement that has them."""
    conditions = [(s.agreement, c) for s in standings for c in s.conditions]
    if conditions:
        yield Sheet(
            title=CONDITIONS_SHEET,
            columns=[
                Column("Agreement", 30, wrap=True),
                Column("Status", 14),
                Column("Number", 9),
                Column("Condition", 60, wrap=True),
                Column("Owner", 22),
                Column("Due", 12, DATE),
                Column("Met on", 12, DATE),
                Column("RAG", 11),
                Column("RAG set by owner", 11),
                Column("Reason to keep the RAG while overdue", 36, wrap=True),
                Column("Commentary", 60, wrap=True),
                Column("Workstreams", 40, wrap=True),
            ],
            rows=[
                [
                    a.title,
                    a.get_status_display(),
                    c.number,
                    c.text,
                    str(c.owner),
                    c.due,
                    c.met_on,
                    rag_cell(Rag(c.effective_rag).label) if c.effective_rag else "Not rated",
                    Rag(c.rag).label if c.rag else None,
                    c.hold_reason or None,
                    c.commentary or None,
                    "; ".join(f"{w.code}. {w.title}" for w in c.workstreams.all()) or None,
                ]
                for a, c in conditions
            ],
            preamble=[
                "The conditions of the plan's agreements with the DfE. RAG is the one that counts: a "
                "condition past its due date and not met is Red unless its owner recorded a reason to keep "
                "another."
            ],
        )
    trajectories = [s for s in standings if s.agreement.kind == AgreementKind.SAFETY_VALVE and s.rows]
    if trajectories:
        yield Sheet(
            title=TRAJECTORY_SHEET,
            columns=[
                Column("Agreement", 30, wrap=True),
                Column("Revision", 9),
                Column("Year", 10),
                Column("Agreed excluding DfE payments", 18, POUNDS),
                Column("Agreed including DfE payments", 18, POUNDS),
                Column("In-year target", 16, POUNDS),
                Column("Forecast", 16, POUNDS),
                Column("Variance", 16, POUNDS),
                Column("Variance (%)", 12, SIGNED_PERCENT),
                Column("On or off track", 14),
                Column("Tolerance", 10),
            ],
            rows=[
                [
                    s.agreement.title,
                    s.agreement.trajectory_revision,
                    r.label,
                    _pounds(r.agreed_excluding),
                    _pounds(r.agreed_including),
                    _pounds(r.in_year_target),
                    _pounds(r.forecast),
                    _pounds(r.variance),
                    None
                    if r.variance_percent is None
                    else Cell(float(r.variance_percent / 100), SIGNED_PERCENT),
                    track_words(r.on_track) or None,
                    f"{(s.agreement.tolerance * 100).normalize():f}%",
                ]
                for s in trajectories
                for r in s.rows
            ],
            preamble=[
                "Each Safety Valve agreement's current trajectory against the current forecast (target "
                "mitigated). A year is off track when the forecast exceeds the agreed deficit excluding DfE "
                "payments by more than the tolerance."
            ],
        )
