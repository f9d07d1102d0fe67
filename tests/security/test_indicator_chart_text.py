"""User text on the indicator pages: escaped in the page, never markup in the trend chart's figure."""

from decimal import Decimal

from indicators.services import value_record
from tests.conftest import member_client
from tests.indicators.conftest import make_indicator
from tests.security.test_chart_text import OURS, PHISH, TAG, figures_in, strings


def test_an_indicators_name_and_notes_never_become_markup(home):
    indicator = make_indicator(home.plan, name=PHISH, notes=PHISH, source=PHISH, values=[("2023", "40")])
    value_record(indicator=indicator, user=None, period="2024", value=Decimal(41), note=PHISH)
    client = member_client(home.council, "forum")
    for url in (
        f"/councils/home-council/indicators/{indicator.pk}/",
        "/councils/home-council/indicators/",
        "/councils/home-council/",
    ):
        body = client.get(url).content.decode()
        assert '<a href="https://evil.example' not in body, url
        for figure in figures_in(body):
            for text in strings(figure):
                assert not TAG.search(OURS.sub("", text)), text
