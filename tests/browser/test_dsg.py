"""The DSG ledger pages in Chromium: the demo ledger and its forms, axe finds nothing (WCAG 2.2 AA)."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser


def test_the_ledger_and_its_forms_are_accessible(demo, live_server, page, sign_in, console_errors):
    sign_in("warwickshire-finance")
    page.goto(f"{live_server.url}/councils/warwickshire/dsg/")
    expect(page.locator("table.app-ledger")).to_have_count(6)  # 2021-22, 2023-24, two forecast years × 2
    expect(page.locator("#ledger-2023-24-outturn")).to_contain_text("−£33,000,000")
    assert_accessible(page)
    page.get_by_role("link", name="Enter a block's figures").click()
    page.get_by_label("Financial year").fill("2024-25")
    page.locator("#id_income").fill("4.2")
    page.get_by_role("button", name="Save figures").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("looks like £ millions typed as pounds")
    assert_accessible(page)
    page.goto(f"{live_server.url}/councils/warwickshire/dsg/transfers/new/")
    assert_accessible(page)
    assert console_errors == []


def test_a_forum_member_reads_the_ledger(demo, live_server, page, sign_in, console_errors):
    sign_in("rutland-forum")
    page.goto(f"{live_server.url}/councils/rutland/dsg/")
    expect(page.locator("table.app-ledger")).to_have_count(3)
    expect(page.get_by_role("link", name="Enter a block's figures")).to_have_count(0)
    assert_accessible(page)
    assert console_errors == []
