"""The dashboard's panel of RAG'd indicators, for every role, at a fixed query cost."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import ROLES, member_client
from tests.indicators.conftest import make_indicator


def url(world):
    return f"/councils/{world.council.slug}/"


@pytest.mark.parametrize("role", ROLES)
def test_every_role_sees_the_panel_with_its_table(home, indicator, role):
    make_indicator(
        home.plan,
        name="Permanent exclusions",
        unit="count",
        direction="lower",
        period_type="academic_year",
        values=[("2022/23", "9")],
        targets=[("2022/23", "5", "1", "2")],
    )
    body = member_client(home.council, role).get(url(home)).content.decode()
    assert 'id="indicators-heading"' in body and 'id="dashboard-indicators"' in body
    assert "2 indicators: <strong>1 Green</strong>, <strong>0 Amber</strong>, <strong>1 Red</strong>" in body
    assert "Permanent exclusions" in body and ">Red</strong>" in body


def test_it_says_when_the_plan_has_no_indicators(home):
    body = member_client(home.council, ROLES[0]).get(url(home)).content.decode()
    assert "This plan has no performance indicators yet." in body


def test_another_councils_indicators_never_show(home, foreign):
    make_indicator(foreign.plan, name="Foreign secret indicator")
    assert b"Foreign secret" not in member_client(home.council, ROLES[0]).get(url(home)).content


def test_the_dashboard_costs_the_same_queries_for_few_and_many_indicators(home):
    from reports.benchmarking_stored import benchmark_summary

    client = member_client(home.council, ROLES[0])
    # As a first view leaves it: the benchmarking panel's stored summary, kept across the council's writes.
    benchmark_summary(council=home.council)
    counts = []
    for n in (1, 25):
        for i in range(n):
            make_indicator(
                home.plan,
                name=f"Ind {n}-{i}",
                values=[("2022", "40"), ("2023", "44")],
                targets=[("2023", "45", "2", "4")],
            )
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url(home)).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts
