"""The dashboard's counts come from the effective RAG: an overdue milestone is Red unless held."""

from datetime import timedelta

from reports.selectors import (
    headline,
    national_rows,
    plan_picture,
    rag_counts_by_workstream,
    rag_trend_points,
)
from tests.clock import TODAY
from tests.factories import MilestoneFactory, WorkstreamFactory
from workstreams.rag import Rag


def test_it_counts_overdue_green_milestones_as_red(home):
    ws = WorkstreamFactory(plan=home.plan, code="9", title="Inclusion")
    late = TODAY - timedelta(days=400)
    MilestoneFactory(workstream=ws, rag=Rag.GREEN, forecast_due=late)
    MilestoneFactory(workstream=ws, rag=Rag.GREEN, forecast_due=late, rag_hold_reason="Awaiting sign-off")
    MilestoneFactory(workstream=ws, rag=Rag.AMBER, forecast_due=TODAY)  # due today: not yet overdue
    MilestoneFactory(
        workstream=ws, rag=Rag.GREEN, forecast_due=late, completed_on=TODAY, percent_complete=100
    )

    picture = plan_picture(council=home.council, today=TODAY)
    counts = headline(picture).rag_counts
    assert counts["red"] == 1 and counts["complete"] == 1 and counts["amber"] == 1
    assert dict(rag_counts_by_workstream(picture))["9. Inclusion"] == {
        "red": 1,
        "green": 1,
        "amber": 1,
        "complete": 1,
    }
    assert rag_trend_points(picture)[-1][1]["red"] == 1
    row = next(r for r in national_rows(today=TODAY) if r.council == home.council)
    assert row.rag_counts["red"] == 1 and row.overdue == 2


def test_it_replays_the_trend_with_the_dates_of_the_time(home):
    """Before it fell due, a milestone was Green in the trend; today it is Red."""
    ws = WorkstreamFactory(plan=home.plan)
    MilestoneFactory(workstream=ws, rag=Rag.GREEN, forecast_due=TODAY - timedelta(days=30))
    points = rag_trend_points(plan_picture(council=home.council, today=TODAY))
    first, last = points[0][1], points[-1][1]
    assert first["red"] == 0 and last["red"] == 1


def test_the_workstream_rag_is_the_worst_effective_rag(home):
    ws = WorkstreamFactory(plan=home.plan)
    MilestoneFactory(workstream=ws, rag=Rag.GREEN, forecast_due=TODAY - timedelta(days=1))
    assert ws.rag == Rag.RED
