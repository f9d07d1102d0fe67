from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from tests.clock import TODAY
from tests.factories import (
    CategoryFactory,
    LeadFactory,
    MilestoneFactory,
    SavingFactory,
    UserFactory,
    WorkstreamFactory,
)
from workstreams.models import Category, Milestone, MilestoneUpdate, Workstream, WorkstreamSaving
from workstreams.rag import Rag
from workstreams.services import (
    LeadDetails,
    MilestoneDetails,
    StaleMilestone,
    WorkstreamDetails,
    category_create,
    category_rename,
    lead_create,
    lead_edit,
    milestone_archive,
    milestone_create,
    milestone_edit,
    milestone_move,
    milestone_update,
    milestone_update_problems,
    workstream_archive,
    workstream_create,
    workstream_edit,
    workstream_move,
    workstream_savings_set,
)


@pytest.fixture
def officer(db):
    return UserFactory(username="officer", first_name="Olive", last_name="Officer")


@pytest.fixture
def milestone(home):
    return home.milestone


def update(milestone, user, **overrides):
    values = {
        "expected_version": milestone.version,
        "rag": milestone.rag,
        "percent_complete": milestone.percent_complete,
        "forecast_due": milestone.forecast_due,
        "completed_on": milestone.completed_on,
        "commentary": "",
        "date_change_reason": "",
    }
    return milestone_update(milestone=milestone, user=user, **{**values, **overrides})


# --- milestone_update -------------------------------------------------------------------------------------


def test_it_records_an_update_with_old_and_new_values(milestone, officer):
    old_forecast = milestone.forecast_due
    record = update(milestone, officer, rag=Rag.AMBER, percent_complete=40, commentary="Recruitment is slow")
    milestone.refresh_from_db()
    assert (milestone.rag, milestone.percent_complete, milestone.version) == (Rag.AMBER, 40, 2)
    assert milestone.commentary == "Recruitment is slow"
    assert milestone.updated_by == officer
    assert (record.old_rag, record.new_rag) == (Rag.GREEN, Rag.AMBER)
    assert (record.old_percent_complete, record.new_percent_complete) == (0, 40)
    assert record.old_forecast_due == record.new_forecast_due == old_forecast
    assert record.author == officer and record.version == 2


def test_it_refuses_a_stale_save_and_changes_nothing(milestone, officer):
    update(milestone, officer, rag=Rag.AMBER, commentary="late")
    stale = Milestone.objects.get(pk=milestone.pk)
    stale.version = 1  # as read before the first save
    with pytest.raises(StaleMilestone):
        update(stale, officer, expected_version=1, rag=Rag.RED, commentary="worse")
    milestone.refresh_from_db()
    assert milestone.rag == Rag.AMBER and milestone.version == 2
    assert MilestoneUpdate.objects.count() == 1


def test_it_refuses_when_the_expected_version_is_not_the_read_one(milestone, officer):
    with pytest.raises(StaleMilestone):
        update(milestone, officer, expected_version=milestone.version + 1)
    assert MilestoneUpdate.objects.count() == 0


def test_it_refuses_when_the_row_moved_on_under_an_instance_read_earlier(milestone, officer):
    # The instance and the expected version agree, but the row was saved since: the conditional UPDATE
    # is what notices, so the check holds without any lock.
    Milestone.objects.filter(pk=milestone.pk).update(version=5)
    with pytest.raises(StaleMilestone):
        update(milestone, officer, rag=Rag.RED, commentary="x")
    assert MilestoneUpdate.objects.count() == 0


def test_it_records_the_model_history_with_the_user(milestone, officer):
    update(milestone, officer, rag=Rag.RED, commentary="Off track")
    latest = milestone.history.first()
    assert latest.rag == Rag.RED and latest.history_user == officer and latest.history_type == "~"


@pytest.mark.parametrize("rag", [Rag.AMBER, Rag.RED])
def test_it_needs_commentary_for_amber_and_red(milestone, officer, rag):
    milestone.rag = rag
    milestone.save()
    with pytest.raises(ValidationError) as error:
        update(milestone, officer, rag=rag)
    assert "commentary" in error.value.message_dict
    assert MilestoneUpdate.objects.count() == 0


def test_it_needs_commentary_when_the_rag_changes(milestone, officer):
    milestone.rag = Rag.RED
    milestone.save()
    with pytest.raises(ValidationError) as error:
        update(milestone, officer, rag=Rag.GREEN)
    assert "RAG status has changed" in error.value.message_dict["commentary"][0]


def test_it_accepts_an_unchanged_green_without_commentary(milestone, officer):
    assert update(milestone, officer).new_rag == Rag.GREEN


def test_it_needs_a_reason_when_the_forecast_moves_later(milestone, officer):
    later = milestone.forecast_due + timedelta(days=30)
    with pytest.raises(ValidationError) as error:
        update(milestone, officer, forecast_due=later)
    assert "date_change_reason" in error.value.message_dict
    record = update(milestone, officer, forecast_due=later, date_change_reason="Waiting on the trust")
    assert (record.old_forecast_due, record.new_forecast_due) == (milestone.baseline_due, later)
    assert record.date_change_reason == "Waiting on the trust"


def test_it_needs_no_reason_when_the_forecast_moves_earlier(milestone, officer):
    earlier = milestone.forecast_due - timedelta(days=5)
    assert update(milestone, officer, forecast_due=earlier).new_forecast_due == earlier


def test_it_keeps_a_forecast_date_once_set(milestone, officer):
    with pytest.raises(ValidationError) as error:
        update(milestone, officer, forecast_due=None)
    assert "forecast_due" in error.value.message_dict


def test_it_refuses_a_completion_date_in_the_future(milestone, officer):
    with pytest.raises(ValidationError) as error:
        update(milestone, officer, completed_on=TODAY + timedelta(days=1))
    assert "completed_on" in error.value.message_dict


def test_it_needs_a_completion_date_at_100_percent(milestone, officer):
    with pytest.raises(ValidationError) as error:
        update(milestone, officer, percent_complete=100)
    assert "completed_on" in error.value.message_dict


def test_it_makes_a_completed_milestone_100_percent(milestone, officer):
    record = update(milestone, officer, completed_on=TODAY, percent_complete=60)
    milestone.refresh_from_db()
    assert milestone.percent_complete == 100 and milestone.completed_on == TODAY
    assert record.completed_now


def test_it_refuses_to_update_an_archived_milestone(milestone, officer):
    milestone.archived_on = TODAY
    milestone.save()
    with pytest.raises(ValidationError):
        update(milestone, officer)


def test_it_keeps_the_latest_commentary_when_an_update_has_none(milestone, officer):
    update(milestone, officer, rag=Rag.AMBER, commentary="First")
    update(milestone, officer, rag=Rag.AMBER, commentary="Still amber")
    update(milestone, officer, rag=Rag.AMBER, commentary="Still amber, again")
    milestone.refresh_from_db()
    assert milestone.commentary == "Still amber, again"


def test_it_lists_every_problem_at_once(milestone):
    problems = milestone_update_problems(
        milestone=milestone,
        rag=Rag.RED,
        percent_complete=100,
        forecast_due=milestone.forecast_due + timedelta(days=1),
        completed_on=None,
        commentary="",
        date_change_reason="",
    )
    assert set(problems) == {"commentary", "date_change_reason", "completed_on"}


# --- workstreams ------------------------------------------------------------------------------------------


def test_it_creates_a_workstream_at_the_end_of_the_plan(home, officer):
    category = CategoryFactory(plan=home.plan)
    lead = LeadFactory(council=home.council)
    details = WorkstreamDetails(code="2", title="Outreach", category=category, lead=lead)
    ws = workstream_create(plan=home.plan, user=officer, details=details)
    assert ws.position == home.workstream.position + 1
    assert ws.history.first().history_user == officer


def test_it_refuses_another_councils_lead_or_category(home, foreign, officer):
    with pytest.raises(ValidationError):
        workstream_create(
            plan=home.plan,
            user=officer,
            details=WorkstreamDetails(code="9", title="x", lead=LeadFactory(council=foreign.council)),
        )
    with pytest.raises(ValidationError):
        workstream_create(
            plan=home.plan,
            user=officer,
            details=WorkstreamDetails(code="9", title="x", category=CategoryFactory(plan=foreign.plan)),
        )
    assert not Workstream.objects.filter(code="9").exists()


def test_it_edits_a_workstream(home, officer):
    details = WorkstreamDetails(code="1", title="Renamed", expected_outcomes="Fewer exclusions")
    workstream_edit(workstream=home.workstream, user=officer, details=details)
    home.workstream.refresh_from_db()
    assert home.workstream.title == "Renamed" and home.workstream.expected_outcomes == "Fewer exclusions"


def test_it_archives_and_restores_a_workstream_keeping_its_rows(home, officer):
    workstream_archive(workstream=home.workstream, user=officer)
    assert Workstream.objects.get(pk=home.workstream.pk).archived_on == TODAY
    assert Milestone.objects.filter(workstream=home.workstream).exists()
    workstream_archive(workstream=home.workstream, user=officer, archived=False)
    assert Workstream.objects.get(pk=home.workstream.pk).archived_on is None


def test_it_moves_workstreams_up_and_down(home, officer):
    second = WorkstreamFactory(plan=home.plan, code="2", position=0)
    third = WorkstreamFactory(plan=home.plan, code="3", position=0)

    def order():
        return list(
            Workstream.objects.filter(plan=home.plan).order_by("position").values_list("code", flat=True)
        )

    workstream_move(workstream=third, user=officer, direction="up")
    assert order() == ["1", "3", "2"]
    workstream_move(workstream=home.workstream, user=officer, direction="down")
    assert order() == ["3", "1", "2"]
    workstream_move(workstream=third, user=officer, direction="up")  # already first: no change
    assert order() == ["3", "1", "2"]
    assert second.history.count() >= 1


def test_it_sets_savings_per_year_and_never_deletes_one(home, officer):
    SavingFactory(
        workstream=home.workstream, financial_year=2024, target=Decimal("10"), stretch=Decimal("20")
    )
    workstream_savings_set(
        workstream=home.workstream,
        user=officer,
        savings={
            2024: (Decimal("0"), Decimal("0")),
            2025: (Decimal("100"), Decimal("150")),
            2026: (Decimal("0"), Decimal("0")),
        },
    )
    rows = {
        s.financial_year: (s.target, s.stretch)
        for s in WorkstreamSaving.objects.filter(workstream=home.workstream)
    }
    assert rows == {2024: (Decimal("0"), Decimal("0")), 2025: (Decimal("100"), Decimal("150"))}


def test_it_refuses_a_stretch_below_target(home, officer):
    with pytest.raises(ValidationError):
        workstream_savings_set(
            workstream=home.workstream, user=officer, savings={2024: (Decimal("10"), Decimal("5"))}
        )
    assert not WorkstreamSaving.objects.exists()


# --- milestones, categories, leads ------------------------------------------------------------------------


def test_it_creates_a_milestone_with_the_forecast_at_the_baseline(home, officer):
    ms = milestone_create(
        workstream=home.workstream,
        user=officer,
        details=MilestoneDetails(title="New", baseline_due=date(2026, 3, 31)),
    )
    assert ms.forecast_due == date(2026, 3, 31) and ms.position == home.milestone.position + 1
    assert ms.history.first().history_user == officer


def test_it_edits_a_milestone_without_touching_its_progress(home, officer):
    update(home.milestone, officer, rag=Rag.AMBER, commentary="late")
    stale_copy = Milestone.objects.get(pk=home.milestone.pk)
    stale_copy.rag = Rag.GREEN  # a stale in-memory value must not be written back
    milestone_edit(
        milestone=stale_copy, user=officer, details=MilestoneDetails(title="Renamed", baseline_due=None)
    )
    home.milestone.refresh_from_db()
    assert (
        home.milestone.title == "Renamed" and home.milestone.rag == Rag.AMBER and home.milestone.version == 2
    )


def test_it_archives_a_milestone_and_keeps_its_history(home, officer):
    update(home.milestone, officer, rag=Rag.AMBER, commentary="late")
    milestone_archive(milestone=home.milestone, user=officer)
    assert Milestone.objects.get(pk=home.milestone.pk).archived_on == TODAY
    assert MilestoneUpdate.objects.filter(milestone=home.milestone).count() == 1


def test_it_moves_milestones_within_their_workstream(home, officer):
    second = MilestoneFactory(workstream=home.workstream, title="Second", position=2)
    milestone_move(milestone=second, user=officer, direction="up")
    titles = list(
        Milestone.objects.filter(workstream=home.workstream)
        .order_by("position")
        .values_list("title", flat=True)
    )
    assert titles == ["Second", home.milestone.title]


def test_it_creates_and_renames_categories(home, officer):
    category = category_create(plan=home.plan, user=officer, name="  Early help ")
    category_rename(category=category, user=officer, name="Supporting children early")
    assert Category.objects.get(pk=category.pk).name == "Supporting children early"
    assert category.history.first().history_user == officer


def test_it_creates_a_lead_linked_to_a_sign_in(home, officer):
    lead = lead_create(
        council=home.council,
        user=officer,
        details=LeadDetails(name="Lou Crook", initials="LC", account=officer),
    )
    assert lead.user == officer and lead.council == home.council
    lead_edit(lead=lead, user=officer, details=LeadDetails(name="Lou Crook", initials="LCJ"))
    lead.refresh_from_db()
    assert lead.initials == "LCJ" and lead.user is None


def test_it_records_a_start_date_and_a_shared_lead(home, officer):
    lcj = LeadFactory(council=home.council, initials="LCJ")
    cc = LeadFactory(council=home.council, initials="CC")
    details = MilestoneDetails(
        title="Shared",
        lead=lcj,
        start_date=date(2021, 11, 1),
        baseline_due=date(2022, 4, 30),
        other_leads=(cc,),
    )
    ms = milestone_create(workstream=home.workstream, user=officer, details=details)
    assert ms.start_date == date(2021, 11, 1) and ms.lead_initials == "LCJ/CC"
    milestone_edit(
        milestone=ms, user=officer, details=MilestoneDetails(title="Shared", lead=cc, other_leads=(cc,))
    )
    ms.refresh_from_db()
    assert ms.lead_initials == "CC" and ms.start_date is None  # the lead itself is never also a sharer


def test_it_refuses_a_baseline_before_the_start_or_another_councils_sharer(home, foreign, officer):
    with pytest.raises(ValidationError, match="must not be before the start date 1 November 2021"):
        milestone_create(
            workstream=home.workstream,
            user=officer,
            details=MilestoneDetails(
                title="Back", start_date=date(2021, 11, 1), baseline_due=date(2021, 4, 1)
            ),
        )
    theirs = LeadFactory(council=foreign.council)
    with pytest.raises(ValidationError):
        milestone_create(
            workstream=home.workstream,
            user=officer,
            details=MilestoneDetails(title="X", other_leads=(theirs,)),
        )
    assert not Milestone.objects.filter(title__in=["Back", "X"]).exists()


def test_it_carries_each_workstreams_last_saving_forward_once(home, officer):
    from workstreams.services import plan_savings_carry_forward

    SavingFactory(workstream=home.workstream, financial_year=2024, target=Decimal(100), stretch=Decimal(120))
    assert plan_savings_carry_forward(plan=home.plan, user=officer, through_year=2027) == 3
    assert plan_savings_carry_forward(plan=home.plan, user=officer, through_year=2027) == 0
    saved = dict(
        WorkstreamSaving.objects.filter(workstream=home.workstream).values_list("financial_year", "target")
    )
    assert saved == {2024: Decimal(100), 2025: Decimal(100), 2026: Decimal(100), 2027: Decimal(100)}
    assert WorkstreamSaving.history.filter(history_user=officer).count() == 3


# --- Holding a RAG on an overdue milestone --------------------------------------------------------------


def test_it_asks_for_a_reason_to_keep_green_on_an_overdue_milestone(milestone, officer):
    Milestone.objects.filter(pk=milestone.pk).update(forecast_due=TODAY - timedelta(days=10))
    milestone.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        update(milestone, officer, rag=Rag.GREEN)
    message = error.value.message_dict["rag_hold_reason"][0]
    assert "has passed, so the milestone shows as Red" in message and "keep it Green" in message
    assert not MilestoneUpdate.objects.filter(milestone=milestone).exists()

    reason = "  Signed off; waiting for the minute "
    record = update(milestone, officer, rag=Rag.GREEN, rag_hold_reason=reason)
    milestone.refresh_from_db()
    assert record.rag_hold_reason == milestone.rag_hold_reason == "Signed off; waiting for the minute"
    assert milestone.effective_rag == Rag.GREEN and milestone.is_rag_held_on(TODAY)


def test_it_needs_no_reason_for_red_and_forgets_one_no_longer_needed(milestone, officer):
    Milestone.objects.filter(pk=milestone.pk).update(
        forecast_due=TODAY - timedelta(days=10), rag_hold_reason="Old reason"
    )
    milestone.refresh_from_db()
    assert update(milestone, officer, rag=Rag.RED, commentary="Late").rag_hold_reason == ""
    milestone.refresh_from_db()
    assert milestone.rag_hold_reason == ""
    # Moved into the future, a reason would only excuse the next lateness in advance: not kept.
    update(
        milestone,
        officer,
        rag=Rag.GREEN,
        commentary="Back on track",
        forecast_due=TODAY + timedelta(days=40),
        date_change_reason="New date agreed",
        rag_hold_reason="Not needed",
    )
    milestone.refresh_from_db()
    assert milestone.rag_hold_reason == "" and milestone.effective_rag == Rag.GREEN
