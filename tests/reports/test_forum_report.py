"""reports.forum_report: what a report reads of the reports before it."""

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reports import services
from reports.forum_report import compared_snapshot, earlier_reports, previous_report, report_content
from tests.factories import UserFactory


def test_it_reads_earlier_reports_without_decoding_their_snapshots_but_the_one_compared_with(home):
    author = UserFactory()
    make = lambda day, title: services.report_create(  # noqa: E731
        plan=home.plan, user=author, meeting_date=day, title=title
    )
    older, last = make(date(2026, 3, 5), "Spring"), make(date(2026, 6, 4), "Summer")
    for report in (older, last):
        services.report_publish(report=report, user=author)
        report.refresh_from_db()
    draft_between = make(date(2026, 9, 3), "Autumn (never published)")
    report = make(date(2026, 12, 10), "Winter")
    with CaptureQueriesContext(connection) as queries:
        earlier = earlier_reports(report)
    assert len(queries) == 1
    assert [r.title for r in earlier] == [draft_between.title, "Summer", "Spring"]
    assert all("snapshot" in r.get_deferred_fields() for r in earlier)
    assert previous_report(report, earlier).pk == last.pk
    by_title = {r.title: r for r in earlier}
    assert compared_snapshot(by_title["Summer"]) == last.snapshot
    assert compared_snapshot(by_title["Spring"]) == older.snapshot
    assert compared_snapshot(None) is None


def test_a_report_compares_with_the_last_published_one_as_before(home):
    author = UserFactory()
    last = services.report_create(plan=home.plan, user=author, meeting_date=date(2026, 6, 4), title="Summer")
    services.report_publish(report=last, user=author)
    report = services.report_create(plan=home.plan, user=author, meeting_date=date(2026, 12, 10), title="W")
    content = report_content(report=report, council=home.council, now=timezone.now())
    assert content["previous"]["title"] == "Summer" and not content["first_report"]
    assert content["changes"]["is_empty"]  # nothing moved since the summer report's snapshot
