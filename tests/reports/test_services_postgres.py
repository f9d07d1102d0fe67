"""Forum report races under real concurrency (PostgreSQL connections in threads): clear outcomes, no 500.

Skipped unless the suite runs on PostgreSQL (CI runs it on both SQLite and PostgreSQL).
"""

import threading
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from reports import services
from reports.models import ForumReport
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("needs_postgresql"),
]


def at_once(work, count: int) -> list[object]:
    ready = threading.Barrier(count, timeout=20)
    outcome: list[object] = [None] * count

    def run(n):
        try:
            ready.wait()
            outcome[n] = work(n)
        except Exception as error:  # noqa: BLE001 - the assertions say which were expected
            outcome[n] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcome


@pytest.mark.parametrize("round_", range(3))
def test_two_reports_for_the_same_meeting_at_once_give_one_report_and_one_message(home, round_):
    users = [UserFactory(username=f"admin-{round_}-{n}") for n in range(2)]
    outcome = at_once(
        lambda n: services.report_create(
            plan=home.plan, user=users[n], meeting_date=date(2027, 3, 12), title=f"R{n}"
        ),
        2,
    )
    assert sorted(type(o).__name__ for o in outcome) == ["ForumReport", "ValidationError"], outcome
    error = next(o for o in outcome if isinstance(o, ValidationError))
    assert "already a report" in " ".join(error.messages)
    assert ForumReport.objects.filter(plan=home.plan).count() == 1


@pytest.mark.parametrize("round_", range(3))
def test_two_people_publishing_at_once_publish_once(home, round_):
    author = UserFactory(username=f"author-{round_}")
    report = services.report_create(plan=home.plan, user=author, meeting_date=date(2027, 3, 12), title="R")
    outcome = at_once(lambda n: services.report_publish(report=report, user=author), 2)
    assert sorted(type(o).__name__ for o in outcome) == ["ForumReport", "ReportFrozen"], outcome
    assert ForumReport.objects.get(pk=report.pk).is_published
