"""Done-means of the forecasts, as finance staff would do it in a browser."""

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, screenshot


def test_it_lets_rutland_finance_try_another_success_rate(demo, live_server, page, sign_in, console_errors):
    sign_in("rutland-finance")
    page.get_by_role("link", name="Rutland").first.click()
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Money", exact=True).click()
    assert_accessible(page)
    page.get_by_role("link", name="Five-year High Needs budget model (January 2020)").click()

    table = page.locator("#forecast-table")
    expect(table.locator("tbody tr")).to_have_count(5)  # waits for the page, however busy the machine
    assert "£597,552" in table.inner_text() and "£267,552" in table.inner_text()
    page.locator(
        '#chart-forecast-plot[data-rendered="true"]'
    ).wait_for()  # plotly drew it under the strict CSP

    page.get_by_label("Success rate to try").fill("60")
    page.get_by_role("button", name="Show this rate").click()
    page.wait_for_url("**success_rate=60**")
    entered = page.locator("#sensitivity-single tbody tr", has_text="Entered")
    assert entered.locator("th").inner_text().startswith("60%")
    assert "£333,552" in entered.inner_text()  # £597,552 less 60% of the £440,000 target savings
    page.locator('#chart-forecast-plot[data-rendered="true"]').wait_for()
    assert_accessible(page)
    screenshot(page, "rutland-finance-forecast")
    assert console_errors == []


def test_it_lets_rutland_finance_record_an_outturn(demo, live_server, page, sign_in, console_errors):
    sign_in("rutland-finance")
    page.goto(f"{live_server.url}/councils/rutland/actuals/")
    page.get_by_role("link", name="Record the outturn for 2020-21").click()
    page.get_by_label("Cumulative deficit at the end of the year").fill("70,000")
    page.get_by_role("button", name="Save outturn").click()
    page.wait_for_url(f"{live_server.url}/councils/rutland/actuals/")
    comparison = page.locator("table[id^=comparison-]")
    assert "+£10,000" in comparison.inner_text()  # £70,000 actual against £60,000 unmitigated
    assert_accessible(page)
    assert console_errors == []


def test_it_copies_the_published_forecast_to_a_draft_and_runs_it(
    demo, live_server, page, sign_in, console_errors
):
    sign_in("rutland-finance")
    page.goto(f"{live_server.url}/councils/rutland/forecasts/")
    page.get_by_role("link", name="Five-year High Needs budget model (January 2020)").click()
    page.get_by_role("button", name="Copy to a new draft").click()
    page.get_by_text("is a new draft").wait_for()
    page.get_by_role("link", name="Change inputs").click()
    page.get_by_label("Success rate", exact=True).fill("50")
    page.get_by_role("button", name="Save and run").click()
    page.get_by_text("Inputs saved and the forecast run: 15 figures computed.").wait_for()
    assert "£377,552" in page.locator("#forecast-table").inner_text()  # £597,552 less half of £440,000
    assert page.get_by_role("link", name="Publish", exact=True).is_visible()
    assert_accessible(page)
    # Publishing is irreversible: the confirmation says what freezes; going back publishes nothing.
    page.get_by_role("link", name="Publish", exact=True).click()
    page.get_by_text("Publishing cannot be undone").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Go back and check it").click()
    page.get_by_role("link", name="Publish", exact=True).wait_for()
    assert console_errors == []
