import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import Role
from reports import services
from reports.forum_report import report_content
from reports.models import ForumReport, ReportStatus
from tests.conftest import member_client
from tests.factories import (
    ForecastFactory,
    ForecastYearFactory,
    MilestoneFactory,
    UserFactory,
    WorkstreamFactory,
)
from workstreams.rag import Rag
from workstreams.services import milestone_update


@pytest.fixture
def author(db):
    return UserFactory(username="council-admin")


@pytest.fixture
def forecast(home):
    forecast = ForecastFactory(plan=home.plan, is_current=True, status="published", name="Summer forecast")
    for year, value in [(2024, 1_000_000), (2025, 2_000_000)]:
        ForecastYearFactory(
            forecast=forecast, financial_year=year, scenario="unmitigated", cumulative_deficit=value
        )
        ForecastYearFactory(
            forecast=forecast, financial_year=year, scenario="target", cumulative_deficit=value - 250_000
        )
    return forecast


def make_report(home, author, **kw):
    values = {
        "meeting_date": date(2025, 2, 13),
        "title": "DSG Recovery Plan – Project Progress Update",
        "summary": "Progress.\n\nMore progress.",
        "recommendations": "Members note the progress.",
    } | kw
    return services.report_create(plan=home.plan, user=author, **values)


def article(html: str) -> str:
    return re.search(r'<article class="app-report" id="report">.*?</article>', html, re.S).group(0)


def test_it_creates_a_draft_and_records_who(home, author):
    report = make_report(home, author)
    assert report.status == ReportStatus.DRAFT and report.snapshot is None
    assert report.history.first().history_user == author


def test_it_refuses_a_second_report_for_the_same_meeting(home, author):
    make_report(home, author)
    with pytest.raises(ValidationError) as exc:
        make_report(home, author, title="Another")
    assert "already a report for the meeting on 13 February 2025" in str(exc.value)
    assert ForumReport.objects.count() == 1


def test_it_freezes_a_published_report_byte_for_byte(home, author, forecast):
    """Publish, then change milestones and forecasts: the published report does not change at all."""
    report = make_report(home, author)
    services.report_publish(report=report, user=author)
    forum = member_client(home.council, Role.FORUM)
    url = f"/councils/{home.council.slug}/reports/{report.pk}/"
    before = article(forum.get(url).content.decode())
    snapshot = ForumReport.objects.get(pk=report.pk).snapshot

    milestone = home.milestone
    milestone_update(
        milestone=milestone,
        user=author,
        expected_version=milestone.version,
        rag=Rag.RED,
        percent_complete=10,
        forecast_due=milestone.forecast_due,
        completed_on=None,
        commentary="Provider withdrew",
        date_change_reason="",
    )
    WorkstreamFactory(plan=home.plan, title="A brand new workstream")
    forecast.years.filter(scenario="unmitigated").update(cumulative_deficit=Decimal("9999999"))
    home.council.name = "Renamed Council"
    home.council.save()

    assert article(forum.get(url).content.decode()) == before
    assert ForumReport.objects.get(pk=report.pk).snapshot == snapshot
    # ...while the live figures did change (so this test could fail):
    live = report_content(report=report, council=home.council, now=timezone.now())
    assert live["forecast"]["rows"] != snapshot["forecast"]["rows"]
    assert "£9,999,999" in str(live["forecast"]["rows"]) and "£9,999,999" not in before
    assert "A brand new workstream" not in before


def test_it_refuses_to_publish_or_edit_twice(home, author):
    report = services.report_publish(report=make_report(home, author), user=author)
    with pytest.raises(services.ReportFrozen):
        services.report_publish(report=report, user=author)
    with pytest.raises(services.ReportFrozen):
        services.report_update(
            report=report,
            user=author,
            meeting_date=report.meeting_date,
            title="New",
            summary="",
            recommendations="",
        )
    assert ForumReport.objects.get(pk=report.pk).title == "DSG Recovery Plan – Project Progress Update"


def test_it_gathers_rag_commentary_changes_and_the_forecast(home, author, forecast):
    # On the previous report as Green (a milestone added since would be listed as new, not as a RAG move).
    milestone = MilestoneFactory(workstream=home.workstream, title="Put in place SLA", rag=Rag.GREEN)
    previous = services.report_publish(
        report=make_report(home, author, meeting_date=date(2024, 10, 1)), user=author
    )
    assert previous.snapshot["previous"] is None
    milestone_update(
        milestone=milestone,
        user=author,
        expected_version=milestone.version,
        rag=Rag.AMBER,
        percent_complete=50,
        forecast_due=milestone.forecast_due,
        completed_on=None,
        commentary="Delayed by academisation",
        date_change_reason="",
    )
    content = report_content(report=make_report(home, author), council=home.council, now=timezone.now())
    assert content["previous"]["meeting_date"] == "1 October 2024"
    (row,) = content["rag_summary"]
    assert row["rag"] == "amber" and row["commentary"] == "Delayed by academisation"
    assert [(m["milestone"], m["old_label"], m["new_label"]) for m in content["changes"]["rag_moves"]] == [
        ("Put in place SLA", "Green", "Amber")
    ]
    assert content["forecast"]["columns"] == ["Scenario", "2024-25", "2025-26"]
    assert content["forecast"]["rows"][0] == ["Unmitigated", "£1,000,000", "£2,000,000"]
    assert content["summary"] == ["Progress.", "More progress."]
    assert {c["key"] for c in content["charts"]} >= {"chart-deficit", "chart-waterfall", "chart-rag"}


def test_it_makes_a_published_report_public_and_private(home, author):
    report = make_report(home, author)
    with pytest.raises(ValidationError):
        services.report_set_public(report=report, user=author, public=True)
    services.report_publish(report=report, user=author)
    public = services.report_set_public(report=report, user=author, public=True)
    assert len(public.public_token) >= 40
    assert services.report_set_public(report=report, user=author, public=False).public_token is None


def test_the_first_report_of_a_plan_says_there_is_nothing_to_compare_with(home, author):
    WorkstreamFactory(plan=home.plan, code="2", title="Outreach")
    first = services.report_create(plan=home.plan, user=author, meeting_date=date(2024, 11, 7), title="First")
    content = report_content(report=first, council=home.council, now=timezone.now())
    assert content["first_report"] is True
    body = member_client(home.council, Role.COUNCIL_ADMIN).get(
        f"/councils/{home.council.slug}/reports/{first.pk}/"
    )
    text = body.content.decode()
    assert "first report on this plan to Schools Forum" in text and 'id="changes-new"' not in text
    services.report_publish(report=first, user=author)
    second = services.report_create(
        plan=home.plan, user=author, meeting_date=date(2025, 2, 13), title="Second"
    )
    assert report_content(report=second, council=home.council, now=timezone.now())["first_report"] is False


def test_the_snapshot_holds_effective_rags_and_what_lies_behind_them(home, author):
    from datetime import timedelta

    ws = WorkstreamFactory(plan=home.plan, code="2", title="Outreach")
    late = timezone.localdate() - timedelta(days=130)
    MilestoneFactory(
        workstream=ws, title="Held", rag=Rag.GREEN, forecast_due=late, rag_hold_reason="Awaiting DfE"
    )
    MilestoneFactory(workstream=ws, title="Late", rag=Rag.GREEN, forecast_due=late)
    report = services.report_create(
        plan=home.plan, user=author, meeting_date=date(2025, 2, 13), title="Spring"
    )
    rows = report_content(report=report, council=home.council, now=timezone.now())["rag_summary"]
    row = next(r for r in rows if r["workstream"] == "2. Outreach")
    assert (row["rag"], row["rag_label"], row["overdue"]) == ("red", "Red", 2)
    held, unheld = row["milestones"]
    assert held["rag_label"] == "Green" and held["note"].startswith(
        "Green, set by officer · overdue 4 months"
    )
    assert unheld["rag_label"] == "Red" and unheld["overdue_for"] == "4 months"
