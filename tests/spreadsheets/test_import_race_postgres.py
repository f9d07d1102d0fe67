"""A tracker import and an officer's milestone save at the same moment, on two PostgreSQL connections: they
queue on the council row instead of deadlocking, and the officer's save is either kept or refused as stale.

Skipped unless the suite runs on PostgreSQL.
"""

import threading
import time

import pytest
from django.db import connection, transaction

from spreadsheets.importer.apply import tracker_import
from spreadsheets.importer.guards import open_workbook
from spreadsheets.importer.parse import parse_tracker
from tests.factories import LeadFactory, MilestoneFactory, UserFactory
from tests.spreadsheets.workbooks import tracker
from workstreams.models import Milestone
from workstreams.rag import Rag
from workstreams.services import StaleMilestone, milestone_update

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("needs_postgresql"),
]

MILESTONES = 12


@pytest.fixture
def plan_and_file(home):
    """The home council's workstream with 30 Green milestones, and a tracker that makes every one Amber."""
    LeadFactory(council=home.council, initials="LCJ", name="Lucy Jones")
    Milestone.objects.all().delete()
    for n in range(MILESTONES):
        MilestoneFactory(workstream=home.workstream, title=f"Milestone {n}", rag=Rag.GREEN, lead=None)
    rows = [
        [f"{home.workstream.code}. {home.workstream.title}" if n == 0 else None, None, None,
         f"Milestone {n}", "LCJ", None, None, "Amber"]
        for n in range(MILESTONES)
    ]  # fmt: skip
    workbook = open_workbook("plan.xlsx", tracker(rows, footer=False))
    parsed = parse_tracker(workbook)
    assert not parsed.problems, parsed.problems
    return home, parsed


def race(home, parsed) -> dict[str, object]:
    last = Milestone.objects.get(title=f"Milestone {MILESTONES - 1}")
    importer, officer = UserFactory(username="importer"), UserFactory(username="officer")
    ready = threading.Barrier(2, timeout=20)
    outcome: dict[str, object] = {}

    def run_import() -> None:
        try:
            ready.wait()
            result = tracker_import(
                council=home.council, user=importer, parsed=parsed, source="plan.xlsx", apply=True
            )
            outcome["import"] = "applied" if result.applied else result.all_problems
        except Exception as error:  # noqa: BLE001 - surfaced by the assertion
            outcome["import"] = error
        finally:
            connection.close()

    def save() -> None:
        try:
            milestone = Milestone.objects.get(pk=last.pk)
            ready.wait()
            time.sleep(0.05)  # let the import start writing first (a nudge, not an assertion)
            with transaction.atomic():
                milestone_update(
                    milestone=milestone,
                    user=officer,
                    expected_version=milestone.version,
                    rag=Rag.RED,
                    percent_complete=milestone.percent_complete,
                    forecast_due=milestone.forecast_due,
                    completed_on=None,
                    commentary="Officer: off track",
                )
            outcome["officer"] = "saved"
        except StaleMilestone:
            outcome["officer"] = "stale"
        except Exception as error:  # noqa: BLE001 - surfaced by the assertion
            outcome["officer"] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run_import), threading.Thread(target=save)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcome


@pytest.mark.parametrize("round_", range(20))
def test_it_queues_an_import_and_a_milestone_save_instead_of_deadlocking(plan_and_file, round_):
    home, parsed = plan_and_file
    outcome = race(home, parsed)

    assert outcome["import"] == "applied", outcome
    assert outcome["officer"] in ("saved", "stale"), outcome
    last = Milestone.objects.get(title=f"Milestone {MILESTONES - 1}")
    if outcome["officer"] == "saved":  # the officer's save came first, then the import's
        assert last.updates.filter(author__username="officer").exists()
    assert last.rag == Rag.AMBER and last.updates.filter(author__username="importer").exists()
    assert Milestone.objects.filter(rag=Rag.AMBER).count() == MILESTONES
