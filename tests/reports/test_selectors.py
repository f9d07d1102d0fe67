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
    row = next(r for r in national_rows(today=TODAY) if r.council.pk == home.council.pk)
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


def _trend_after_every_update(picture):
    """The trend as it was first written: a snapshot after every update, a day's later ones replacing it."""
    from collections import Counter

    from workstreams.rag import effective_rag

    first = {}
    for u in picture.updates:
        first.setdefault(u.milestone_id, u)
    state = {
        m.pk: (
            (first[m.pk].old_rag, first[m.pk].old_forecast_due, first[m.pk].old_completed_on is not None, "")
            if m.pk in first
            else (m.rag, m.forecast_due, m.completed_on is not None, m.rag_hold_reason)
        )
        for m in picture.milestones
    }
    points = []

    def snapshot(day):
        counts = Counter(
            effective_rag(rag=rag, overdue=bool(due and due < day), hold_reason=reason)
            for rag, due, done, reason in state.values()
            if not done
        )
        entry = (day, {r.value: counts.get(r.value, 0) for r in Rag})
        if points and points[-1][0] == day:
            points[-1] = entry
        else:
            points.append(entry)

    start = picture.today - timedelta(days=90)
    if picture.updates:
        start = min(start, picture.updates[0].created_at.date())
    snapshot(start)
    for u in picture.updates:
        if u.milestone_id in state:
            state[u.milestone_id] = (u.new_rag, u.new_forecast_due, u.new_completed_on is not None,
                                     u.rag_hold_reason)  # fmt: skip
            snapshot(u.created_at.date())
    snapshot(picture.today)
    return points


def test_it_replays_the_trend_as_a_snapshot_after_every_update_would(home):
    """Several updates a day, days apart, a milestone completed, one archived: the same points, one a day."""
    from datetime import datetime, time

    from django.utils import timezone

    from tests.factories import MilestoneUpdateFactory

    ws = WorkstreamFactory(plan=home.plan)
    milestones = [
        MilestoneFactory(workstream=ws, rag=Rag.GREEN, forecast_due=TODAY + timedelta(days=i * 20 - 60))
        for i in range(5)
    ]
    archived = MilestoneFactory(workstream=ws, archived_on=TODAY - timedelta(days=1))
    rags = [Rag.GREEN, Rag.AMBER, Rag.RED]
    for n in range(40):
        day = TODAY - timedelta(days=200 - (n // 3) * 7)
        at = timezone.make_aware(datetime.combine(day, time(9 + n % 3)))
        MilestoneUpdateFactory(
            milestone=archived if n % 11 == 0 else milestones[n % 5], created_at=at,
            old_rag=rags[n % 3], new_rag=rags[(n + 1) % 3],
            new_completed_on=day if n == 30 else None,
            new_forecast_due=TODAY + timedelta(days=n),
        )  # fmt: skip
    picture = plan_picture(council=home.council, today=TODAY)
    points = rag_trend_points(picture)
    assert points == _trend_after_every_update(picture)
    assert len({day for day, _ in points}) == len(points) > 10


def test_it_reads_when_workstreams_were_added_only_when_asked(home):
    with_added = plan_picture(council=home.council, today=TODAY)
    without = plan_picture(council=home.council, today=TODAY, when_added=False)
    assert [ws.pk for ws in without.workstreams] == [ws.pk for ws in with_added.workstreams]
    assert all(ws.added_at is not None for ws in with_added.workstreams)
    assert not any(hasattr(ws, "added_at") for ws in without.workstreams)
    assert [m.pk for m in without.milestones] == [m.pk for m in with_added.milestones]


def test_it_compiles_the_national_queries_once_and_reads_the_data_each_time(home):
    from recovery.models import Region
    from tests.factories import CouncilFactory

    region = home.council.region or Region.NORTH_EAST
    if not home.council.region:
        home.council.region = region
        home.council.save()
    before = [r.council.name for r in national_rows(today=TODAY, region=region)]
    CouncilFactory(name="Aaa First Council", region=region)
    CouncilFactory(name="Elsewhere Council", region=next(r for r in Region if r != region))
    after = [r.council.name for r in national_rows(today=TODAY, region=region)]
    assert after == ["Aaa First Council", *before]  # by name, this region only: the new rows read, in order
    assert home.council.name in after


def test_compiled_rows_are_the_querysets_rows_read_afresh_each_time(home):
    from core.prepared import compiled_rows
    from recovery.models import Council
    from tests.factories import CouncilFactory

    def build():
        return Council.objects.order_by("name").values_list("slug", "name")

    assert compiled_rows(build) == list(build())
    CouncilFactory(name="Aaa Newest Council", slug="aaa-newest")
    assert compiled_rows(build)[0] == ("aaa-newest", "Aaa Newest Council")
    assert compiled_rows(build) == list(build())
