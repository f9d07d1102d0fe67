"""One click copies the calendar address and a report's public link (issue 21, item 15), at 1280 and
390 px, with axe."""

from datetime import date

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, screenshot

# Headless Chromium's clipboard sometimes never answers writeText (it wants a focused window), so the page's
# clipboard records what our script copies and answers at once: the test is of our script, not of Chromium.
RECORDING_CLIPBOARD = """
Object.defineProperty(navigator, "clipboard", {value: {
  writeText: (text) => { window.__copied = text; return Promise.resolve(); },
  readText: () => Promise.resolve(window.__copied || ""),
}});
"""


@pytest.mark.parametrize("width", [1280, 390])
def test_copy_buttons_at(width, demo, live_server, page, sign_in, console_errors):
    from django.contrib.auth import get_user_model

    from recovery.models import RecoveryPlan
    from reports import services

    page.add_init_script(RECORDING_CLIPBOARD)
    page.set_viewport_size({"width": width, "height": 800})
    sign_in("rutland-admin")
    page.goto(f"{live_server.url}/account/")
    with page.expect_navigation():  # the address comes back on a new page: wait for it, scripts and all
        page.get_by_role("button", name="Get your calendar address").click()
    page.wait_for_load_state("load")
    address = page.locator("#feed-url").input_value()
    page.get_by_role("button", name="Copy the address").click()
    expect(page.locator("#feed-url-copied")).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == address
    assert_accessible(page)
    screenshot(page, f"account-copy-{width}")

    plan = RecoveryPlan.objects.get(council__slug="rutland", status="active")
    author = get_user_model().objects.get(username="rutland-admin")
    report = services.report_create(plan=plan, user=author, meeting_date=date(2027, 3, 18), title="Spring")
    services.report_publish(report=report, user=author)
    page.goto(f"{live_server.url}/councils/rutland/reports/{report.pk}/")
    page.get_by_role("link", name="Make public with a link").click()
    expect(page.get_by_role("heading", name="Make this report public?")).to_be_visible()
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Make public with a link").click()
    page.wait_for_load_state("load")
    page.get_by_role("button", name="Copy the public link").click()
    expect(page.locator("#public-link-copied")).to_have_text("Copied")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.locator("#public-link").inner_text() and "/public/reports/" in copied
    assert_accessible(page)
    assert console_errors == []
