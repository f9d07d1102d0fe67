"""The Benchmarking page in Chromium, at a desktop (1280 px) and a phone (390 px) width: every chart draws,
the page never scrolls sideways, no console errors, and axe finds nothing (WCAG 2.2 AA)."""

import pytest

from dfe.services import release_import
from tests.browser.conftest import assert_accessible, screenshot
from tests.dfe.conftest import fixture_bytes

pytestmark = pytest.mark.browser


@pytest.fixture
def dfe_demo(demo):
    for name in (
        "la_codes.csv",
        "ehcp_2025_extract.zip",
        "dedicated-schools-grant_2024_07_20.ods",
        "sn_may_2025.xlsx",
    ):
        release_import(data=fixture_bytes(name), file_name=name, user=None)


@pytest.mark.parametrize("width", [1280, 390])
def test_the_benchmarking_page_draws_its_charts_and_is_accessible_at(
    width, dfe_demo, live_server, page, sign_in, console_errors
):
    sign_in("rutland-forum")
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/councils/rutland/benchmarking/?group=pick&la=808&la=937&la=865")
    charts = page.locator(".app-chart[data-figure]")
    assert charts.count() == 16  # eight EHC plans measures, a ranked bar and a line chart each
    for i in range(charts.count()):
        page.wait_for_function("el => el.dataset.rendered === 'true'", arg=charts.nth(i).element_handle())
    sideways = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert sideways <= 0, f"scrolls sideways by {sideways}px at {width}px"
    assert "highest of 4" in page.locator("#benchmark-summary").inner_text()
    assert_accessible(page)
    screenshot(page, f"rutland-benchmarking-{width}")
    assert console_errors == []
