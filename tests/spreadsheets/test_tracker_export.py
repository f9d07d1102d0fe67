"""The tracker workbook in seed 002's layout: merged actions, RAG word and fill, the key, history sheets."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from spreadsheets.cells import RAG_FILLS
from spreadsheets.exports.tracker import PLAN_SHEET, TrackerExport
from spreadsheets.writer import to_workbook
from tests.factories import LeadFactory, MilestoneFactory, UserFactory, WorkstreamFactory
from workstreams import services
from workstreams.models import Milestone


@pytest.fixture
def plan_with_history(home):
    lcj = LeadFactory(council=home.council, initials="LCJ", name="Louise Crookenden-Johnson")
    cc = LeadFactory(council=home.council, initials="CC", name="Claire Cooper")
    ws = home.workstream
    ws.title, ws.description, ws.expected_outcomes, ws.lead = (
        "Nurture approach",
        "A pilot",
        "Fewer exclusions",
        lcj,
    )
    ws.save()
    Milestone.objects.filter(pk=home.milestone.pk).update(lead=lcj, start_date=date(2020, 1, 1), rag="amber")
    due = date(2022, 4, 30)
    second = MilestoneFactory(
        workstream=ws, title="Extension work", lead=lcj, start_date=date(2021, 11, 1), baseline_due=due,
        forecast_due=due, position=2,
    )  # fmt: skip
    second.other_leads.set([cc])
    officer = UserFactory(username="officer", first_name="Olive", last_name="Officer")
    services.milestone_update(
        milestone=second, user=officer, expected_version=second.version, rag="red", percent_complete=10,
        forecast_due=date(2022, 9, 30), completed_on=None, commentary='=HYPERLINK("https://evil.example","x")',
        date_change_reason="Provider late",
    )  # fmt: skip
    WorkstreamFactory(plan=home.plan, code="2", title="SEMH specialist teachers", lead=cc, position=2)
    return home


def workbook(world):
    export = TrackerExport(council=world.council, plan=world.plan, today=date(2026, 12, 1))
    return export, load_workbook(io.BytesIO(to_workbook(export)))


def test_it_lays_the_plan_out_as_the_council_tracker_does(plan_with_history):
    export, wb = workbook(plan_with_history)
    assert export.filename == "home-council-tracker-2026-12-01.xlsx"
    assert wb.sheetnames == [PLAN_SHEET, "Milestones", "Updates", "Indicators", "Indicator values"]
    ws = wb[PLAN_SHEET]
    assert [c.value for c in ws[4]] == [
        "Key Improvement Action", "Expected Outcomes", "Risks", "Key Milestones", "Lead", "Start Date",
        "End Date", "Progress (RAG)", "Commentary",
    ]  # fmt: skip
    assert ws["A5"].value == "1. Nurture approach\nA pilot" and ws["B5"].value == "Fewer exclusions"
    assert {"A5:A6", "B5:B6", "C5:C6"} <= {str(r) for r in ws.merged_cells.ranges}
    assert (ws["D6"].value, ws["E6"].value, ws["F6"].value.date(), ws["G6"].value.date()) == (
        "Extension work",
        "LCJ/CC",
        date(2021, 11, 1),
        date(2022, 9, 30),
    )
    assert ws["H5"].value == "Amber" and ws["H5"].fill.fgColor.rgb.endswith(RAG_FILLS["Amber"])
    assert ws["H6"].value == "Red" and ws["H6"].fill.fgColor.rgb.endswith(RAG_FILLS["Red"])
    assert ws["A7"].value == "2. SEMH specialist teachers" and ws["E7"].value == "CC"  # no milestones yet
    assert ws.freeze_panes == "A5" and ws.auto_filter.ref == "A4:I7"


def test_it_puts_the_rag_key_under_the_table(plan_with_history):
    ws = workbook(plan_with_history)[1][PLAN_SHEET]
    key = {ws.cell(row=r, column=1).value: ws.cell(row=r, column=2).value for r in range(9, 14)}
    assert key["RAG key"] is None and key["Green"] == "Action on target and key milestones met"
    assert key["Red"] == "Off target, milestones not met" and "Complete" in key
    assert ws["A10"].fill.fgColor.rgb.endswith(RAG_FILLS["Green"])


def test_it_keeps_commentary_typed_as_a_formula_as_text(plan_with_history):
    ws = workbook(plan_with_history)[1][PLAN_SHEET]
    assert ws["I6"].value == '=HYPERLINK("https://evil.example","x")' and ws["I6"].data_type == "s"


def test_it_lists_each_milestone_with_its_latest_update_and_every_update(plan_with_history):
    wb = workbook(plan_with_history)[1]
    milestones = {row[1]: row for row in wb["Milestones"].iter_rows(min_row=2, values_only=True)}
    extension = milestones["Extension work"]
    assert extension[7] == "Red" and extension[8] == "Red" and extension[10] == 0.1
    assert extension[15] == "Olive Officer"
    updates = list(wb["Updates"].iter_rows(min_row=2, values_only=True))
    assert len(updates) == 1
    when, who, _, milestone, before, after, due_before, due_after, *_rest, reason = updates[0]
    assert (who, milestone, before, after) == ("Olive Officer", "Extension work", "Green", "Red")
    assert (due_before.date(), due_after.date(), reason) == (
        date(2022, 4, 30),
        date(2022, 9, 30),
        "Provider late",
    )
