"""A column a tracker lacks leaves the app's value alone (completion, outcomes, risks), and the preview
compares with the RAG the tracker export showed (issue 21, item 8)."""

from datetime import UTC, date, datetime

import pytest
import time_machine

from spreadsheets.importer import import_file
from tests.factories import CouncilFactory, UserFactory
from tests.spreadsheets.workbooks import tracker
from workstreams.models import Milestone, MilestoneUpdate, Workstream

ACTION = "1. NURTURE APPROACH To progress a small nurture pilot"


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(datetime(2026, 12, 5, 10, 0, tzinfo=UTC), tick=False):
        yield


@pytest.fixture
def council(db):
    return CouncilFactory(slug="rutland", name="Rutland")


@pytest.fixture
def admin(db):
    return UserFactory(username="importer")


def run(council, user, data, apply=True):
    return import_file(council=council, user=user, name="tracker.xlsx", data=data, apply=apply)


def loaded(council, admin, progress="Amber", end="June 2027"):
    rows = [
        [ACTION, "Fewer exclusions", "Low numbers", "Integration with EIP", "LCJ", "Jan 2026", end, progress]
    ]
    run(council, admin, tracker(rows))
    return Milestone.objects.get(title="Integration with EIP")


def test_a_rag_word_leaves_a_completed_milestone_complete(council, admin):
    milestone = loaded(council, admin)
    Milestone.objects.filter(pk=milestone.pk).update(completed_on=date(2026, 11, 20), percent_complete=100)
    rows = [
        [
            ACTION,
            "Fewer exclusions",
            "Low numbers",
            "Integration with EIP",
            "LCJ",
            "Jan 2026",
            "June 2027",
            "Green",
        ]
    ]
    result = run(council, admin, tracker(rows))
    assert result.ok, result.all_problems  # was: "Row 4: Enter the date the milestone was completed, …"
    milestone.refresh_from_db()
    assert milestone.completed_on == date(2026, 11, 20) and milestone.percent_complete == 100
    assert not MilestoneUpdate.objects.filter(milestone=milestone).exists()


def test_a_file_without_outcomes_or_risks_columns_keeps_the_apps(council, admin):
    loaded(council, admin)
    header = ["Key Improvement Action", "Key Milestones", "Lead", "Start Date", "End Date", "Progress (RAG)"]
    rows = [[ACTION, "Integration with EIP", "LCJ", "Jan 2026", "June 2027", "Amber"]]
    result = run(council, admin, tracker(rows, header=header))
    assert result.ok and result.changes == []
    ws = Workstream.objects.get(code="1")
    assert (ws.expected_outcomes, ws.risks) == ("Fewer exclusions", "Low numbers")


def test_the_preview_starts_from_the_rag_the_export_showed(council, admin):
    milestone = loaded(council, admin, progress="Green", end="March 2026")  # overdue: shown as Red
    assert milestone.rag == "green" and milestone.effective_rag == "red"
    rows = [
        [
            ACTION,
            "Fewer exclusions",
            "Low numbers",
            "Integration with EIP",
            "LCJ",
            "Jan 2026",
            "June 2027",
            "Amber",
        ]
    ]
    result = run(council, admin, tracker(rows), apply=False)
    assert result.changes == [
        "Change “Integration with EIP” (1): RAG Red (Green, overdue) → Amber, due 1 March 2026 → 1 June 2027"
    ]
