"""A draft report's data-only parts of its plan (workstreams with when each was added, the update history,
the trend's replay, shared leads, the indicators section) stored with the council's data version and read as
one row with the plan (reports.stored_report)."""

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from indicators.report import report_section, section_of
from projections.stored_figures import stored_figures_refresh
from recovery.models import Council
from reports import services
from reports.forum_report import report_content
from reports.models import StoredReportParts
from reports.selectors import plan_updates
from reports.stored_picture import dashboard_picture
from reports.stored_report import FORMAT, NO_PARTS, build_stored_report, latest_commentary, report_picture
from tests.clock import TODAY
from tests.factories import (
    CouncilFactory,
    DsgLineFactory,
    DsgTransferFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    LeadFactory,
    MilestoneFactory,
    MilestoneUpdateFactory,
    TargetFactory,
    UserFactory,
    WorkstreamFactory,
)
from workstreams.rag import Rag
from workstreams.services.progress import milestone_update


def _history(home):
    """Milestones with updates on several days (one with commentary), shared leads, an archived milestone,
    an indicator with a target and values, and DSG ledger lines and a transfer."""
    ws = WorkstreamFactory(plan=home.plan, code="2", title="Sufficiency")
    late = MilestoneFactory(workstream=ws, rag=Rag.GREEN, forecast_due=TODAY - timedelta(days=10))
    late.other_leads.add(
        LeadFactory(council=home.council, initials="CC"), LeadFactory(council=home.council, initials="AB")
    )
    gone = MilestoneFactory(workstream=ws, archived_on=TODAY - timedelta(days=1))
    for days_ago, milestone, old, new, text in (
        (120, late, Rag.GREEN, Rag.AMBER, ""),
        (30, gone, Rag.GREEN, Rag.RED, "Dropped"),
        (2, late, Rag.RED, Rag.GREEN, "Recovered"),
    ):
        update = MilestoneUpdateFactory(milestone=milestone, old_rag=old, new_rag=new, commentary=text)
        update.created_at = datetime.combine(
            TODAY - timedelta(days=days_ago), datetime.min.time()
        ).astimezone()
        update.save()
    indicator = IndicatorFactory(plan=home.plan, workstream=ws)
    TargetFactory(indicator=indicator)
    IndicatorValueFactory(indicator=indicator)
    IndicatorValueFactory(indicator=indicator, period="2024/25", period_start=TODAY.replace(month=9, day=1))
    DsgLineFactory(council=home.council)
    DsgLineFactory(council=home.council, block="high_needs", expenditure=Decimal("21000000"))
    DsgTransferFactory(council=home.council)


def _report(home):
    author = UserFactory()
    earlier = services.report_create(
        plan=home.plan, user=author, meeting_date=date(2024, 11, 7), title="Autumn term update"
    )
    services.report_publish(report=earlier, user=author)
    return services.report_create(
        plan=home.plan, user=author, meeting_date=date(2025, 2, 13), title="Spring term update"
    )


def _content(home, report):
    with CaptureQueriesContext(connection) as queries:
        content = report_content(report=report, council=home.council, now=timezone.now())
    return content, len(queries)


def test_it_gives_the_report_the_same_content_from_the_stored_row_as_read_live(home):
    _history(home)
    report = _report(home)
    StoredReportParts.objects.all().delete()  # publishing the earlier report stored its version's parts
    stored_figures_refresh(council_ids=[home.council.pk])  # as the writes' commits do
    live, live_queries = _content(home, report)  # no row: read live and stored
    row = StoredReportParts.objects.get(plan=home.plan)
    assert row.data_version == Council.objects.get(pk=home.council.pk).data_version and row.format == FORMAT

    stored, queries = _content(home, report)

    assert stored == live
    # Read live: workstreams, milestones, updates, shared leads, indicators, values, targets, the DSG
    # ledger's lines, transfers and DfE figures, the plan's reports, the council's agreements; the store.
    assert live_queries - queries == 13
    assert stored["previous"]["title"] == "Autumn term update" and stored["changes"] == live["changes"]
    assert [m["lead"] for row in stored["rag_summary"] for m in row["milestones"] if m["lead"].count("/")]
    assert stored["indicators"]["rows"] and stored["rag_summary"] and len(stored["dsg_ledger"]["rows"]) >= 3


def test_it_reads_the_stored_parts_with_the_plan(home):
    _history(home)
    build_stored_report(plan=home.plan)
    stored_figures_refresh(council_ids=[home.council.pk])
    with CaptureQueriesContext(connection) as queries:
        picture, parts = report_picture(council=home.council, today=TODAY)
    assert len(queries) == 1  # the plan with its next meeting, the stored parts and forecast figures
    assert [ws.pk for ws in picture.workstreams] == [
        ws.pk for ws in home.plan.workstreams.active().order_by("position", "code")
    ]
    assert all(ws.added_at is not None for ws in picture.workstreams)
    assert picture.trend is not None and len(parts.updates) == 3 and len(parts.latest_commentary) == 1


def test_it_stores_the_indicators_section_the_live_section_and_the_dashboard_show(home):
    """The report's indicator rows are the dashboard's summaries, written out: one rule, summarised once a
    data version."""
    _history(home)
    build_stored_report(plan=home.plan)
    _, parts = report_picture(council=home.council, today=TODAY)
    now = timezone.now()
    since = now - timedelta(days=365)
    assert section_of(parts.indicators, since=since, until=now) == report_section(
        plan=home.plan, since=since, until=now
    )
    summaries = dashboard_picture(council=home.council, today=TODAY).indicators
    assert [(r["id"], r["rag"], r["latest"], r["target"]) for r in parts.indicators["rows"]] == [
        (s.pk, s.rag, s.latest, s.target) for s in summaries
    ]


def test_it_reads_live_again_after_a_write_moves_the_version_on(home, draft):
    _history(home)
    _content(home, draft)
    milestone = home.milestone
    milestone_update(
        milestone=milestone,
        user=UserFactory(),
        expected_version=milestone.version,
        rag=Rag.RED,
        percent_complete=10,
        forecast_due=milestone.forecast_due,
        completed_on=None,
        commentary="Behind on recruitment",
    )
    stored_figures_refresh(council_ids=[home.council.pk])  # as the write's commit does

    content, queries = _content(home, draft)
    again, fewer = _content(home, draft)

    assert "Behind on recruitment" in [row["commentary"] for row in content["rag_summary"]]
    assert StoredReportParts.objects.get(plan=home.plan).data_version == (
        Council.objects.get(pk=home.council.pk).data_version
    )
    assert {k: v for k, v in again.items() if v != content[k]} == {}
    assert queries - fewer == 13  # the live read now reads the plan's reports and agreements too


def test_it_reads_live_a_row_of_another_format_or_one_that_does_not_load(home, draft):
    _, stored = _content(home, draft)
    _, stored = _content(home, draft)
    StoredReportParts.objects.filter(plan=home.plan).update(format=FORMAT + 1)
    assert _content(home, draft)[1] > stored
    assert StoredReportParts.objects.get(plan=home.plan).format == FORMAT
    StoredReportParts.objects.filter(plan=home.plan).update(payload=b"not a report")
    content, queries = _content(home, draft)
    assert queries > stored and content["rag_summary"][0]["milestones"][0]["id"] == home.milestone.pk
    assert _content(home, draft)[1] == stored


def test_it_builds_the_row_once_a_version(home):
    with CaptureQueriesContext(connection) as queries:
        build_stored_report(plan=home.plan)
    assert len(queries) > 1
    with CaptureQueriesContext(connection) as queries:
        build_stored_report(plan=home.plan)
    assert len(queries) == 1  # stored at this version already


def test_it_stores_nothing_for_a_council_without_a_plan(db):
    picture, parts = report_picture(council=CouncilFactory(), today=TODAY)
    assert picture.plan is None and parts is NO_PARTS
    assert not StoredReportParts.objects.exists()


def test_it_gives_the_updates_made_after_since_up_to_until_in_time_order(home):
    _history(home)
    build_stored_report(plan=home.plan)
    _, parts = report_picture(council=home.council, today=TODAY)
    live = plan_updates(plan=home.plan)
    times = [u.created_at for u in live]
    assert parts.updates_between(times[0] - timedelta(days=1), times[-1]) == live
    assert parts.updates_between(times[0], times[-1]) == live[1:]  # since itself is not in the window
    assert parts.updates_between(times[0], times[1]) == live[1:2]
    assert parts.latest_commentary == latest_commentary(live)
