from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from tests.factories import MilestoneFactory, SavingFactory, WorkstreamFactory
from workstreams.models import Milestone, workstream_rag
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


def test_it_gives_a_workstreams_rag_from_plain_values_as_from_the_model():
    # workstream_rag is the rule Workstream.rag_on applies; the DSG plan's workstream log calls it on values.
    assert workstream_rag(rag_override="", open_milestone_rags=["green", "", "amber"]) == Rag.AMBER
    assert workstream_rag(rag_override="green", open_milestone_rags=["red"]) == Rag.GREEN
    assert workstream_rag(rag_override="", open_milestone_rags=[]) is None


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


# --- Effective RAG: the one rule, and its SQL twin ------------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from workstreams.models import effective_rag_q, is_overdue, overdue_q  # noqa: E402
from workstreams.rag import effective_rag  # noqa: E402


@pytest.mark.parametrize(
    "case, forecast_due, completed_on, rag, reason, effective",
    [
        ("due today", TODAY, None, Rag.GREEN, "", Rag.GREEN),
        ("due yesterday", TODAY - timedelta(days=1), None, Rag.GREEN, "", Rag.RED),
        ("due yesterday, not rated", TODAY - timedelta(days=1), None, "", "", Rag.RED),
        ("overdue, held", TODAY - timedelta(days=120), None, Rag.AMBER, "Awaiting DfE", Rag.AMBER),
        ("overdue, Red with a reason", TODAY - timedelta(days=5), None, Rag.RED, "Whatever", Rag.RED),
        ("completed late", TODAY - timedelta(days=30), TODAY - timedelta(days=2), Rag.GREEN, "", Rag.GREEN),
        ("no forecast date", None, None, Rag.AMBER, "", Rag.AMBER),
    ],
)  # fmt: skip
def test_it_counts_an_overdue_milestone_as_red_unless_held(
    case, forecast_due, completed_on, rag, reason, effective
):
    milestone = Milestone(
        forecast_due=forecast_due, completed_on=completed_on, rag=rag, rag_hold_reason=reason
    )
    assert milestone.effective_rag_on(TODAY) == effective, case
    assert milestone.status_key_on(TODAY) == ("complete" if completed_on else effective)


def test_it_shows_both_the_held_rag_and_the_lateness():
    held = Milestone(
        forecast_due=date(2024, 9, 10), rag=Rag.GREEN, rag_hold_reason="Waiting for the DfE's guidance"
    )
    assert held.is_rag_held_on(TODAY)
    assert held.status_note_on(TODAY) == (
        "Green, set by officer · overdue 4 months: Waiting for the DfE's guidance"
    )
    unheld = Milestone(forecast_due=date(2024, 9, 10), rag=Rag.GREEN)
    assert not unheld.is_rag_held_on(TODAY)
    assert "so Red: no reason recorded to keep Green" in unheld.status_note_on(TODAY)
    assert Milestone(forecast_due=TODAY, rag=Rag.GREEN).status_note_on(TODAY) == ""


def test_it_says_slippage_in_months_and_years():
    milestone = Milestone(baseline_due=date(2020, 3, 31), forecast_due=date(2025, 3, 1))
    assert milestone.slippage == "4 years 11 months"
    assert Milestone(baseline_due=TODAY, forecast_due=TODAY).slippage == ""


def test_it_says_update_due_after_the_councils_number_of_days():
    last = timezone.make_aware(timezone.datetime(2024, 12, 1, 12))
    milestone = Milestone(updated_at=last, forecast_due=TODAY + timedelta(days=60))
    assert not milestone.is_update_due_on(date(2025, 1, 11), days=42)
    assert milestone.is_update_due_on(date(2025, 1, 12), days=42)
    milestone.completed_on = date(2024, 12, 20)
    assert not milestone.is_update_due_on(date(2025, 6, 1), days=42)


FACTS = st.tuples(
    st.sampled_from([None, -400, -1, 0, 1, 30]),  # forecast due, days from TODAY
    st.sampled_from([None, -3]),  # completed on
    st.sampled_from(["", *Rag.values]),
    st.sampled_from(["", "Awaiting the DfE's decision"]),
)


@settings(max_examples=30, deadline=None)
@given(facts=st.lists(FACTS, min_size=1, max_size=12))
def test_the_sql_twin_agrees_with_the_rule(django_db_blocker, facts):
    """Counts and filters run as SQL (national overview, table filter and sort); pages run the Python rule."""
    with django_db_blocker.unblock(), transaction.atomic():
        ws = WorkstreamFactory()
        made = []
        for due, done, rag, reason in facts:
            made.append(
                MilestoneFactory(
                    workstream=ws,
                    forecast_due=TODAY + timedelta(days=due) if due is not None else None,
                    completed_on=TODAY + timedelta(days=done) if done is not None else None,
                    rag=rag,
                    rag_hold_reason=reason,
                )
            )
        annotated = dict(
            Milestone.objects.filter(workstream=ws)
            .with_effective_rag(TODAY)
            .values_list("pk", "effective_rag_key")
        )
        for m in made:
            assert annotated[m.pk] == effective_rag(
                rag=m.rag, overdue=m.is_overdue_on(TODAY), hold_reason=m.rag_hold_reason
            )
            overdue_in_sql = Milestone.objects.filter(overdue_q(today=TODAY), pk=m.pk).exists()
            assert overdue_in_sql == is_overdue(
                forecast_due=m.forecast_due, completed_on=m.completed_on, today=TODAY
            )
            for rag in Rag:
                in_filter = Milestone.objects.filter(effective_rag_q(rag, today=TODAY), pk=m.pk).exists()
                assert in_filter == (m.completed_on is None and m.effective_rag_on(TODAY) == rag)
        transaction.set_rollback(True)
