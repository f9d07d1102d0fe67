"""The demand model page in Chromium: both charts draw, no console errors, axe finds nothing (WCAG 2.2 AA)."""

import pytest

from dfe.services import release_import
from tests.browser.conftest import assert_accessible
from tests.dfe.conftest import fixture_bytes

pytestmark = pytest.mark.browser


@pytest.fixture
def demand_demo(demo):
    for name in ("la_codes.csv", "ehcp_2025_demand.zip"):
        release_import(data=fixture_bytes(name), file_name=name, user=None)


def test_the_demand_model_page_draws_its_charts_and_is_accessible(
    demand_demo, live_server, page, sign_in, console_errors
):
    sign_in("rutland-forum")
    response = page.goto(f"{live_server.url}/councils/rutland/demand/")
    assert response.status == 200
    charts = page.locator(".app-chart[data-figure]").all()
    assert len(charts) == 2
    for chart in charts:
        page.wait_for_function("el => el.dataset.rendered !== undefined", arg=chart.element_handle())
    assert "Backtest" in page.inner_text("main")
    assert_accessible(page)
    assert console_errors == []
