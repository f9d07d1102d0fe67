"""The DfE figures page in Chromium: every chart draws, no console errors, axe finds nothing (WCAG 2.2 AA);
and the staff import pages likewise."""

import pytest

from dfe.services import release_import
from tests.browser.conftest import assert_accessible
from tests.dfe.conftest import fixture_bytes

pytestmark = pytest.mark.browser


@pytest.fixture
def dfe_demo(demo):
    for name in (
        "la_codes.csv",
        "sen2_estab_caseload_2022.csv",
        "ehcp_2025_extract.zip",
        "dedicated-schools-grant_2021_11_18.ods",
        "dedicated-schools-grant_2024_07_20.ods",
        "sn_may_2025.xlsx",
    ):
        release_import(data=fixture_bytes(name), file_name=name, user=None)


def test_the_dfe_figures_page_draws_its_charts_and_is_accessible(
    dfe_demo, live_server, page, sign_in, console_errors
):
    sign_in("rutland-forum")
    page.goto(f"{live_server.url}/councils/rutland/dfe/")
    charts = page.locator(".app-chart[data-figure]").all()
    assert len(charts) == 4  # EHC plans, settings, new and ceased, High needs block (no s251 imported)
    for chart in charts:
        page.wait_for_function("el => el.dataset.rendered !== undefined", arg=chart.element_handle())
    assert page.locator("#ehcp-table").inner_text().count("\nJanuary 20") == 16  # 2010 to 2025
    assert_accessible(page)
    assert console_errors == []


def test_the_staff_import_pages_are_accessible(dfe_demo, live_server, page, sign_in, console_errors):
    sign_in("admin")
    for path in ("/national/dfe/imports/", "/national/dfe/"):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200
        assert_accessible(page)
    assert console_errors == []
