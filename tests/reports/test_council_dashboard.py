from datetime import date

import pytest

from tests.conftest import ROLES, cache_queries, member_client
from tests.factories import MilestoneFactory, WorkstreamFactory
from workstreams.rag import Rag


def url(world):
    return f"/councils/{world.council.slug}/"


@pytest.mark.parametrize("role", ROLES)
def test_it_shows_every_role_the_plans_workstreams_with_rag_as_text(home, role):
    MilestoneFactory(workstream=home.workstream, rag=Rag.RED)
    response = member_client(home.council, role).get(url(home))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Home Council nurture approach" in body
    assert "govuk-tag--red" in body and ">Red</strong>" in body
    assert role.label in body


@pytest.mark.parametrize("role", ROLES)
def test_it_is_a_404_for_another_councils_member(home, foreign, role):
    assert member_client(home.council, role).get(url(foreign)).status_code == 404


def test_it_lets_staff_open_any_council(staff_client, foreign):
    assert staff_client.get(url(foreign)).status_code == 200


def test_it_hides_archived_workstreams(home, client_for):
    WorkstreamFactory(plan=home.plan, title="Old archived work", archived_on=date(2024, 1, 1))
    assert "Old archived work" not in client_for(ROLES[0]).get(url(home)).content.decode()


def test_it_says_when_there_is_no_plan(db):
    from tests.factories import CouncilFactory

    council = CouncilFactory()
    response = member_client(council, ROLES[0]).get(f"/councils/{council.slug}/")
    assert "has no recovery plan" in response.content.decode()


def test_it_costs_the_same_queries_for_small_and_large_plans(home, client_for):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from projections.stored_figures import stored_figures_refresh
    from reports.benchmarking_stored import benchmark_summary
    from tests.factories import ForecastFactory, ForecastYearFactory, MilestoneUpdateFactory, SavingFactory

    client = client_for(ROLES[0])
    forecast = ForecastFactory(plan=home.plan, is_current=True, status="published")

    def grow(n):
        for i in range(n):
            ws = WorkstreamFactory(plan=home.plan)
            SavingFactory(workstream=ws)
            for m in MilestoneFactory.create_batch(3, workstream=ws):
                MilestoneUpdateFactory(milestone=m)
        for year in range(2024, 2024 + n):
            ForecastYearFactory(forecast=forecast, financial_year=year + 100 * n)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url(home)).status_code == 200
        return len(ctx.captured_queries)

    # As the first view leaves it: the benchmarking summary is kept across the council's writes (it is keyed
    # by the DfE's releases, the LA code and the measures chosen, none of which a save moves).
    benchmark_summary(council=home.council)
    behind, stored = [], []
    for n in (2, 40):
        grow(n)
        behind.append(count())  # the forecast figures stored at an older version: read live and stored
        # As a forecast write's commit or the first view after any write leaves them: stored at this version.
        stored_figures_refresh(council_ids=[home.council.pk])
        cache.clear()  # the same version: without this, the page itself would come from the cache
        stored.append(count())
    # A cache miss: session, user, council (+ membership), the cache's read, the plan with its next meeting,
    # its stored picture (reports.stored_picture: workstreams, milestones, the trend's replay, indicators, and
    # the council's programme, agreed trajectory, DfE headlines and latest published report) and its stored
    # forecast figures (projections.stored_figures), the benchmarking panel (its stored summary,
    # reports.benchmarking_stored: 1), and the cache's write (2). When the stored rows are behind the
    # council's data version: the forecast figures read live (4) and stored (1); the picture read live
    # (workstreams, milestones, updates, indicators: 4 here, no indicators to prefetch for; the council's
    # parts: 4) and stored (1); the benchmarking summary is not behind (a save moves none of its key).
    assert stored[0] == stored[1] == 5 + cache_queries(), (
        stored
    )  # 10 before the council's parts and the panel were stored
    assert behind[0] == behind[1] == 19 + cache_queries(), behind  # 20 when the panel read 2 live
