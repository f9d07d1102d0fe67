"""'Changes since the last report', on a history built here."""

from datetime import UTC, date, datetime, timedelta

from reports.changes import changes_since
from tests.factories import MilestoneFactory, MilestoneUpdateFactory, WorkstreamFactory
from workstreams.rag import Rag

T0 = datetime(2025, 1, 1, 9, 0, tzinfo=UTC)


def at(days):
    return T0 + timedelta(days=days)


def updates_in_order(*updates):
    return sorted(updates, key=lambda u: u.created_at)


def test_it_reports_net_rag_moves_completions_slips_and_new_workstreams(db):
    ws = WorkstreamFactory(code="3", title="Education inclusion partnerships")
    panel = MilestoneFactory(workstream=ws, title="Secondary EIP", forecast_due=date(2025, 3, 1))
    sla = MilestoneFactory(workstream=ws, title="SLA with Edith Weston")
    bounce = MilestoneFactory(workstream=ws, title="Goes amber and back")
    history = updates_in_order(
        # before the window: ignored
        MilestoneUpdateFactory(milestone=panel, created_at=at(-5), old_rag=Rag.GREEN, new_rag=Rag.RED),
        # in the window
        MilestoneUpdateFactory(
            milestone=panel,
            created_at=at(2),
            old_rag=Rag.RED,
            new_rag=Rag.AMBER,
            old_forecast_due=date(2025, 3, 1),
            new_forecast_due=date(2025, 6, 1),
            date_change_reason="Academisation",
        ),
        MilestoneUpdateFactory(
            milestone=panel,
            created_at=at(4),
            old_rag=Rag.AMBER,
            new_rag=Rag.AMBER,
            old_forecast_due=date(2025, 6, 1),
            new_forecast_due=date(2025, 9, 1),
        ),
        MilestoneUpdateFactory(
            milestone=sla,
            created_at=at(3),
            old_rag=Rag.GREEN,
            new_rag=Rag.GREEN,
            new_completed_on=date(2025, 1, 3),
        ),
        MilestoneUpdateFactory(milestone=bounce, created_at=at(1), old_rag=Rag.GREEN, new_rag=Rag.AMBER),
        MilestoneUpdateFactory(milestone=bounce, created_at=at(6), old_rag=Rag.AMBER, new_rag=Rag.GREEN),
        # after the window: ignored
        MilestoneUpdateFactory(milestone=sla, created_at=at(40), old_rag=Rag.GREEN, new_rag=Rag.RED),
    )
    added = [("9", "SEND whole-school leadership", at(5)), ("1", "Nurture approach", at(-30))]

    changes = changes_since(since=T0, until=at(30), updates=history, workstreams_added=added)

    assert [(m.milestone, m.old, m.new) for m in changes.rag_moves] == [("Secondary EIP", "red", "amber")]
    assert [(c.milestone, c.completed_on) for c in changes.completed] == [
        ("SLA with Edith Weston", date(2025, 1, 3))
    ]
    (slip,) = changes.slipped
    # two moves in the window become one slip from the first old date to the last new date
    assert (slip.old_due, slip.new_due, slip.reason) == (date(2025, 3, 1), date(2025, 9, 1), "Academisation")
    assert slip.workstream == "3. Education inclusion partnerships"
    assert [(w.code, w.added_on) for w in changes.new_workstreams] == [("9", date(2025, 1, 6))]
    assert not changes.is_empty


def test_it_is_empty_when_nothing_happened(db):
    milestone = MilestoneFactory()
    history = [MilestoneUpdateFactory(milestone=milestone, created_at=at(-1))]
    changes = changes_since(since=T0, until=at(30), updates=history, workstreams_added=[])
    assert changes.is_empty


def test_it_does_not_call_an_earlier_date_a_slip(db):
    milestone = MilestoneFactory()
    history = [
        MilestoneUpdateFactory(
            milestone=milestone,
            created_at=at(1),
            old_forecast_due=date(2025, 6, 1),
            new_forecast_due=date(2025, 5, 1),
        )
    ]
    assert changes_since(since=T0, until=at(30), updates=history, workstreams_added=[]).slipped == []
