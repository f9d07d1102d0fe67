"""Staff see every council in one sortable table with a chart; a public report is readable without login."""

from datetime import date

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, screenshot


def test_it_shows_staff_the_national_overview(demo, live_server, page, sign_in, console_errors):
    sign_in("admin")
    page.get_by_role("link", name="National overview").click()
    expect(page.locator("table.app-table tbody tr")).to_have_count(4)  # waits for the page, however slow
    page.get_by_role("link", name="At end").click()  # sort by a column: the state is in the URL
    assert "sort=end" in page.url
    chart = page.locator("#chart-national-plot")
    page.wait_for_function("el => el.dataset.rendered === 'true'", arg=chart.element_handle(), timeout=15000)
    assert_accessible(page)
    screenshot(page, "staff-national-overview")
    page.get_by_role("link", name="Warwickshire").click()
    assert page.url.endswith("/councils/warwickshire/")

    # With the DfE's EHC plans release imported, a benchmarking measure becomes a column to sort by.
    from dfe.services import release_import
    from tests.dfe.conftest import fixture_bytes

    for name in ("la_codes.csv", "ehcp_2025_extract.zip"):
        release_import(data=fixture_bytes(name), file_name=name, user=None)
    page.goto(f"{live_server.url}/national/")
    page.get_by_label("Benchmarking measure").select_option(label="Growth in EHC plans over five years")
    page.get_by_role("button", name="Apply filters").click()
    heading = page.get_by_role("link", name="Growth in EHC plans over five years, January 2025")
    heading.click()  # ascending, then descending
    page.get_by_role("link", name="Growth in EHC plans over five years, January 2025").click()
    assert "measure=plans_growth_5y" in page.url and "sort=-measure" in page.url
    expect(page.locator("table.app-table tbody tr").first).to_contain_text("%")
    rutland = page.locator("table.app-table tbody tr", has_text="Rutland")
    expect(rutland.locator("td").nth(1)).to_have_text("69.4%")
    screenshot(page, "staff-national-overview-measure")
    assert_accessible(page)
    assert console_errors == []


def test_it_serves_a_public_report_to_anyone_with_the_link(demo, live_server, page):
    from django.contrib.auth import get_user_model

    from recovery.models import RecoveryPlan
    from reports import services

    author = get_user_model().objects.get(username="stockton-on-tees-admin")
    plan = RecoveryPlan.objects.get(council__slug="stockton-on-tees")
    report = services.report_create(
        plan=plan,
        user=author,
        meeting_date=date(2026, 12, 3),
        title="Delivering Better Value in SEND",
        summary="It is recommended that the report be noted.",
    )
    services.report_publish(report=report, user=author)
    report = services.report_set_public(report=report, user=author, public=True)
    page.goto(f"{live_server.url}/public/reports/{report.public_token}/")
    assert page.get_by_role("heading", name="Delivering Better Value in SEND", exact=True).is_visible()
    assert page.get_by_role("button", name="Sign out").count() == 0
    assert_accessible(page)
