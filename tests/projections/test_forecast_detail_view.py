import json
import re

import pytest

from accounts.models import Role
from core.money import pounds
from tests.conftest import member_client
from tests.factories import ActualFactory
from tests.projections.conftest import (
    CAN_CHANGE,
    CANNOT_CHANGE,
    EVERYONE,
    ROLES,
    client_as,
    computed_forecast,
    figures_forecast,
    grow,
)


def url(council, forecast, query=""):
    return f"/councils/{council.slug}/forecasts/{forecast.pk}/{query}"


@pytest.mark.parametrize("who", EVERYONE)
def test_it_shows_every_role_the_table_chart_and_sensitivity(home, published, who):
    response = client_as(home.council, who).get(url(home.council, published))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Published forecast" in body and "2028-29" in body
    table = response.context["figures"]
    last = table.last_year("target", "single")
    assert last > 0 and pounds(last) in body  # the stored figure, as the papers print it
    assert 'data-figure="chart-forecast"' in body and 'id="chart-forecast"' in body
    assert "What if the workstreams achieve more or less?" in body
    assert response.context["sensitivity"] is not None


@pytest.mark.parametrize("who", CAN_CHANGE)
def test_it_offers_editors_the_actions_of_a_published_forecast(home, published, who):
    body = client_as(home.council, who).get(url(home.council, published)).content.decode()
    assert "Copy to a new draft" in body and "Change inputs" not in body
    assert "Make current" not in body  # it is current already


@pytest.mark.parametrize("who", CAN_CHANGE)
def test_it_offers_editors_the_actions_of_a_draft(home, draft, who):
    body = client_as(home.council, who).get(url(home.council, draft)).content.decode()
    for action in ["Change inputs", "Run forecast", "Publish", "Delete draft"]:
        assert action in body


@pytest.mark.parametrize("who", CANNOT_CHANGE)
def test_it_offers_readers_no_actions(home, published, who):
    body = client_as(home.council, who).get(url(home.council, published)).content.decode()
    assert "Copy to a new draft" not in body and "/make-current/" not in body


def test_it_shows_drafts_to_officers_but_not_to_the_schools_forum(home, draft):
    assert member_client(home.council, Role.OFFICER).get(url(home.council, draft)).status_code == 200
    assert member_client(home.council, Role.FORUM).get(url(home.council, draft)).status_code == 404


@pytest.mark.parametrize("who", EVERYONE)
def test_it_is_a_404_for_another_councils_forecast_id(home, foreign_forecast, who):
    assert client_as(home.council, who).get(url(home.council, foreign_forecast)).status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_it_is_a_404_under_another_councils_slug(home, foreign, foreign_forecast, role):
    assert member_client(home.council, role).get(url(foreign.council, foreign_forecast)).status_code == 404


def test_it_shows_the_entered_success_rate(home, published):
    response = member_client(home.council, Role.FORUM).get(url(home.council, published, "?success_rate=60"))
    body = response.content.decode()
    rows = {row.percent: row for row in response.context["sensitivity"].rows}
    assert set(rows) == {0, 50, 60, 75, 100} and rows[60].is_entered_rate
    assert ">Entered</strong>" in body and ">This forecast</strong>" in body
    assert pounds(rows[60].values[0]) in body


def test_it_explains_a_bad_success_rate_and_still_shows_the_page(home, published):
    response = member_client(home.council, Role.OFFICER).get(
        url(home.council, published, "?success_rate=abc")
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Success rate must be a number of per cent" in body and "There is a problem" in body
    assert len(response.context["sensitivity"].rows) == 4


def test_it_warns_that_a_draft_needs_running(home):
    draft = computed_forecast(home.plan, run=False)
    body = member_client(home.council, Role.FINANCE).get(url(home.council, draft)).content.decode()
    assert "has not been run yet" in body and "Run the forecast to see" in body


def test_it_shows_published_figures_without_inputs(home):
    forecast = figures_forecast(home.plan, publish=True)
    body = member_client(home.council, Role.FORUM).get(url(home.council, forecast)).content.decode()
    assert "£33,000,000" in body and "Upper bound" in body and "What if" not in body


def test_it_charts_the_actuals_and_uses_no_inline_script(home, published):
    ActualFactory(plan=home.plan, financial_year=2024, cumulative_deficit=123456)
    body = member_client(home.council, Role.FINANCE).get(url(home.council, published)).content.decode()
    figure = json.loads(
        re.search(r'<script id="chart-forecast" type="application/json">(.*?)</script>', body, re.S)[1]
    )
    assert figure["data"][-1]["name"] == "Actual outturn"
    assert [y for y in figure["data"][-1]["y"] if y is not None] == [123456]
    for tag in re.findall(r"<script[^>]*>", body):
        assert "src=" in tag or 'type="application/json"' in tag, tag


@pytest.mark.parametrize("n", [1, 8])
def test_it_costs_a_fixed_number_of_queries(with_savings, django_assert_max_num_queries, n):
    grow(with_savings.plan, n)
    forecast = computed_forecast(with_savings.plan, name="Measured", bounds=True)  # a draft: every check runs
    client = member_client(with_savings.council, Role.FINANCE)
    page = url(with_savings.council, forecast, "?success_rate=40")
    with django_assert_max_num_queries(13):  # a cache miss: 10 reads, the cache's read and write (2)
        assert client.get(page).status_code == 200
    # A hit: session, user, council, forecast (with its inputs, all a draft's run button reads), the cached
    # part (it was 9 while the run button read the lines, transfers and savings too).
    with django_assert_max_num_queries(5):
        assert client.get(page).status_code == 200


def test_it_costs_the_same_queries_for_a_small_and_a_large_plan(with_savings):
    """A few workstreams' savings or many: the same queries, not just as many at most (issue 22)."""
    from decimal import Decimal

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import WorkstreamFactory
    from tests.projections.conftest import add_savings

    client = member_client(with_savings.council, Role.FINANCE)
    counts = []
    for n in (1, 12):
        for i in range(n):  # as grow(), added to what is there
            add_savings(WorkstreamFactory(plan=with_savings.plan, code=f"s{n}-{i}"))
            computed_forecast(with_savings.plan, name=f"Grown {n}-{i}", bounds=True, publish=True)
            year = 1900 + n * 20 + i
            ActualFactory(plan=with_savings.plan, financial_year=year, cumulative_deficit=Decimal(i))
        forecast = computed_forecast(with_savings.plan, name=f"Measured {n}", bounds=True)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url(with_savings.council, forecast)).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts
