"""'Changes since the last report' compares the last published report with this one as readers saw them:
effective RAG with effective RAG, workstreams and milestones present then with those present now; a first
report says so everywhere, the report pack included (issue 21, item 4)."""

import io
from datetime import UTC, date, datetime

import pytest
import time_machine
from openpyxl import load_workbook

from accounts.models import Role
from reports import services
from reports.forum_report import report_content
from spreadsheets.exports.report_pack import ReportPackExport
from spreadsheets.writer import to_workbook
from tests.conftest import member_client
from tests.factories import MilestoneFactory, UserFactory
from workstreams.models import Milestone
from workstreams.rag import Rag
from workstreams.services import milestone_update

AUTUMN = datetime(2026, 9, 1, 10, 0, tzinfo=UTC)
WINTER = datetime(2026, 12, 5, 10, 0, tzinfo=UTC)


@pytest.fixture
def history(home):
    """The plan as at the autumn report (published with figures as at 1 August, as a council that started
    using the app mid-year loads it), then a term of updates."""
    with time_machine.travel(AUTUMN, tick=False):
        officer = UserFactory()
        moved = MilestoneFactory(
            workstream=home.workstream, title="Outreach panel", rag=Rag.AMBER, forecast_due=date(2026, 8, 1)
        )  # overdue on 1 September: Red to every reader
        already_red = MilestoneFactory(
            workstream=home.workstream, title="SLA agreed", rag=Rag.GREEN, forecast_due=date(2026, 8, 15)
        )  # overdue too: Red to every reader
        author = UserFactory()
        autumn = services.report_create(
            plan=home.plan, user=author, meeting_date=date(2026, 9, 10), title="Autumn term update"
        )
        services.report_publish(report=autumn, user=author, now=AUTUMN)
    with time_machine.travel(WINTER, tick=False):
        moved = Milestone.objects.get(pk=moved.pk)
        milestone_update(
            milestone=moved,
            user=officer,
            expected_version=moved.version,
            rag=Rag.AMBER,
            percent_complete=40,
            forecast_due=date(2027, 3, 1),
            completed_on=None,
            commentary="Panel moved to the spring",
            date_change_reason="Academy conversions",
        )
        already_red = Milestone.objects.get(pk=already_red.pk)
        milestone_update(
            milestone=already_red,
            user=officer,
            expected_version=already_red.version,
            rag=Rag.RED,
            percent_complete=10,
            forecast_due=date(2026, 8, 15),
            completed_on=None,
            commentary="Still waiting for the school",
        )
        MilestoneFactory(workstream=home.workstream, title="Parent survey", forecast_due=date(2027, 2, 1))
        winter = services.report_create(
            plan=home.plan, user=author, meeting_date=date(2026, 12, 10), title="Winter term update"
        )
    return winter


def test_it_compares_effective_rag_with_the_last_report(home, history):
    with time_machine.travel(WINTER, tick=False):
        changes = report_content(report=history, council=home.council, now=WINTER)["changes"]
    moves = {(m["milestone"], m["old_label"], m["new_label"]) for m in changes["rag_moves"]}
    assert ("Outreach panel", "Red", "Amber") in moves  # its date moved: Red became Amber
    assert not any(m["milestone"] == "SLA agreed" for m in changes["rag_moves"])  # Red then, Red now


def test_it_lists_new_milestones_and_not_old_workstreams_as_new(home, history):
    with time_machine.travel(WINTER, tick=False):
        changes = report_content(report=history, council=home.council, now=WINTER)["changes"]
    assert changes["new_workstreams"] == []
    assert [m["milestone"] for m in changes["new_milestones"]] == ["Parent survey"]
    assert not changes["is_empty"]


def test_the_page_shows_the_changes_readers_saw(home, history):
    with time_machine.travel(WINTER, tick=False):
        client = member_client(home.council, Role.COUNCIL_ADMIN)
        body = client.get(f"/councils/{home.council.slug}/reports/{history.pk}/").content.decode()
    assert "Outreach panel: Red → <strong>Amber</strong>" in body
    assert "New milestones" in body and "Parent survey" in body
    assert "SLA agreed: Green → " not in body


def test_the_report_pack_says_first_report_like_the_page(home):
    with time_machine.travel(WINTER, tick=False):
        author = UserFactory()
        report = services.report_create(
            plan=home.plan, user=author, meeting_date=date(2026, 12, 10), title="First update"
        )
        report = services.report_publish(report=report, user=author)
        sheet = load_workbook(io.BytesIO(to_workbook(ReportPackExport(report=report))))["Changes"]
    cells = [cell for row in sheet.iter_rows(values_only=True) for cell in row if cell]
    assert any("First report" in str(cell) for cell in cells)
    assert "Nothing changed" not in cells


def test_it_compares_with_a_snapshot_from_before_ids_by_title():
    """Snapshots published before issue 21 hold no ids: rows and milestones match by their words."""
    from datetime import UTC, datetime

    from reports.changes import Changes, compared_with_previous

    empty = Changes(
        since=datetime(2026, 9, 1, tzinfo=UTC), rag_moves=[], completed=[], slipped=[], new_workstreams=[]
    )
    previous = [
        {"workstream": "1. Nurture", "milestones": [{"title": "Panel", "rag": "red", "due": "1 Aug 2026"}]}
    ]
    current = [
        {
            "id": 7,
            "workstream": "1. Nurture",
            "milestones": [
                {"id": 70, "title": "Panel", "rag": "amber", "due": "1 March 2027"},
                {"id": 71, "title": "Survey", "rag": "green", "due": "1 February 2027"},
            ],
        },
        {"id": 8, "workstream": "2. Outreach", "milestones": []},
    ]
    changes = compared_with_previous(
        changes=empty, previous=previous, current=current, added_on={"2. Outreach": date(2026, 11, 2)}
    )
    assert [(m.milestone, m.old, m.new) for m in changes.rag_moves] == [("Panel", "red", "amber")]
    assert [(m.milestone, m.due) for m in changes.new_milestones] == [("Survey", "1 February 2027")]
    assert [(w.code, w.title, w.added_on) for w in changes.new_workstreams] == [
        ("2", "Outreach", date(2026, 11, 2))
    ]
