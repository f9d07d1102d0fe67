from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import ROLES, member_client
from tests.factories import (
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


def test_it_costs_the_same_queries_for_few_and_many_councils(staff_client):
    counts = []
    for n in (2, 40):
        for _ in range(n):
            plan = PlanFactory(council=CouncilFactory())
            MilestoneFactory(workstream=WorkstreamFactory(plan=plan))
            ForecastYearFactory(forecast=ForecastFactory(plan=plan, is_current=True), financial_year=2027)
        with CaptureQueriesContext(connection) as ctx:
            assert staff_client.get("/national/").status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1] <= 8, counts
