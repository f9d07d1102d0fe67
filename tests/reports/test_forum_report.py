"""reports.forum_report: what a report reads of the reports before it."""

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reports import services
from reports.forum_report import previous_report, report_content
from reports.stored_report import report_picture
from tests.factories import UserFactory


def test_it_finds_the_earlier_reports_and_the_one_compared_with_in_the_stored_parts(home):
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
    make(date(2027, 3, 4), "Spring 2027")
    report_picture(council=home.council, today=date(2026, 12, 5))  # stores the parts
    with CaptureQueriesContext(connection) as queries:
        _, parts = report_picture(council=home.council, today=date(2026, 12, 5))
    assert len(queries) == 1
    earlier = parts.reports_before(report)
    assert [r.title for r in earlier] == [draft_between.title, "Summer", "Spring"]
    previous = previous_report(earlier)
    assert (previous.pk, previous.meeting_date, previous.published_at) == (
        last.pk,
        date(2026, 6, 4),
        last.published_at,
    )
    by_title = {r.title: r for r in earlier}
    assert by_title["Summer"].compared() == {k: last.snapshot[k] for k in ("rag_summary", "indicators")}
    assert by_title["Spring"].compared()["rag_summary"] == older.snapshot["rag_summary"]
    assert by_title[draft_between.title].compared() is None
    assert previous_report([by_title[draft_between.title]]) is None


def test_it_compares_with_a_report_published_after_the_parts_were_stored(home):
    author = UserFactory()
    last = services.report_create(plan=home.plan, user=author, meeting_date=date(2026, 6, 4), title="Summer")
    report = services.report_create(plan=home.plan, user=author, meeting_date=date(2026, 12, 10), title="W")
    first = report_content(report=report, council=home.council, now=timezone.now())  # stores the parts
    assert first["previous"] is None and not first["first_report"]
    services.report_publish(report=last, user=author)
    home.council.refresh_from_db()
    content = report_content(report=report, council=home.council, now=timezone.now())
    assert content["previous"]["title"] == "Summer"


def test_a_report_compares_with_the_last_published_one_as_before(home):
    author = UserFactory()
    last = services.report_create(plan=home.plan, user=author, meeting_date=date(2026, 6, 4), title="Summer")
    services.report_publish(report=last, user=author)
    report = services.report_create(plan=home.plan, user=author, meeting_date=date(2026, 12, 10), title="W")
    content = report_content(report=report, council=home.council, now=timezone.now())
    assert content["previous"]["title"] == "Summer" and not content["first_report"]
    assert content["changes"]["is_empty"]  # nothing moved since the summer report's snapshot
