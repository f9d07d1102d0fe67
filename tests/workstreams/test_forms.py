from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from tests.clock import TODAY
from tests.factories import CategoryFactory, LeadFactory
from workstreams.forms import CategoryForm, LeadForm, MilestoneUpdateForm, WorkstreamForm, savings_form
from workstreams.models import Workstream
from workstreams.rag import Rag


def update_data(milestone, **overrides):
    data = {
        "version": milestone.version,
        "rag": milestone.rag,
        "percent_complete": milestone.percent_complete,
        "forecast_due": milestone.forecast_due.isoformat() if milestone.forecast_due else "",
        "completed_on": "",
        "commentary": "",
        "date_change_reason": "",
    }
    return {**data, **overrides}


def errors_of(form) -> dict:
    form.is_valid()
    return form.errors


def test_it_offers_the_seed_rag_definitions_as_hints(home):
    form = MilestoneUpdateForm(milestone=home.milestone)
    html = str(form)
    assert "Potential risk of delay or missing target" in html
    assert "Off target, milestones not met" in html
    assert 'type="hidden" name="version" value="1"' in html


def test_it_does_not_label_the_conditionally_required_fields_optional(home):
    html = str(MilestoneUpdateForm(milestone=home.milestone))
    assert "Commentary (optional)" not in html and "Reason the forecast date moved (optional)" not in html
    assert "Completed on (optional)" in html


def test_it_accepts_a_valid_update(home):
    form = MilestoneUpdateForm(
        update_data(home.milestone, rag=Rag.AMBER, commentary="Slow"), milestone=home.milestone
    )
    assert form.is_valid(), form.errors
    assert form.update_kwargs()["expected_version"] == 1


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"rag": ""}, "rag", "Select a RAG status"),
        ({"rag": "purple"}, "rag", "Select Green, Amber or Red"),
        ({"rag": Rag.AMBER}, "commentary", "say why the milestone is Amber"),
        ({"rag": Rag.RED}, "commentary", "say why the milestone is Red"),
        ({"percent_complete": "101"}, "percent_complete", "between 0 and 100"),
        ({"percent_complete": "lots"}, "percent_complete", "whole number"),
        ({"percent_complete": "100"}, "completed_on", "Enter the date the milestone was completed"),
        ({"forecast_due": ""}, "forecast_due", "not be removed"),
        ({"forecast_due": "2025-02-30"}, "forecast_due", "real date"),
        ({"completed_on": (TODAY + timedelta(days=1)).isoformat()}, "completed_on", "today or in the past"),
    ],
)
def test_it_names_the_field_that_is_wrong(home, overrides, field, message):
    errors = errors_of(
        MilestoneUpdateForm(update_data(home.milestone, **overrides), milestone=home.milestone)
    )
    assert message in " ".join(errors[field])


def test_it_needs_commentary_when_the_rag_changes(home):
    data = update_data(home.milestone, rag=Rag.RED)
    home.milestone.rag = Rag.AMBER
    assert "commentary" in errors_of(MilestoneUpdateForm(data, milestone=home.milestone))


def test_it_needs_a_reason_when_the_forecast_moves_later(home):
    later = (home.milestone.forecast_due + timedelta(days=14)).isoformat()
    form = MilestoneUpdateForm(update_data(home.milestone, forecast_due=later), milestone=home.milestone)
    assert "moves later than" in errors_of(form)["date_change_reason"][0]
    form = MilestoneUpdateForm(
        update_data(home.milestone, forecast_due=later, date_change_reason="Trust delayed"),
        milestone=home.milestone,
    )
    assert form.is_valid()


def test_it_treats_a_completion_date_as_100_percent(home):
    form = MilestoneUpdateForm(
        update_data(home.milestone, completed_on=TODAY.isoformat(), percent_complete="40"),
        milestone=home.milestone,
    )
    assert form.is_valid(), form.errors


def test_it_marks_fields_with_errors_for_assistive_technology(home):
    form = MilestoneUpdateForm(update_data(home.milestone, rag=Rag.RED), milestone=home.milestone)
    form.is_valid()
    html = str(form)
    assert 'aria-describedby="id_commentary-hint id_commentary-error"' in html
    assert "govuk-textarea--error" in html


# --- plan forms -------------------------------------------------------------------------------------------


def workstream_data(**overrides):
    return {"code": "7", "title": "Outreach", "rag_override": "", **overrides}


def test_it_limits_workstream_choices_to_the_plan(home, foreign):
    form = WorkstreamForm(plan=home.plan, instance=Workstream(plan=home.plan))
    CategoryFactory(plan=foreign.plan)
    LeadFactory(council=foreign.council)
    assert not form.fields["category"].queryset.exclude(plan=home.plan).exists()
    assert not form.fields["lead"].queryset.exclude(council=home.council).exists()


def test_it_refuses_another_councils_lead_id(home, foreign):
    foreign_lead = LeadFactory(council=foreign.council)
    form = WorkstreamForm(
        workstream_data(lead=foreign_lead.pk), plan=home.plan, instance=Workstream(plan=home.plan)
    )
    assert "lead" in errors_of(form)


def test_it_refuses_a_duplicate_workstream_code(home):
    form = WorkstreamForm(workstream_data(code="1"), plan=home.plan, instance=Workstream(plan=home.plan))
    assert "already exists" in errors_of(form)["code"][0]
    assert WorkstreamForm(workstream_data(code="1"), plan=home.plan, instance=home.workstream).is_valid()


def test_it_refuses_a_workstream_ending_before_it_starts(home):
    form = WorkstreamForm(
        workstream_data(start_date="2025-04-01", end_date="2025-03-01"),
        plan=home.plan,
        instance=Workstream(plan=home.plan),
    )
    assert "same as or after the start date" in errors_of(form)["end_date"][0]


def test_it_builds_a_savings_form_per_financial_year(home):
    form = savings_form(years=[2024, 2025], savings={2024: (Decimal("25000.00"), Decimal("30000.50"))})
    html = str(form)
    assert "Target saving 2024-25" in html and "Stretch saving 2025-26" in html
    assert 'value="25,000"' in html and 'value="30,000.50"' in html


def test_it_refuses_a_stretch_saving_below_target():
    form = savings_form(years=[2024], savings={}, data={"target_2024": "100", "stretch_2024": "50"})
    assert "at least the target" in errors_of(form)["stretch_2024"][0]


def test_it_reads_blank_savings_as_zero_and_stretch_as_target():
    data = {"target_2024": "100", "stretch_2024": "", "target_2025": "", "stretch_2025": ""}
    form = savings_form(years=[2024, 2025, 2026], savings={}, data=data)
    assert form.is_valid()
    # 2026 was not on the form that was posted (issue 20): it is left alone, not zeroed.
    assert form.savings() == {2024: (Decimal("100"), Decimal("100")), 2025: (Decimal("0"), Decimal("0"))}


def test_it_refuses_negative_savings():
    form = savings_form(years=[2024], savings={}, data={"target_2024": "-5", "stretch_2024": ""})
    assert "must not be negative" in errors_of(form)["target_2024"][0]


def test_it_refuses_a_duplicate_category_name(home):
    CategoryFactory(plan=home.plan, name="Early help")
    assert "already a category" in errors_of(CategoryForm({"name": "early help"}, plan=home.plan))["name"][0]


def test_it_refuses_duplicate_lead_initials_in_the_council(home, foreign):
    LeadFactory(council=home.council, initials="LCJ")
    LeadFactory(council=foreign.council, initials="AB")
    members = get_user_model().objects.none()
    form = LeadForm({"name": "X", "initials": "lcj"}, council=home.council, members=members)
    assert "already has the initials LCJ" in errors_of(form)["initials"][0]
    assert LeadForm({"name": "Y", "initials": "ab"}, council=home.council, members=members).is_valid()
