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
