"""The dashboard's data-only parts (workstreams, the trend's replay, indicator summaries) stored with the
council's data version and read as one row with the plan (reports.stored_picture)."""

import logging
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators.selectors import indicator_summaries_for_plan
from projections.models import StoredFigures
from recovery.models import Council
from reports.models import StoredPicture
from reports.selectors import headline, plan_picture, rag_trend_points
from reports.stored_picture import FORMAT, dashboard_picture
from reports.summaries import summaries_refresh
from tests.clock import TODAY
from tests.factories import (
    CouncilFactory,
    ForecastFactory,
    ForecastYearFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    LeadFactory,
    MilestoneFactory,
    MilestoneUpdateFactory,
    TargetFactory,
    UserFactory,
    WorkstreamFactory,
)
from tests.reports.conftest import QUEUED
from workstreams.rag import Rag
from workstreams.services.progress import milestone_update


def _read(council):
    with CaptureQueriesContext(connection) as queries:
        picture = dashboard_picture(council=council, today=TODAY)
    return picture, len(queries)


def _history(home):
    """Milestones with updates on several days, one archived, and indicators with values and targets."""
    ws = WorkstreamFactory(plan=home.plan, code="2", title="Sufficiency")
    late = MilestoneFactory(workstream=ws, rag=Rag.GREEN, forecast_due=TODAY - timedelta(days=10))
    held = MilestoneFactory(workstream=ws, rag=Rag.AMBER, forecast_due=TODAY - timedelta(days=5))
    held.rag_hold_reason = "Agreed with the DfE"
    held.save()
    gone = MilestoneFactory(workstream=ws, archived_on=TODAY - timedelta(days=1))
    for days_ago, milestone, old, new in (
        (120, late, Rag.GREEN, Rag.AMBER),
        (60, held, Rag.GREEN, Rag.AMBER),
        (60, late, Rag.AMBER, Rag.RED),
        (30, gone, Rag.GREEN, Rag.RED),
        (2, late, Rag.RED, Rag.GREEN),
    ):
        update = MilestoneUpdateFactory(milestone=milestone, old_rag=old, new_rag=new)
        update.created_at = datetime.combine(
            TODAY - timedelta(days=days_ago), datetime.min.time()
        ).astimezone()
        update.save()
    indicator = IndicatorFactory(plan=home.plan, workstream=ws)
    TargetFactory(indicator=indicator)
    IndicatorValueFactory(indicator=indicator)
    IndicatorValueFactory(indicator=indicator, period="2024/25", period_start=TODAY.replace(month=9, day=1))


def test_it_reads_the_stored_parts_with_the_plan_and_draws_the_same_picture(home):
    _history(home)
    first, behind_queries = _read(home.council)  # no row yet: read live and stored
    row = StoredPicture.objects.get(plan=home.plan)
    assert row.data_version == Council.objects.get(pk=home.council.pk).data_version and row.format == FORMAT

    stored, queries = _read(home.council)
    live = plan_picture(council=home.council, today=TODAY, when_added=False)

    assert queries == 1  # the plan with its next meeting, the stored row and the stored forecast figures
    assert behind_queries > queries
    assert stored.updates == [] and stored.trend is not None
    assert [ws.pk for ws in stored.workstreams] == [ws.pk for ws in live.workstreams]
    assert [m.pk for m in stored.milestones] == [m.pk for m in live.milestones]
    assert [ws.rag for ws in stored.workstreams] == [ws.rag for ws in live.workstreams]
    assert headline(stored) == headline(live)
    assert rag_trend_points(stored) == rag_trend_points(live) == rag_trend_points(first)
    assert len(rag_trend_points(live)) >= 4  # the start, the days with updates, today
    assert stored.indicators == indicator_summaries_for_plan(plan=home.plan)
    assert stored.indicators[0].latest_value == Decimal("45")


def test_it_reads_the_stored_forecast_figures_with_the_plan(home):
    forecast = ForecastFactory(plan=home.plan, is_current=True, status="published")
    ForecastYearFactory(forecast=forecast, financial_year=2026, cumulative_deficit=Decimal("2500000"))
    behind, behind_queries = _read(home.council)  # neither row stored yet: both read live and stored
    assert StoredFigures.objects.get(plan=home.plan).data_version == (
        Council.objects.get(pk=home.council.pk).data_version
    )

    stored, queries = _read(home.council)
    live = plan_picture(council=home.council, today=TODAY, when_added=False)

    assert queries == 1 and behind_queries > queries
    assert stored.current.forecast.pk == live.current.forecast.pk == forecast.pk
    assert stored.current.rows == live.current.rows == behind.current.rows
    assert stored.forecast_charts == live.forecast_charts


def test_it_counts_the_trends_end_on_the_day_it_is_drawn(home):
    """The replay is stored; which milestones are overdue on the last point is worked out for the day."""
    _history(home)
    dashboard_picture(council=home.council, today=TODAY)  # stored
    later = TODAY + timedelta(days=40)
    stored = dashboard_picture(council=home.council, today=later)
    live = plan_picture(council=home.council, today=later, when_added=False)
    assert rag_trend_points(stored) == rag_trend_points(live)
    assert rag_trend_points(stored)[-1][0] == later


def test_it_reads_live_again_after_a_write_moves_the_version_on(home):
    _history(home)
    dashboard_picture(council=home.council, today=TODAY)
    milestone = home.milestone
    milestone_update(
        milestone=milestone,
        user=UserFactory(),
        expected_version=milestone.version,
        rag=Rag.RED,
        percent_complete=10,
        forecast_due=milestone.forecast_due,
        completed_on=None,
        commentary="Behind",
    )

    picture, queries = _read(home.council)

    assert queries > 1  # the row is behind: read live and stored again
    assert next(m for m in picture.milestones if m.pk == milestone.pk).rag == Rag.RED
    assert StoredPicture.objects.get(plan=home.plan).data_version == (
        Council.objects.get(pk=home.council.pk).data_version
    )
    assert _read(home.council)[1] == 1


def test_it_reads_live_a_row_of_another_format_or_one_that_does_not_load(home):
    dashboard_picture(council=home.council, today=TODAY)
    StoredPicture.objects.filter(plan=home.plan).update(format=FORMAT + 1)
    assert _read(home.council)[1] > 1
    assert StoredPicture.objects.get(plan=home.plan).format == FORMAT
    StoredPicture.objects.filter(plan=home.plan).update(payload=b"not a picture")
    picture, queries = _read(home.council)
    assert queries > 1 and [m.pk for m in picture.milestones] == [home.milestone.pk]
    assert _read(home.council)[1] == 1


def test_it_reads_no_stored_row_for_a_council_without_a_plan(db):
    picture, queries = _read(CouncilFactory())
    assert picture.plan is None and picture.indicators == [] and queries == 2  # no plan; its next meeting
    assert not StoredPicture.objects.exists()


def test_it_stores_one_instance_per_row(home):
    """Pickle stores every copy the ORM made (a lead per milestone): the stored picture shares them."""
    lead = LeadFactory(council=home.council)
    ws = WorkstreamFactory(plan=home.plan, lead=lead)
    MilestoneFactory.create_batch(3, workstream=ws, lead=lead)
    IndicatorValueFactory(indicator=IndicatorFactory(plan=home.plan, workstream=ws))
    dashboard_picture(council=home.council, today=TODAY)  # stored

    picture, queries = _read(home.council)

    stored_ws = next(w for w in picture.workstreams if w.pk == ws.pk)
    leads = {id(m.lead) for m in stored_ws.milestones.all()} | {id(stored_ws.lead)}
    assert queries == 1 and len(leads) == 1
    assert all(m.workstream is stored_ws for m in stored_ws.milestones.all())
    assert picture.indicators[0].periods[0].recorded.indicator.workstream is stored_ws


# Built after the write, in the background (reports.tasks.build_stored_picture): the tests opt in, as the test
# settings leave it off (the immediate backend would build it inside every write that runs its callbacks).


def _save(milestone, rag=Rag.RED):
    milestone.refresh_from_db()
    milestone_update(
        milestone=milestone,
        user=UserFactory(),
        expected_version=milestone.version,
        rag=rag,
        percent_complete=10,
        forecast_due=milestone.forecast_due,
        completed_on=None,
        commentary="Behind",
    )


def test_it_enqueues_one_build_per_changed_council_when_a_write_commits(
    home, foreign, settings, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    settings.STORED_PICTURES_AFTER_WRITE = True
    settings.TASKS = QUEUED
    extra = MilestoneFactory(workstream=home.milestone.workstream)
    with django_capture_on_commit_callbacks(execute=True):  # runs what the fixtures' writes left waiting
        _save(home.milestone, rag=Rag.GREEN)
    DBTaskResult.objects.all().delete()

    with django_capture_on_commit_callbacks(execute=True):
        _save(home.milestone)
        _save(extra, rag=Rag.AMBER)  # two rows of one council, in one transaction: one task

    queued = list(DBTaskResult.objects.values_list("task_path", "args_kwargs"))
    assert queued == [("reports.tasks.build_stored_picture", {"args": [home.council.pk], "kwargs": {}})]


def test_it_enqueues_one_insert_a_write_and_never_fails_it(
    home, settings, caplog, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    def saved() -> list[str]:
        with CaptureQueriesContext(connection) as queries, django_capture_on_commit_callbacks(execute=True):
            _save(home.milestone)
        return [q["sql"] for q in queries.captured_queries]

    saved()  # the fixtures' commit callbacks run with the first
    off = saved()
    settings.STORED_PICTURES_AFTER_WRITE = True
    settings.TASKS = QUEUED
    on = saved()
    with CaptureQueriesContext(connection) as refresh:
        summaries_refresh(council_ids=[home.council.pk])
    # The write's own statements, then the enqueue: one INSERT into the task queue (here with a savepoint
    # around it, as the test's transaction is still open: after a real commit the INSERT is all); the national
    # overview's summary is left to the task (reports.summaries.summaries_after_write).
    assert len(on) == len(off) - len(refresh) + 3
    assert any("reports_plansummary" in sql for sql in off)
    assert not any("reports_plansummary" in sql for sql in on)
    assert on[-3].startswith("SAVEPOINT") and "django_tasks_database_dbtaskresult" in on[-2]
    assert sum("django_tasks_database_dbtaskresult" in sql for sql in on) == 1
    assert DBTaskResult.objects.count() == 1

    settings.TASKS = {"default": {"BACKEND": "tests.reports.test_stored_picture.Broken"}}
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        _save(home.milestone, rag=Rag.AMBER)  # an enqueue that fails is logged, the write stands
    home.milestone.refresh_from_db()
    assert home.milestone.rag == Rag.AMBER
    assert "could not enqueue the stored pictures" in caplog.text


def test_it_stores_the_picture_and_the_figures_at_the_new_version_when_the_task_runs(
    home, settings, django_capture_on_commit_callbacks
):
    _history(home)
    ForecastYearFactory(forecast=ForecastFactory(plan=home.plan, is_current=True), financial_year=2026)
    dashboard_picture(council=home.council, today=TODAY)  # stored at the version before the write
    settings.STORED_PICTURES_AFTER_WRITE = True  # the immediate backend: the task runs on the commit

    with django_capture_on_commit_callbacks(execute=True):
        _save(home.milestone)

    version = Council.objects.get(pk=home.council.pk).data_version
    assert StoredPicture.objects.get(plan=home.plan).data_version == version
    assert StoredFigures.objects.get(plan=home.plan).data_version == version
    picture, queries = _read(home.council)
    assert queries == 1  # the dashboard reads the rows the task stored
    assert next(m for m in picture.milestones if m.pk == home.milestone.pk).rag == Rag.RED


def test_it_skips_a_build_whose_rows_are_current_in_one_query(home):
    from reports.stored_picture import stored_picture_build

    dashboard_picture(council=home.council, today=TODAY)
    with CaptureQueriesContext(connection) as queries:
        assert stored_picture_build(council_id=home.council.pk) is False
    assert len(queries) == 1
    assert stored_picture_build(council_id=CouncilFactory().pk) is False  # no plan: nothing to build


def test_it_stores_nothing_when_the_version_moved_on_while_the_task_read(home, monkeypatch):
    from reports import stored_picture

    dashboard_picture(council=home.council, today=TODAY)
    before = StoredPicture.objects.get(plan=home.plan)
    Council.objects.filter(pk=home.council.pk).update(data_version=before.data_version + 1)
    read = stored_picture.dashboard_parts_read

    def read_then_a_write_commits(*, plan):
        parts = read(plan=plan)
        Council.objects.filter(pk=home.council.pk).update(data_version=before.data_version + 2)
        return parts

    monkeypatch.setattr(stored_picture, "dashboard_parts_read", read_then_a_write_commits)

    assert stored_picture.stored_picture_build(council_id=home.council.pk) is False
    row = StoredPicture.objects.get(plan=home.plan)
    assert (row.data_version, row.payload) == (before.data_version, before.payload)  # nothing stored
    monkeypatch.setattr(stored_picture, "dashboard_parts_read", read)
    assert stored_picture.stored_picture_build(council_id=home.council.pk) is True  # its own task, later
    assert StoredPicture.objects.get(plan=home.plan).data_version == before.data_version + 2


class Broken:
    """A task backend whose queue is down."""

    def __init__(self, alias, params):
        from django_tasks.backends.immediate import ImmediateBackend

        self._backend = ImmediateBackend(alias, params)

    def __getattr__(self, name):
        return getattr(self._backend, name)

    def enqueue(self, task, args, kwargs):
        raise ConnectionError("the task queue is down")


def test_it_stores_the_councils_programme_trajectory_headlines_and_latest_report_with_the_picture(home):
    from agreements.selectors import agreed_trajectory_for_council, programme_for_council
    from dfe.selectors import dfe_headlines_for_council
    from reports import services
    from reports.stored_picture import LatestReport, dashboard_reads
    from tests.factories import AgreementFactory, TrajectoryYearFactory

    TrajectoryYearFactory(agreement=AgreementFactory(plan=home.plan), financial_year=2026)
    author = UserFactory()
    report = services.report_create(
        plan=home.plan, user=author, meeting_date=date(2026, 6, 11), title="Summer"
    )
    services.report_publish(report=report, user=author)
    dashboard_reads(council=home.council, today=TODAY)  # read live and stored

    with CaptureQueriesContext(connection) as queries:
        parts = dashboard_reads(council=home.council, today=TODAY).council

    assert len(queries) == 1
    assert parts.programme == programme_for_council(council=home.council) == "safety_valve"
    assert parts.trajectory == agreed_trajectory_for_council(council=home.council) is not None
    assert parts.dfe_headlines == dfe_headlines_for_council(council=home.council)
    assert parts.latest_report == LatestReport(report.pk, report.title, report.meeting.meets_on)


def test_it_stores_the_draft_reports_parts_with_the_picture_and_only_while_there_is_a_draft(home):
    from reports import services
    from reports.models import StoredReportParts
    from reports.stored_picture import stored_picture_build
    from reports.stored_report import report_picture

    assert stored_picture_build(council_id=home.council.pk) is True
    assert not StoredReportParts.objects.exists()  # no draft report: nothing to keep the parts for

    report = services.report_create(plan=home.plan, user=UserFactory(), meeting_date=TODAY, title="Autumn")
    version = Council.objects.get(pk=home.council.pk).data_version  # the draft's own write moved it on
    assert stored_picture_build(council_id=home.council.pk) is True
    assert StoredReportParts.objects.get(plan=home.plan).data_version == version
    with CaptureQueriesContext(connection) as queries:
        assert stored_picture_build(council_id=home.council.pk) is False  # all three current: 1 query
        _, parts = report_picture(council=home.council, today=TODAY)
    assert len(queries) == 2  # and the draft's view reads the row the worker stored
    assert [ws.pk for ws in parts.workstreams] == [home.workstream.pk]

    type(report).objects.filter(pk=report.pk).delete()
    StoredReportParts.objects.all().delete()
    # Removing the draft moved the version on: the picture is built again, the report's parts are not.
    assert stored_picture_build(council_id=home.council.pk) is True
    assert not StoredReportParts.objects.exists()
