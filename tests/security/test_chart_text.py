"""User text is never markup inside a chart: plotly reads <a>, <b>, <br>, <span> in any string it draws, so
every string of every figure JSON on every chart page must be inert (issue: a workstream titled with a link
became a live link in the RAG chart, the Forum report and the public snapshot)."""

import json
import re
from datetime import date

import pytest
from django.test import Client

from reports import services
from tests.conftest import member_client
from tests.factories import MilestoneFactory, SavingFactory, UserFactory, WorkstreamFactory
from tests.projections.conftest import computed_forecast

PHISH = 'Phish <a href="https://evil.example/login">Click to re-login</a>'
# The only markup our own builders write: line breaks in wrapped labels, and hovertemplate's <extra>.
OURS = re.compile(r"<br>|</?extra>")
TAG = re.compile(r"<\s*/?\s*[a-zA-Z]")


def figures_in(body: str) -> list[dict]:
    scripts = re.findall(r'<script id="(chart-[\w-]+)" type="application/json">(.*?)</script>', body, re.S)
    return [json.loads(text) for _, text in scripts]


def strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def assert_inert(body: str, expect_charts: int = 1) -> None:
    figures = figures_in(body)
    assert len(figures) >= expect_charts
    texts = [s for figure in figures for s in strings(figure)]
    assert any("&lt;a href=" in s for s in texts), "the title should be in a chart, as inert text"
    for text in texts:
        assert not TAG.search(OURS.sub("", text)), text


@pytest.fixture
def phished(home):
    workstream = WorkstreamFactory(plan=home.plan, code="2", title=PHISH)
    MilestoneFactory(workstream=workstream, title=PHISH)
    SavingFactory(workstream=workstream, financial_year=2025)
    forecast = computed_forecast(home.plan, name=PHISH, publish=True, current=True)
    return home, forecast


def test_it_keeps_the_dashboard_charts_inert(phished):
    home, _ = phished
    body = member_client(home.council, "forum").get(f"/councils/{home.council.slug}/").content.decode()
    assert_inert(body, expect_charts=4)
    assert PHISH not in body  # the data tables escape it too


def test_it_keeps_the_forecast_page_chart_inert(phished):
    home, forecast = phished
    url = f"/councils/{home.council.slug}/forecasts/{forecast.pk}/"
    body = member_client(home.council, "finance").get(url).content.decode()
    assert_inert(body, expect_charts=2)


def test_it_keeps_the_forum_report_and_its_public_snapshot_inert(phished):
    home, _ = phished
    admin = member_client(home.council, "council_admin")
    author = UserFactory()
    report = services.report_create(
        plan=home.plan, user=author, meeting_date=date(2026, 12, 10), title="Update"
    )
    url = f"/councils/{home.council.slug}/reports/{report.pk}/"
    assert_inert(admin.get(url).content.decode(), expect_charts=4)  # the draft, built live
    services.report_publish(report=report, user=author)
    assert_inert(admin.get(url).content.decode(), expect_charts=4)  # the frozen snapshot
    public = services.report_set_public(report=report, user=author, public=True)
    assert_inert(Client().get(f"/public/reports/{public.public_token}/").content.decode(), expect_charts=4)
