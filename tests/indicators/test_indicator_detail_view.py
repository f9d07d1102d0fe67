import json
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from indicators.services import value_record
from tests.conftest import member_client
from tests.indicators.conftest import EDITORS, READERS, ROLES, client_as, make_indicator


def url(world, indicator):
    return f"/councils/{world.council.slug}/indicators/{indicator.pk}/"


@pytest.mark.parametrize("who", EDITORS + READERS)
def test_it_shows_the_trend_chart_and_the_data_table_to_every_role(home, indicator, who):
    body = client_as(home.council, who).get(url(home, indicator)).content.decode()
    assert 'data-figure="chart-indicator"' in body and 'id="chart-indicator-table"' in body
    assert 'id="indicator-values"' in body and "Home Council nurture approach" in body
    figure = json.loads(
        re.search(r'<script id="chart-indicator" type="application/json">(.*?)</script>', body).group(1)
    )
    assert [t["name"] for t in figure["data"]] == ["Target", "Actual"]
    assert ("Record a value" in body) == (who in EDITORS)


def test_a_forecast_series_is_drawn_when_entered(home, indicator):
    from decimal import Decimal

    value_record(indicator=indicator, user=None, period="2027", value=Decimal(55), kind="forecast")
    body = client_as(home.council, "forum").get(url(home, indicator)).content.decode()
    assert '"name": "Forecast"' in body and "55%" in body


def test_anonymous_is_sent_to_sign_in(home, indicator):
    assert Client().get(url(home, indicator)).status_code == 302


@pytest.mark.parametrize("role", ROLES)
def test_another_councils_indicator_is_a_404_under_either_slug(home, foreign, role):
    theirs = make_indicator(foreign.plan)
    client = member_client(home.council, role)
    assert client.get(url(home, theirs)).status_code == 404
    assert client.get(url(foreign, theirs)).status_code == 404


def test_an_indicators_name_is_escaped_in_the_page_and_inert_in_the_chart(home):
    indicator = make_indicator(
        home.plan, name="<b>Bold</b> <script>alert(1)</script>", values=[("2023", "4")]
    )
    body = client_as(home.council, "officer").get(url(home, indicator)).content.decode()
    assert "<script>alert(1)</script>" not in body and "&lt;b&gt;Bold&lt;/b&gt;" in body


def test_it_costs_the_same_queries_for_few_and_many_values(home):
    client = client_as(home.council, "officer")
    counts = []
    for n in (2, 40):
        indicator = make_indicator(
            home.plan,
            name=f"Ind {n}",
            period_type="month",
            values=[(f"{2020 + i // 12}-{i % 12 + 1:02d}", str(i)) for i in range(n)],
            targets=[(f"{2020 + i // 12}-{i % 12 + 1:02d}", "50", "1", "2") for i in range(n)],
        )
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url(home, indicator)).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1] <= 8, counts
