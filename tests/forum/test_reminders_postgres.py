"""send_reminders from several servers at once: each digest is claimed by exactly one of them.

Skipped unless the suite runs on PostgreSQL (CI runs it on both SQLite and PostgreSQL).
"""

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection

from forum.models import Reminder
from forum.services import reminders as services
from tests.clock import TODAY
from tests.factories import ForumMeetingFactory, LeadFactory, MilestoneFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("needs_postgresql"),
]


@pytest.mark.parametrize("round_", range(3))
def test_concurrent_runs_send_each_digest_once(home, round_):
    ForumMeetingFactory(
        council=home.council, meets_on=TODAY + timedelta(days=10), updates_due=TODAY + timedelta(days=1)
    )
    for i in range(6):
        lead = LeadFactory(council=home.council, email=f"lead{i}@home.example.org")
        MilestoneFactory(workstream=home.workstream, lead=lead, forecast_due=TODAY - timedelta(days=2))
    runs = 4
    ready = threading.Barrier(runs, timeout=20)
    results, errors = [], []

    def one_server():
        try:
            ready.wait()
            results.append(services.reminders_send(today=TODAY, base_url="https://dsg.example.org"))
        except Exception as error:  # noqa: BLE001 - surfaced by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=one_server) for _ in range(runs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert sum(r.sent for r in results) == 6
    assert sorted(m.to[0] for m in mail.outbox) == sorted(f"lead{i}@home.example.org" for i in range(6))
    assert Reminder.objects.filter(sent_at__isnull=False).count() == 6
