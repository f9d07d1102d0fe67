"""The national overview at 1280 px: its table fits without sideways scrolling (issue 21, item 10)."""

from tests.browser.conftest import assert_accessible, screenshot

OVERFLOW = """() => [...document.querySelectorAll('.app-table-scroll')]
  .map(region => region.scrollWidth - region.clientWidth)"""


def test_the_national_table_fits_at_1280(demo, live_server, page, sign_in, console_errors):
    sign_in("admin")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/national/")
    overflow = page.evaluate(OVERFLOW)
    assert overflow and max(overflow) <= 0, f"a table scrolls sideways by {max(overflow)}px at 1280 px"
    assert (
        page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        <= 0
    )
    assert_accessible(page)
    screenshot(page, "national-overview-1280")
    assert console_errors == []
