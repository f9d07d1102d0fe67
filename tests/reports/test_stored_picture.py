"""The dashboard's data-only parts (workstreams, the trend's replay, indicator summaries) stored with the
council's data version and read as one row with the plan (reports.stored_picture)."""

from datetime import datetime, timedelta
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators.selectors import indicator_summaries_for_plan
from projections.models import StoredFigures
from recovery.models import Council
from reports.models import StoredPicture
from reports.selectors import headline, plan_picture, rag_trend_points
from reports.stored_picture import FORMAT, dashboard_picture
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
