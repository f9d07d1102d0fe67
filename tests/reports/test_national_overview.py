from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.financial_years import fy_label, fy_of
from recovery.models import Council
from reports.models import PlanSummary
from tests.conftest import ROLES, cache_queries, member_client
from tests.factories import (
    AgreementFactory,
    CouncilFactory,
    ForecastFactory,
    ForecastYearFactory,
    MilestoneFactory,
    PlanFactory,
    WorkstreamFactory,
)
from workstreams.rag import Rag


def test_it_shows_staff_every_council_with_forecast_change(staff_client, home, foreign):
    MilestoneFactory(workstream=home.workstream, rag=Rag.RED)
    old = ForecastFactory(plan=home.plan, status="published", as_at="2024-01-01")
    new = ForecastFactory(plan=home.plan, status="published", is_current=True, as_at="2024-06-01")
    ForecastYearFactory(forecast=old, financial_year=2027, cumulative_deficit=Decimal(30_000_000))
    ForecastYearFactory(forecast=new, financial_year=2027, cumulative_deficit=Decimal(34_800_000))
    response = staff_client.get("/national/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Home Council" in body and "Foreign Council" in body
    row = body[body.index('href="/councils/home-council/"') :].split("</tr>")[0]
    # the deficit at the end, and its change since the previous forecast
    assert "£34.8m" in row and "£4.8m" in row
    assert "£34,800,000" in body  # exact, in the chart's data table
    assert f'href="/councils/{home.council.slug}/"' in body
    assert 'id="chart-national"' in body


def test_it_sorts_by_a_column_from_the_url(staff_client, home, foreign):
    body = staff_client.get("/national/?sort=-council").content.decode()
    assert body.index("Home Council") < body.index("Foreign Council")


@pytest.mark.parametrize("role", ROLES)
def test_it_is_a_404_for_council_members(home, role):
    assert member_client(home.council, role).get("/national/").status_code == 404


def test_it_costs_the_same_queries_for_few_and_many_councils(
    staff_client, django_capture_on_commit_callbacks
):
    counts = []
    for n in (2, 40):
        with django_capture_on_commit_callbacks(execute=True):
            for _ in range(n):
                plan = PlanFactory(council=CouncilFactory())
                MilestoneFactory(workstream=WorkstreamFactory(plan=plan))
                ForecastYearFactory(forecast=ForecastFactory(plan=plan, is_current=True), financial_year=2027)
        assert PlanSummary.objects.count() == PlanSummary.objects.filter(plan__status="active").count() > 0
        with CaptureQueriesContext(connection) as ctx:
            assert staff_client.get("/national/").status_code == 200
        counts.append(len(ctx.captured_queries))
    # a cache miss: session, user, the national version, the statistical-neighbour groups for the filter
    # (once: they were read twice), the councils, the plans with their summaries (kept by writes), the cache
    assert counts[0] == counts[1] == 6 + cache_queries(), counts  # 12 when it counted milestones as it read
    with CaptureQueriesContext(connection) as ctx:
        assert staff_client.get("/national/", {"measure": "plans_growth_5y"}).status_code == 200
    assert len(ctx.captured_queries) == counts[0] + 1  # the measure's figures for every council, one query
    with CaptureQueriesContext(connection) as ctx:
        assert staff_client.get("/national/").status_code == 200
    # a hit: session, user, the national version and the cache's read; the filter form is in the cached part
    assert len(ctx.captured_queries) == 3 + (
        1 if cache_queries() else 0
    )  # 6 when the form was drawn each time


def test_it_costs_the_same_queries_when_summaries_are_behind(staff_client):
    """Writes whose summaries have not been refreshed (in a test the commit callbacks never run): the page
    computes those plans' figures as it reads, 3 queries for all of them together."""
    counts = []
    for n in (2, 40):
        for _ in range(n):
            plan = PlanFactory(council=CouncilFactory())
            MilestoneFactory(workstream=WorkstreamFactory(plan=plan))
            ForecastYearFactory(forecast=ForecastFactory(plan=plan, is_current=True), financial_year=2027)
        with CaptureQueriesContext(connection) as ctx:
            assert staff_client.get("/national/").status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1] == 9 + cache_queries(), counts


def test_it_filters_by_region_and_programme(staff_client, home, foreign):
    Council.objects.filter(pk=home.council.pk).update(region="london")
    AgreementFactory(plan=home.plan, kind="dbv", dfe_contribution=1_000_000)  # the programme follows it
    AgreementFactory(plan=foreign.plan, kind="safety_valve", status="ended")  # ended: no longer in it
    body = staff_client.get("/national/?region=london").content.decode()
    assert "Home Council" in body and "Foreign Council" not in body
    assert "1 council match these filters" in body
    body = staff_client.get("/national/?programme=safety_valve").content.decode()
    assert "Home Council" not in body and "Foreign Council" not in body
    body = staff_client.get("/national/?programme=dbv&region=london").content.decode()
    assert "Home Council" in body
    body = staff_client.get("/national/?programme=none").content.decode()
    assert "Home Council" not in body and "Foreign Council" in body


def test_it_ignores_an_unknown_filter_and_says_so(staff_client, home, foreign):
    body = staff_client.get("/national/?region=atlantis").content.decode()
    assert "Home Council" in body and "Foreign Council" in body
    assert "Select a valid choice" in body


def test_it_shows_the_share_of_funding_the_change_and_a_trajectory(staff_client, home):
    old = ForecastFactory(plan=home.plan, status="published", as_at="2024-01-01")
    new = ForecastFactory(plan=home.plan, status="published", is_current=True, as_at="2024-06-01")
    this_year = fy_of(timezone.localdate())
    # The previous forecast stops a year earlier: the change is taken in the last year both give.
    for year, value in ((this_year, 20_000_000), (this_year + 1, 25_000_000)):
        ForecastYearFactory(forecast=old, financial_year=year, cumulative_deficit=Decimal(value))
    for year, value in ((this_year, 21_000_000), (this_year + 1, 27_000_000), (this_year + 2, 30_000_000)):
        ForecastYearFactory(
            forecast=new, financial_year=year, cumulative_deficit=Decimal(value), funding=Decimal(84_000_000)
        )
    body = staff_client.get("/national/").content.decode()
    row = body[body.index('href="/councils/home-council/"') :].split("</tr>")[0]
    assert "25%" in row  # £21m of £84m High Needs funding
    assert "£2m" in row  # £27m against £25m in the year both forecasts give
    assert '<svg class="app-sparkline"' in row and 'role="img"' in row
    assert f"£21m in {fy_label(this_year)}" in row and f"£30m in {fy_label(this_year + 2)}" in row


def test_it_sorts_by_share_with_blank_shares_last_or_first(staff_client, home, foreign):
    this_year = fy_of(timezone.localdate())
    forecast = ForecastFactory(plan=home.plan, status="published", is_current=True)
    ForecastYearFactory(
        forecast=forecast, financial_year=this_year, funding=Decimal(10), cumulative_deficit=5
    )
    for order in ("share", "-share"):
        assert staff_client.get(f"/national/?sort={order}").status_code == 200


def test_a_cached_overview_changes_right_after_a_write(staff_client, home):
    staff_client.get("/national/")
    MilestoneFactory(workstream=home.workstream, rag=Rag.RED, title="New red one")
    row = staff_client.get("/national/").content.decode()
    row = row[row.index('href="/councils/home-council/"') :].split("</tr>")[0]
    cells = [c.split(">", 1)[1].split("<")[0] for c in row.split("<td")[1:]]
    assert cells[3:5] == ["1", "0"]  # red, amber (the fixture's milestone is green)
