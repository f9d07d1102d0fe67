from datetime import date, datetime, timedelta

from django.utils import timezone

from tests.clock import TODAY
from tests.factories import (
    LeadFactory,
    MilestoneFactory,
    MilestoneUpdateFactory,
    UserFactory,
    WorkstreamFactory,
)
from workstreams.selectors import (
    milestones_for_council,
    milestones_for_plan,
    milestones_for_table,
    milestones_led_by,
    updates_for_council,
    updates_since,
    workstreams_for_plan,
)


def test_it_keeps_archived_rows_out_of_the_plans_milestones(home):
    MilestoneFactory(workstream=home.workstream, title="Archived", archived_on=date(2025, 1, 1))
    archived_ws = WorkstreamFactory(plan=home.plan, archived_on=date(2025, 1, 1))
    MilestoneFactory(workstream=archived_ws, title="In an archived workstream")
    assert [m.title for m in milestones_for_plan(plan=home.plan)] == ["Home Council outreach function"]


def test_it_gives_the_table_the_plans_milestones_in_the_same_order_without_flag_annotations(home):
    second = WorkstreamFactory(plan=home.plan, position=0, code="0")
    MilestoneFactory(workstream=second, title="First workstream's")
    MilestoneFactory(workstream=home.workstream, title="Archived", archived_on=date(2025, 1, 1))
    expected = [m.pk for m in milestones_for_plan(plan=home.plan)]
    table = milestones_for_table(plan=home.plan)
    assert [m.pk for m in table] == expected
    assert not {"overdue_flag", "slipped_flag", "rag_severity"} & set(table.query.annotations)
    by_rag = milestones_for_table(plan=home.plan, rag_order=True)
    assert [m.pk for m in by_rag] == expected and "rag_severity" in by_rag.query.annotations


def test_the_table_reads_only_what_it_shows_in_one_query(home, django_assert_num_queries):
    from django.template import Context

    from core.tables import table_body_rows
    from workstreams.tables import MilestoneTable

    lead = LeadFactory(council=home.council, name="Helen Carr", initials="HC")
    MilestoneFactory(workstream=home.workstream, lead=lead, rag_hold_reason="Agreed", rag="amber",
                     forecast_due=date(2026, 1, 5), baseline_due=date(2025, 12, 1),
                     updated_at=timezone.now() - timedelta(days=30))  # fmt: skip
    table = MilestoneTable(milestones_for_table(plan=home.plan), slug=home.council.slug, update_due_days=7)
    with django_assert_num_queries(1):  # no field the cells read is left deferred
        body = str(table_body_rows(table, Context({})))
    assert "Helen Carr" in body and "Agreed" in body and "Update due" in body


def test_it_finds_archived_milestones_by_id_within_the_council_only(home, foreign):
    archived = MilestoneFactory(workstream=home.workstream, archived_on=date(2025, 1, 1))
    found = milestones_for_council(council=home.council)
    assert found.filter(pk=archived.pk).exists()
    assert not found.filter(pk=foreign.milestone.pk).exists()


def test_it_puts_my_open_overdue_milestones_first_and_completed_last(home):
    user = UserFactory()
    lead = LeadFactory(council=home.council, user=user)
    make = lambda title, **kw: MilestoneFactory(workstream=home.workstream, lead=lead, title=title, **kw)  # noqa: E731
    make("No date", baseline_due=None)
    make("Done", completed_on=TODAY, baseline_due=TODAY - timedelta(days=50))
    make("Soon", baseline_due=TODAY + timedelta(days=2))
    make("Late", baseline_due=TODAY - timedelta(days=2))
    assert [m.title for m in milestones_led_by(plan=home.plan, user=user)] == [
        "Late",
        "Soon",
        "No date",
        "Done",
    ]


def test_it_reads_the_updates_someone_missed(home):
    MilestoneUpdateFactory(milestone=home.milestone, version=2, commentary="Seen")
    MilestoneUpdateFactory(milestone=home.milestone, version=3, commentary="Missed")
    assert [u.commentary for u in updates_since(milestone=home.milestone, version=2)] == ["Missed"]


def test_it_reads_council_updates_from_the_start_of_the_day(home, foreign):
    midnight = timezone.make_aware(datetime.combine(TODAY, datetime.min.time()))
    MilestoneUpdateFactory(milestone=home.milestone, created_at=midnight, commentary="Just after midnight")
    MilestoneUpdateFactory(
        milestone=home.milestone, created_at=midnight - timedelta(minutes=1), commentary="Before"
    )
    MilestoneUpdateFactory(milestone=foreign.milestone, created_at=midnight, commentary="Foreign")
    assert [u.commentary for u in updates_for_council(council=home.council, since=TODAY)] == [
        "Just after midnight"
    ]


def test_it_serves_the_workstream_rag_from_one_prefetch(home, django_assert_num_queries):
    for _ in range(5):
        MilestoneFactory.create_batch(3, workstream=WorkstreamFactory(plan=home.plan))
    with django_assert_num_queries(2):
        [ws.rag for ws in workstreams_for_plan(plan=home.plan)]
