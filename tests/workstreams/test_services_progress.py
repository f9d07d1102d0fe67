"""Several progress updates at once (milestones_update, the update return's writer): each row by the rules
of a single update, written together, every row audited, the council's data version bumped once."""

from datetime import date

import pytest

from recovery.models import Council
from tests.factories import MilestoneFactory, UserFactory, WorkstreamFactory
from workstreams.models import Milestone, MilestoneUpdate
from workstreams.rag import Rag
from workstreams.services import StaleMilestone, workstream_archive
from workstreams.services.progress import Progress, milestones_update


@pytest.fixture
def officer(db):
    return UserFactory(username="officer")


@pytest.fixture
def rows(home):
    """Ten open milestones of the home council, due 5 January 2027, read as a page reads them."""
    made = [
        MilestoneFactory(workstream=home.workstream, title=f"Step {i}", forecast_due=date(2027, 1, 5))
        for i in range(10)
    ]
    return [Milestone.objects.get(pk=m.pk) for m in made]


def progress(milestone, **values) -> Progress:
    fields = {
        "expected_version": milestone.version,
        "rag": milestone.rag,
        "percent_complete": milestone.percent_complete,
        "forecast_due": milestone.forecast_due,
        "completed_on": milestone.completed_on,
        "commentary": "",
    }
    return Progress(milestone=milestone, **(fields | values))


def version_of(council) -> int:
    return Council.objects.get(pk=council.pk).data_version


def test_it_saves_every_row_and_audits_each_as_a_single_update_does(home, rows, officer):
    saved = milestones_update(
        user=officer,
        updates=[progress(m, percent_complete=10 + i, commentary=f"Row {i}") for i, m in enumerate(rows)],
    )
    assert not saved.refused and set(saved.updates) == {m.pk for m in rows}
    for i, m in enumerate(rows):
        stored = Milestone.objects.get(pk=m.pk)
        assert (stored.percent_complete, stored.commentary, stored.version) == (10 + i, f"Row {i}", 2)
        assert stored.updated_by == officer and m.version == 2  # the caller's instance is current too
        update = MilestoneUpdate.objects.get(milestone=m)
        assert (update.old_percent_complete, update.new_percent_complete) == (0, 10 + i)
        assert update.author == officer and update.version == 2 and update.commentary == f"Row {i}"
        # The milestone's model history and the update's, each with the user.
        history = stored.history.first()
        assert history.history_type == "~" and history.history_user == officer
        assert history.percent_complete == 10 + i
        created = update.history.get()
        assert created.history_type == "+" and created.history_user == officer


def test_it_refuses_the_rows_that_break_a_rule_and_saves_the_rest(home, rows, officer):
    saved = milestones_update(
        user=officer,
        updates=[
            progress(rows[0], rag=Rag.AMBER, commentary="Recruitment delayed"),
            progress(rows[1], rag=Rag.RED),  # Red needs commentary
            progress(rows[2], percent_complete=150, commentary="Typo"),
            progress(rows[3], expected_version=rows[3].version + 1),  # not the version read
        ],
    )
    assert set(saved.updates) == {rows[0].pk}
    assert saved.refused[rows[1].pk].message_dict == {
        "commentary": ["Enter commentary: say why the milestone is Red"]
    }
    assert saved.refused[rows[2].pk].message_dict == {
        "percent_complete": ["Percent complete must be between 0 and 100"]
    }
    assert isinstance(saved.refused[rows[3].pk], StaleMilestone)
    assert list(MilestoneUpdate.objects.values_list("milestone", flat=True)) == [rows[0].pk]
    assert Milestone.objects.get(pk=rows[1].pk).rag == Rag.GREEN


def test_it_refuses_archived_milestones_and_those_of_an_archived_workstream(home, rows, officer):
    other = WorkstreamFactory(plan=home.plan, code="2")
    kept = Milestone.objects.get(pk=MilestoneFactory(workstream=other, forecast_due=date(2027, 1, 5)).pk)
    workstream_archive(workstream=home.workstream, user=officer)
    rows[1].archived_on = date(2026, 12, 1)
    saved = milestones_update(
        user=officer,
        updates=[
            progress(rows[0], commentary="a"),
            progress(rows[1], commentary="b"),
            progress(kept, commentary="c"),
        ],
    )
    assert set(saved.updates) == {kept.pk}
    assert "workstream is archived" in saved.refused[rows[0].pk].messages[0]
    assert "archived milestone cannot be updated" in saved.refused[rows[1].pk].messages[0]


def test_it_bumps_the_councils_data_version_once(home, rows, officer):
    before = version_of(home.council)
    milestones_update(user=officer, updates=[progress(m, commentary="x") for m in rows])
    assert version_of(home.council) == before + 1


def test_it_changes_nothing_when_no_row_may_be_saved(home, rows, officer):
    before = version_of(home.council)
    saved = milestones_update(user=officer, updates=[progress(m, rag=Rag.RED) for m in rows[:3]])
    assert len(saved.refused) == 3 and not saved.updates
    assert version_of(home.council) == before and not MilestoneUpdate.objects.exists()


def test_it_saves_the_others_when_a_row_moved_on_after_it_was_checked(home, rows, officer):
    # The instance and its expected version agree, but the row was saved since (the Django admin does not
    # lock the council first): the conditional UPDATE notices, and only that row is refused.
    Milestone.objects.filter(pk=rows[4].pk).update(version=7)
    saved = milestones_update(user=officer, updates=[progress(m, commentary="x") for m in rows])
    assert set(saved.refused) == {rows[4].pk} and isinstance(saved.refused[rows[4].pk], StaleMilestone)
    assert set(saved.updates) == {m.pk for m in rows} - {rows[4].pk}
    assert MilestoneUpdate.objects.count() == 9
    assert Milestone.objects.get(pk=rows[4].pk).version == 7


def test_it_costs_the_same_queries_for_one_row_and_ten(home, rows, officer, django_assert_num_queries):
    # The councils locked with the rows' workstreams, the UPDATE of every row, the milestones' history, the
    # updates and their history, the data version: 6 statements however many rows (it was 8 for each row),
    # and here the savepoint and its release (the test runs in a transaction: the service's block is nested).
    for batch in (rows[:1], rows[1:]):
        with django_assert_num_queries(8):
            saved = milestones_update(user=officer, updates=[progress(m, commentary="x") for m in batch])
        assert len(saved.updates) == len(batch)
