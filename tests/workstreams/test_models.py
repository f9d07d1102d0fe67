from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from tests.factories import MilestoneFactory, SavingFactory, WorkstreamFactory
from workstreams.models import Milestone
from workstreams.rag import RAG_DEFINITIONS, Rag, worst_rag

TODAY = date(2025, 1, 15)


def test_it_keeps_the_seed_rag_definitions_in_one_place():
    assert Rag.GREEN.definition == "Action on target and key milestones met"
    assert Rag.AMBER.definition == "Potential risk of delay or missing target"
    assert Rag.RED.definition == "Off target, milestones not met"
    assert set(RAG_DEFINITIONS) == set(Rag)


def test_it_finds_the_worst_rag():
    assert worst_rag(["green", "red", "amber"]) == Rag.RED
    assert worst_rag(["green", "", "amber"]) == Rag.AMBER
    assert worst_rag([]) is None


@pytest.mark.parametrize(
    "forecast_due, completed_on, overdue",
    [
        (TODAY - timedelta(days=1), None, True),
        (TODAY, None, False),
        (TODAY + timedelta(days=1), None, False),
        (TODAY - timedelta(days=10), TODAY - timedelta(days=2), False),
        (None, None, False),
    ],
)
def test_it_derives_overdue_the_same_in_python_and_sql(db, forecast_due, completed_on, overdue):
    milestone = MilestoneFactory(forecast_due=forecast_due, completed_on=completed_on)
    assert milestone.is_overdue_on(TODAY) is overdue
    assert Milestone.objects.overdue(TODAY).filter(pk=milestone.pk).exists() is overdue
    assert Milestone.objects.with_flags(TODAY).get(pk=milestone.pk).overdue_flag is overdue


def test_it_uses_todays_date_for_is_overdue(db):
    yesterday = timezone.localdate() - timedelta(days=1)
    assert MilestoneFactory(forecast_due=yesterday).is_overdue


@pytest.mark.parametrize(
    "baseline, forecast, slipped, days",
    [
        (date(2024, 9, 1), date(2024, 10, 1), True, 30),
        (date(2024, 9, 1), date(2024, 9, 1), False, 0),
        (date(2024, 9, 1), date(2024, 8, 1), False, 0),
        (None, date(2024, 8, 1), False, 0),
    ],
)
def test_it_derives_slipped_the_same_in_python_and_sql(db, baseline, forecast, slipped, days):
    milestone = MilestoneFactory(baseline_due=baseline, forecast_due=forecast)
    assert milestone.is_slipped is slipped
    assert milestone.slippage_days == days
    assert Milestone.objects.slipped().filter(pk=milestone.pk).exists() is slipped
    assert Milestone.objects.with_flags(TODAY).get(pk=milestone.pk).slipped_flag is slipped


def test_it_rates_a_workstream_by_its_worst_open_milestone(db):
    ws = WorkstreamFactory()
    MilestoneFactory(workstream=ws, rag=Rag.GREEN)
    MilestoneFactory(workstream=ws, rag=Rag.AMBER)
    MilestoneFactory(workstream=ws, rag=Rag.RED, completed_on=date(2024, 1, 1))  # done: no longer counts
    MilestoneFactory(workstream=ws, rag=Rag.RED, archived_on=date(2024, 1, 1))  # archived: no longer counts
    assert ws.rag == Rag.AMBER


def test_it_lets_the_council_override_a_workstream_rag(db):
    ws = WorkstreamFactory(rag_override=Rag.RED)
    MilestoneFactory(workstream=ws, rag=Rag.GREEN)
    assert ws.derived_rag == Rag.GREEN
    assert ws.rag == Rag.RED


def test_it_has_no_rag_without_open_milestones(db):
    assert WorkstreamFactory().rag is None


def test_it_shows_complete_milestones_as_complete(db):
    assert MilestoneFactory(completed_on=date(2024, 1, 1), rag=Rag.AMBER).status_key == "complete"
    assert MilestoneFactory(rag=Rag.AMBER).status_key == "amber"


def test_it_refuses_a_percent_above_100(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        MilestoneFactory(percent_complete=101)


def test_it_refuses_a_stretch_saving_below_target(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        SavingFactory(target=Decimal("100"), stretch=Decimal("50"))


def test_it_refuses_a_workstream_ending_before_it_starts(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        WorkstreamFactory(start_date=date(2025, 1, 1), end_date=date(2024, 1, 1))


def test_it_labels_savings_by_financial_year(db):
    assert SavingFactory(financial_year=2021).year_label == "2021-22"


@pytest.mark.parametrize(
    "forecast_due, completed_on, due",
    [
        (TODAY, None, True),
        (TODAY + timedelta(days=30), None, True),
        (TODAY + timedelta(days=31), None, False),
        (TODAY - timedelta(days=1), None, False),  # overdue, not "due within"
        (TODAY + timedelta(days=5), TODAY, False),
        (None, None, False),
    ],
)
def test_it_derives_due_within_the_same_in_python_and_sql(db, forecast_due, completed_on, due):
    milestone = MilestoneFactory(forecast_due=forecast_due, completed_on=completed_on)
    assert milestone.is_due_within(30, TODAY) is due
    assert Milestone.objects.due_within(30, TODAY).filter(pk=milestone.pk).exists() is due


def test_it_orders_rag_by_severity_not_by_word(db):
    for rag in ["", Rag.RED, Rag.GREEN, Rag.AMBER]:
        MilestoneFactory(rag=rag)
    ordered = Milestone.objects.with_rag_severity().order_by("rag_severity").values_list("rag", flat=True)
    assert list(ordered) == ["", Rag.GREEN, Rag.AMBER, Rag.RED]


def test_it_gives_the_seed_definition_of_a_milestones_rag(db):
    assert MilestoneFactory(rag=Rag.AMBER).rag_definition == "Potential risk of delay or missing target"
    assert MilestoneFactory(rag="").rag_definition == ""
