"""The tracker workbook carries the plan's agreements with the DfE: the conditions (number, text, owner,
effective RAG with its word, commentary, workstreams) and each Safety Valve trajectory against the forecast;
the importer ignores those sheets, so the workbook still imports back as it did."""

import io
from datetime import date
from decimal import Decimal as D

from openpyxl import load_workbook

from agreements.models import AgreementStatus
from recovery.selectors import plan_for_council
from spreadsheets.exports.agreement_sheets import CONDITIONS_SHEET, TRAJECTORY_SHEET
from spreadsheets.exports.tracker import PLAN_SHEET, TrackerExport
from spreadsheets.importer import import_file
from spreadsheets.writer import to_workbook
from tests.factories import (
    AgreementFactory,
    ConditionFactory,
    CouncilFactory,
    ForecastFactory,
    ForecastYearFactory,
    LeadFactory,
    TrajectoryYearFactory,
    UserFactory,
)
from workstreams.rag import Rag


def rows_of(sheet):
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def tracker(world) -> bytes:
    return to_workbook(TrackerExport(council=world.council, plan=world.plan))


def with_agreement(home):
    sv = AgreementFactory(plan=home.plan, title="Safety Valve 2024")
    TrajectoryYearFactory(agreement=sv, financial_year=2026, deficit_excluding_dfe=D("31000000"))
    forecast = ForecastFactory(plan=home.plan, is_current=True, status="published")
    ForecastYearFactory(
        forecast=forecast, financial_year=2026, scenario="target", cumulative_deficit=D("33000000")
    )
    owner = LeadFactory(council=home.council, name="Jo Bloggs", initials="JB")
    overdue = ConditionFactory(
        agreement=sv, number=2, text="=Open two special schools", owner=owner, due=date(2026, 9, 1),
        rag=Rag.GREEN, commentary="Building started",
    )  # fmt: skip
    overdue.workstreams.set([home.workstream])
    ConditionFactory(agreement=sv, number=1, text="Keep to the trajectory", owner=owner)
    AgreementFactory(plan=home.plan, title="Ended", status=AgreementStatus.ENDED)
    return sv


def test_it_has_the_conditions_with_their_effective_rag_in_words(home):
    with_agreement(home)
    wb = load_workbook(io.BytesIO(tracker(home)))
    rows = rows_of(wb[CONDITIONS_SHEET])
    header = rows.index(next(r for r in rows if r[0] == "Agreement"))
    first, second = rows[header + 1], rows[header + 2]
    assert first[:5] == ["Safety Valve 2024", "Active", 1, "Keep to the trajectory", "Jo Bloggs (JB)"]
    assert first[7] == "Not rated"
    assert second[2:4] == [2, "=Open two special schools"]
    assert second[7:9] == ["Red", "Green"]  # overdue and no reason held: Red, beside the owner's own RAG
    assert second[10:] == ["Building started", "1. Home Council nurture approach"]
    cell = wb[CONDITIONS_SHEET].cell(row=header + 3, column=4)
    assert cell.data_type == "s"  # text that looks like a formula stays text


def test_it_has_the_trajectory_against_the_forecast(home):
    with_agreement(home)
    rows = rows_of(load_workbook(io.BytesIO(tracker(home)))[TRAJECTORY_SHEET])
    assert ["Safety Valve 2024", 1, "2026-27", 31000000, 20000000, 4000000, 33000000, 2000000, 0.065,
            "Off track", "5%"] in rows  # fmt: skip


def test_a_plan_without_agreements_has_neither_sheet(home):
    names = load_workbook(io.BytesIO(tracker(home))).sheetnames
    assert CONDITIONS_SHEET not in names and TRAJECTORY_SHEET not in names


def test_the_workbook_with_agreement_sheets_still_imports_back_the_same(home):
    with_agreement(home)
    home.workstream.lead = LeadFactory(council=home.council, initials="AB")
    home.workstream.save()
    first = tracker(home)
    target = CouncilFactory(slug="target")
    result = import_file(council=target, user=UserFactory(), name="tracker.xlsx", data=first, apply=True)
    assert result.applied, result.parsed.problems + result.problems
    assert result.parsed.sheet == PLAN_SHEET
    second = to_workbook(TrackerExport(council=target, plan=plan_for_council(council=target)))
    plan = [rows_of(load_workbook(io.BytesIO(data))[PLAN_SHEET])[3:] for data in (first, second)]
    assert plan[0] == plan[1]
    assert CONDITIONS_SHEET not in load_workbook(io.BytesIO(second)).sheetnames  # nothing came in
