"""Done-means of the foundation, as a person would do it in a browser."""

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, screenshot


def test_it_shows_rutland_officer_the_nine_actions_with_rag(demo, live_server, page, sign_in, console_errors):
    page.goto(f"{live_server.url}/accounts/login/")
    assert_accessible(page)
    sign_in("rutland-officer")
    assert_accessible(page)
    page.get_by_role("link", name="Rutland").first.click()
    rows = page.locator("#workstreams tbody tr")
    expect(rows).to_have_count(9)  # waits for the dashboard, however busy the machine
    first = rows.nth(0)
    assert first.locator(".app-rag").inner_text().strip() in {"Green", "Amber", "Red", "Not rated"}
    assert_accessible(page)
    screenshot(page, "rutland-officer-council")
    assert console_errors == []


def test_it_gives_wiltshire_forum_a_404_on_rutland(demo, live_server, page, sign_in):
    sign_in("wiltshire-forum")
    response = page.goto(f"{live_server.url}/councils/rutland/")
    assert response.status == 404
    response = page.goto(f"{live_server.url}/councils/wiltshire/")
    assert response.status == 200


def test_it_signs_out_with_a_button(demo, live_server, page, sign_in):
    sign_in("warwickshire-admin")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{live_server.url}/accounts/login/")
    assert page.goto(f"{live_server.url}/").url.startswith(f"{live_server.url}/accounts/login/")
