"""The lost-update guard under real concurrency: two PostgreSQL connections save the same milestone.

Skipped unless the suite runs on PostgreSQL (CI runs it on both SQLite and PostgreSQL).
"""

import threading

import pytest
from django.db import connection, transaction

from tests.factories import UserFactory
from workstreams.models import Milestone, MilestoneUpdate
from workstreams.rag import Rag
from workstreams.services import StaleMilestone, milestone_update

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("needs_postgresql"),
]


def save_concurrently(milestone_pk: int, attempts: dict[str, tuple]) -> dict[str, object]:
    """Each attempt runs in its own thread, so on its own database connection. All of them read the
    milestone (version N) inside a transaction, wait for each other, then save."""
    ready = threading.Barrier(len(attempts), timeout=20)
    outcome: dict[str, object] = {}

    def attempt(name: str, user, rag: str, commentary: str) -> None:
        try:
            with transaction.atomic():
                milestone = Milestone.objects.get(pk=milestone_pk)
                read_version = milestone.version
                ready.wait()  # both have read version N before either writes
                milestone_update(
                    milestone=milestone,
                    user=user,
                    expected_version=read_version,
                    rag=rag,
                    percent_complete=milestone.percent_complete,
                    forecast_due=milestone.forecast_due,
                    completed_on=None,
                    commentary=commentary,
                )
            outcome[name] = "saved"
        except StaleMilestone:
            outcome[name] = "stale"
        except Exception as error:  # noqa: BLE001 - surfaced by the assertion below
            outcome[name] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(name, *args)) for name, args in attempts.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcome


@pytest.mark.parametrize("round_", range(5))
def test_it_lets_exactly_one_of_two_concurrent_saves_win(home, round_):
    alice, bob = UserFactory(username="alice"), UserFactory(username="bob")
    attempts = {
        "alice": (alice, Rag.AMBER, "Alice: slipping"),
        "bob": (bob, Rag.RED, "Bob: off track"),
    }
    outcome = save_concurrently(home.milestone.pk, attempts)

    assert sorted(map(str, outcome.values())) == ["saved", "stale"], outcome
    winner = next(name for name, result in outcome.items() if result == "saved")
    _, rag, commentary = attempts[winner]
    milestone = Milestone.objects.get(pk=home.milestone.pk)
    assert (milestone.rag, milestone.commentary, milestone.version) == (rag, commentary, 2)
    assert milestone.updated_by.username == winner
    update = MilestoneUpdate.objects.get()
    assert (update.author.username, update.new_rag, update.version) == (winner, rag, 2)
