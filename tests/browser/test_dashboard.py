"""Issue 6 done-means: a Forum member reads the dashboard; every chart draws and has its data table."""

from tests.browser.conftest import ARTIFACTS, assert_accessible, screenshot


def test_it_shows_rutland_forum_the_dashboard_with_charts_and_tables(demo, live_server, page, console_errors):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("rutland-forum")
    page.get_by_label("Password").fill("dsg-demo-2026")
    page.get_by_role("button", name="Sign in").click()
    # Forum members land straight on their council's dashboard.
    page.wait_for_url(f"{live_server.url}/councils/rutland/")
    charts = page.locator(".app-chart[data-figure]")
    count = charts.count()
    assert count >= 3
    for i in range(count):
        chart = charts.nth(i)
        chart.scroll_into_view_if_needed()
        page.wait_for_function(
            "el => el.dataset.rendered === 'true'", arg=chart.element_handle(), timeout=15000
        )
        assert chart.locator("svg.main-svg").count() >= 1
    # Each chart's data table is behind a toggle and opens on demand.
    details = page.locator("details.app-chart-data")
    assert details.count() == count
    first = details.nth(0)
    table = first.locator("table")
    assert not table.is_visible()
    first.locator("summary").click()
    assert table.is_visible()
    assert table.locator("tbody tr").count() >= 1
    # No edit controls for a Forum member.
    assert page.get_by_role("link", name="Publish report").count() == 0
    assert_accessible(page)
    screenshot(page, "rutland-forum-dashboard")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Schools Forum").click()
    page.get_by_role("navigation", name="Schools Forum").get_by_role("link", name="Reports").click()
    page.wait_for_url(f"{live_server.url}/councils/rutland/reports/")
    assert page.get_by_role("heading", name="Schools Forum reports").is_visible(), page.content()[:3000]
    assert page.get_by_role("link", name="Prepare a new report").count() == 0
    assert_accessible(page)
    assert console_errors == []


def test_it_lets_a_council_admin_publish_a_report_a_forum_member_then_reads(
    demo, live_server, page, sign_in, console_errors
):
    sign_in("warwickshire-admin")
    page.goto(f"{live_server.url}/councils/warwickshire/reports/")
    page.get_by_role("link", name="Prepare a new report").click()
    meeting = page.get_by_role("group", name="Meeting date")  # the GOV.UK date input: three boxes
    meeting.get_by_label("Day").fill("10")
    meeting.get_by_label("Month").fill("12")
    meeting.get_by_label("Year").fill("2026")
    page.get_by_label("Title").fill("DBV Programme Update: December")
    page.get_by_label("Summary").fill("The High Needs Block continues to record a significant overspend.")
    page.get_by_label("Recommendations to Forum").fill("Note and support the DBV workstreams.")
    assert_accessible(page)
    page.get_by_role("button", name="Create draft").click()
    page.get_by_role("link", name="Publish report").click()
    # Publishing is irreversible: a confirmation page says what freezes first.
    page.get_by_text("Publishing cannot be undone").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Publish the report").click()
    page.get_by_text("Report published").wait_for()  # the page after the redirect, not the one before
    assert page.locator("#report-forecast tbody tr").count() == 6  # UB/LB x unmitigated/target/stretch
    assert_accessible(page)
    screenshot(page, "warwickshire-forum-report")
    # The print stylesheet: no navigation or buttons, every chart's data table shown, A4 pages.
    page.emulate_media(media="print")
    assert not page.locator(".govuk-service-navigation").is_visible()
    assert not page.get_by_role("button", name="Make public with a link").is_visible()
    assert page.locator("#chart-deficit-table").is_visible()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") >= 3
    (ARTIFACTS / "warwickshire-forum-report.pdf").write_bytes(pdf)
    page.emulate_media(media="screen")
    page.get_by_role("button", name="Sign out").click()
    sign_in("warwickshire-forum")
    page.goto(f"{live_server.url}/councils/warwickshire/reports/")
    page.get_by_role("link", name="DBV Programme Update: December").click()
    page.get_by_text("exactly as presented").wait_for()
    assert console_errors == []
