import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.conftest import member_client
from tests.indicators.conftest import EDITORS, READERS, ROLES, STAFF, client_as, make_indicator


def url(world):
    return f"/councils/{world.council.slug}/indicators/"


@pytest.mark.parametrize("who", EDITORS + READERS)
def test_every_role_sees_the_councils_indicators_with_rag_word_and_trend(home, indicator, who):
    body = client_as(home.council, who).get(url(home)).content.decode()
    assert "EHC plans in mainstream schools" in body and "44%" in body and "45%" in body
    assert ">Green</strong>" in body  # the word, not colour alone
    assert 'role="img" aria-label="Trend up: 40% in 2022 to 44% in 2023, 2 figures"' in body
    assert ("Add an indicator" in body) == (who in EDITORS)


def test_anonymous_is_sent_to_sign_in(home):
    response = Client().get(url(home))
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


@pytest.mark.parametrize("role", ROLES)
def test_it_is_a_404_for_another_council(home, foreign, role):
    make_indicator(foreign.plan, name="Foreign secret indicator")
    response = member_client(home.council, role).get(url(foreign))
    assert response.status_code == 404 and b"Foreign secret" not in response.content


def test_it_never_lists_another_councils_indicators(home, foreign):
    make_indicator(foreign.plan, name="Foreign secret indicator")
    assert b"Foreign secret" not in client_as(home.council, STAFF).get(url(home)).content


def test_it_says_when_there_are_none(home):
    assert (
        "This plan has no indicators yet."
        in client_as(home.council, "officer").get(url(home)).content.decode()
    )


def test_it_costs_the_same_queries_for_few_and_many_indicators(home):
    client = client_as(home.council, "officer")
    counts = []
    for n in (1, 30):
        for i in range(n):
            make_indicator(
                home.plan,
                name=f"Indicator {n}-{i}",
                values=[("2021", "30"), ("2022", "40"), ("2023", "44")],
                targets=[("2022", "45", "1", "3"), ("2023", "46", "1", "3")],
            )
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url(home)).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1] <= 8, counts
