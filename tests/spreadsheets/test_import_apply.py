"""Importing into the council's plan through the services: created once, changes become updates with
history, nothing is written when anything is refused."""

from datetime import date

import pytest

from recovery.models import LeadOfficer, RecoveryPlan
from spreadsheets.importer import import_file
from tests.factories import CouncilFactory, LeadFactory, PlanFactory, UserFactory
from tests.spreadsheets.workbooks import tracker
from workstreams.models import Milestone, MilestoneUpdate, Workstream


@pytest.fixture
def council(db):
    return CouncilFactory(slug="rutland", name="Rutland")


@pytest.fixture
def admin(db):
    return UserFactory(username="rutland-admin")


def run(council, user, data=None, apply=True):
    return import_file(council=council, user=user, name="tracker.xlsx", data=data or tracker(), apply=apply)


def test_it_creates_the_plan_workstreams_milestones_and_leads(council, admin):
    result = run(council, admin)
    assert result.applied and result.counts == {"leads": 2, "workstreams added": 2, "milestones added": 3}
    plan = RecoveryPlan.objects.get(council=council)
    assert plan.status == "active" and plan.period_label == "2019-20 to 2022-23"
    nurture = Workstream.objects.get(plan=plan, code="1")
    assert nurture.title == "Nurture approach" and nurture.lead.initials == "LCJ"
    shared = Milestone.objects.get(title="Extension work to share practice")
    assert shared.lead.initials == "LCJ" and [lead.initials for lead in shared.other_leads.all()] == ["CC"]
    assert (shared.start_date, shared.baseline_due, shared.forecast_due) == (date(2021, 11, 1),) + (
        date(2022, 4, 30),
    ) * 2
    assert shared.rag == "green"
    done = Milestone.objects.get(title="Linked teacher supporting each school")
    assert done.completed_on == date(2019, 9, 30) and done.percent_complete == 100
    assert Milestone.history.filter(history_user=admin).count() == 3  # audited under the importer's name


def test_it_previews_without_writing_anything(council, admin):
    result = run(council, admin, apply=False)
    assert result.ok and not result.applied
    assert "Add workstream 1. Nurture approach" in result.changes
    assert not RecoveryPlan.objects.exists() and not LeadOfficer.objects.exists()


def test_it_creates_nothing_when_the_same_file_comes_again(council, admin):
    run(council, admin)
    counts = (Workstream.objects.count(), Milestone.objects.count(), LeadOfficer.objects.count())
    again = run(council, admin)
    assert again.changes == [] and again.unchanged == 3
    assert (Workstream.objects.count(), Milestone.objects.count(), LeadOfficer.objects.count()) == counts
    assert not MilestoneUpdate.objects.exists()


def test_it_turns_changed_cells_into_milestone_updates_with_history(council, admin):
    run(council, admin)
    rows = [
        ["1. NURTURE APPROACH To progress a small nurture pilot", "Fewer exclusions", "Low numbers",
         "Integration with EIP", "LCJ", "Jan 2020", "June 2027", "Red"],
    ]  # fmt: skip
    result = run(council, admin, tracker(rows))
    assert result.changes == [
        # From what the tracker export showed (Red: overdue), the lead's own RAG in brackets (issue 21).
        "Change “Integration with EIP” (1): RAG Red (Amber, overdue) → Red, due 1 March 2021 → 1 June 2027"
    ]
    milestone = Milestone.objects.get(title="Integration with EIP")
    assert (milestone.rag, milestone.forecast_due, milestone.baseline_due) == (
        "red",
        date(2027, 6, 1),
        date(2021, 3, 1),
    )
    update = MilestoneUpdate.objects.get(milestone=milestone)
    assert (update.old_rag, update.new_rag, update.author) == ("amber", "red", admin)
    assert update.date_change_reason.startswith("Moved in the tracker imported from tracker.xlsx")


def test_it_keeps_the_leads_rag_where_the_file_says_what_the_tracker_shows(council, admin):
    """The export writes an overdue milestone's effective RAG (Red); importing it back is no change."""
    run(council, admin)
    rows = [
        ["1. NURTURE APPROACH To progress a small nurture pilot", "Fewer exclusions", "Low numbers",
         "Integration with EIP", "LCJ", "Jan 2020", "Mar 2021", "Red"],
    ]  # fmt: skip
    result = run(council, admin, tracker(rows))
    milestone = Milestone.objects.get(title="Integration with EIP")
    assert milestone.rag == "amber" and milestone.effective_rag == "red"
    assert not any("RAG" in change for change in result.changes)


def test_it_records_a_green_on_an_overdue_milestone_which_then_counts_as_red(council, admin):
    run(council, admin)
    rows = [
        ["1. NURTURE APPROACH To progress a small nurture pilot", "Fewer exclusions", "Low numbers",
         "Integration with EIP", "LCJ", "Jan 2020", "Mar 2021", "Green"],
    ]  # fmt: skip
    result = run(council, admin, tracker(rows))
    milestone = Milestone.objects.get(title="Integration with EIP")
    assert "RAG Red (Amber, overdue) → Green (shows as Red: past its End Date)" in result.changes[0]
    assert (milestone.rag, milestone.rag_hold_reason, milestone.effective_rag) == ("green", "", "red")


def test_it_matches_existing_leads_by_initials_and_uses_the_active_plan(council, admin):
    plan = PlanFactory(council=council, status="active")
    lead = LeadFactory(council=council, initials="LCJ", name="Louise Crookenden-Johnson")
    run(council, admin)
    assert Workstream.objects.filter(plan=plan).count() == 2
    assert Milestone.objects.get(title="Integration with EIP").lead == lead
    assert LeadOfficer.objects.filter(council=council).count() == 2  # LCJ matched, CC added


def test_it_writes_nothing_if_a_change_is_refused(council, admin):
    run(council, admin)
    Milestone.objects.filter(title="Integration with EIP").update(rag="")
    rows = [
        ["1. Nurture approach", "", "", "Integration with EIP", "LCJ", "Jan 2020", "June 2021", ""],
        [None, None, None, "A new milestone", "LCJ", "Jan 2020", "June 2021", "Green"],
    ]
    result = run(council, admin, tracker(rows))
    assert not result.applied
    assert result.problems == [
        "Row 4: “Integration with EIP” has no RAG yet: give it Green, Amber, Red or Complete so its progress "
        "can be recorded"
    ]
    assert not Milestone.objects.filter(title="A new milestone").exists()


def test_it_adds_a_named_lead_with_initials_that_do_not_clash(council, admin):
    LeadFactory(council=council, initials="JS", name="John Smith")
    rows = [["1. Leadership", "", "", "Audit tool", "Jane Starbuck", "Sept 2022", "July 2023", "Green"]]
    run(council, admin, tracker(rows))
    lead = Milestone.objects.get(title="Audit tool").lead
    assert (lead.name, lead.initials) == ("Jane Starbuck", "JS2")
