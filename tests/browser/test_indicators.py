"""Issue 12 done-means: the indicators pages with axe; entry with field-named errors; the SEN2 upload; the
dashboard panel with its table; nothing scrolls sideways on a phone."""

from tests.browser.conftest import assert_accessible, screenshot
from tests.indicators.sen2_files import good_rows, to_csv


def no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), "scrolls sideways"


def test_an_officer_reads_the_framework_and_records_a_value(demo, live_server, page, sign_in, console_errors):
    sign_in("rutland-officer")
    page.goto(f"{live_server.url}/councils/rutland/")
    panel = page.locator("section.app-indicator-panel")
    assert panel.get_by_role("heading", name="SEND performance indicators").is_visible()
    assert panel.locator("#dashboard-indicators tbody tr").count() == 7
    assert panel.get_by_text("Red", exact=True).count() >= 1  # the word, beside the colour
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Data", exact=True).click()
    page.wait_for_url(f"{live_server.url}/councils/rutland/indicators/")
    assert page.locator("#indicators tbody tr").count() == 7
    assert page.locator("svg.app-sparkline").count() == 7
    assert_accessible(page)
    screenshot(page, "rutland-indicators")
    page.get_by_role("link", name="Permanent exclusions").click()
    chart = page.locator(".app-chart[data-figure]")
    page.wait_for_function("el => el.dataset.rendered === 'true'", arg=chart.element_handle(), timeout=15000)
    assert page.locator("#indicator-values tbody tr").count() == 4
    assert_accessible(page)
    screenshot(page, "rutland-indicator-exclusions")
    page.get_by_role("link", name="Record a value").click()
    page.get_by_label("Period").fill("2023")
    page.get_by_role("button", name="Save value").click()
    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    assert "Period: “2023” is not an academic year: write it like 2023/24" in summary.inner_text()
    assert "Enter the value, or say it is not available" in summary.inner_text()
    assert_accessible(page)
    page.get_by_label("Period").fill("2023/24")
    page.locator("#id_value").fill("6")
    page.get_by_role("button", name="Save value").click()
    page.get_by_text("Actual for 2023/24 saved: 6.").wait_for()
    assert page.locator("#indicator-values tbody tr").count() == 5
    assert console_errors == []


def test_the_pages_fit_a_phone(demo, live_server, page, sign_in):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in("warwickshire-forum")
    for path in ("/councils/warwickshire/indicators/", "/councils/warwickshire/"):
        page.goto(f"{live_server.url}{path}")
        no_sideways_scroll(page)
        assert_accessible(page)
    page.goto(f"{live_server.url}/councils/warwickshire/indicators/")
    page.get_by_role("link", name="SENCO confidence: using the SEND inclusion guidance").click()
    page.locator(".app-chart[data-rendered='true']").wait_for(timeout=15000)
    no_sideways_scroll(page)
    screenshot(page, "warwickshire-indicator-phone")


def test_finance_imports_the_sen2_file_after_a_preview(
    demo, live_server, page, sign_in, tmp_path, console_errors
):
    path = tmp_path / "sen2_estab_caseload.csv"
    path.write_bytes(to_csv(good_rows()))
    sign_in("rutland-finance")
    page.goto(f"{live_server.url}/councils/rutland/indicators/import-sen2/")
    assert_accessible(page)
    page.get_by_role("button", name="Check the file").click()
    page.locator(".govuk-error-summary").wait_for()
    assert "Choose the SEN2 CSV file to upload" in page.locator(".govuk-error-summary").inner_text()
    page.get_by_label("SEN2 caseload file").set_input_files(str(path))
    page.get_by_role("button", name="Check the file").click()
    page.get_by_role("heading", name="Check what will be loaded").wait_for()
    assert (
        "Change EHC plans placed in mainstream schools, 2023: 50%"
        in page.locator("#sen2-changes").inner_text()
    )
    assert_accessible(page)
    page.get_by_role("button", name="Confirm and import").click()
    page.wait_for_url(f"{live_server.url}/councils/rutland/indicators/")
    assert page.locator("#indicators tbody tr").count() == 7 + 6  # the mainstream share was already there
    assert_accessible(page)
    assert console_errors == []
