"""The published Forum report on a phone (390 px): no sideways scroll (the public link wraps), the
commentary readable without scrolling the table, and financial years never broken as "2020-/21"
(issue 21, item 10)."""

from datetime import date

import pytest

from tests.browser.conftest import assert_accessible, screenshot


@pytest.fixture
def public_report(demo):
    from django.contrib.auth import get_user_model

    from recovery.models import RecoveryPlan
    from reports import services

    plan = RecoveryPlan.objects.get(council__slug="wiltshire", status="active")
    author = get_user_model().objects.get(username="wiltshire-admin")
    report = services.report_create(
        plan=plan, user=author, meeting_date=date(2026, 12, 10), title="DSG Recovery Plan update"
    )
    report = services.report_publish(report=report, user=author)
    return services.report_set_public(report=report, user=author, public=True)


YEAR_WRAPS = """() => [...document.querySelectorAll("#report th, #report td")]
  .filter(cell => /^\\d{4}-\\d{2}$/.test(cell.textContent.trim()))
  .filter(cell => {
    const range = document.createRange();
    range.selectNodeContents(cell);
    const rects = [...range.getClientRects()].filter(r => r.width > 0);
    const lines = new Set(rects.map(r => Math.round(r.bottom)));
    return lines.size > 1;
  })
  .map(cell => cell.textContent.trim())"""


@pytest.mark.parametrize("width", [390, 1280])
def test_the_report_fits_a_phone(width, public_report, live_server, page, sign_in, console_errors):
    sign_in("wiltshire-admin")
    page.set_viewport_size({"width": width, "height": 844})
    page.goto(f"{live_server.url}/councils/wiltshire/reports/{public_report.pk}/")
    sideways = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert sideways <= 0, f"the report at {width}px scrolls sideways by {sideways}px"
    # The commentary of the first workstream starts on screen, not in a column beyond it.
    commentary = page.locator("#report-rag tbody tr").first.locator("td").last
    box = commentary.bounding_box()
    assert box is not None and box["x"] < width - 40, f"the commentary starts at {box and box['x']}px"
    assert page.evaluate(YEAR_WRAPS) == []
    assert_accessible(page)
    shot = screenshot(page, f"report-{width}")
    page.locator("#report-rag").screenshot(path=str(shot.with_name(f"report-rag-{width}.png")))
    page.goto(f"{live_server.url}/public/reports/{public_report.public_token}/")
    sideways = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert sideways <= 0, f"the public report at {width}px scrolls sideways by {sideways}px"
    assert page.evaluate(YEAR_WRAPS) == []
    assert_accessible(page)
    screenshot(page, f"public-report-{width}")
    assert console_errors == []


def test_the_printed_report_gives_the_commentary_room(public_report, live_server, page, sign_in):
    sign_in("wiltshire-admin")
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    page.emulate_media(media="print")
    page.goto(f"{live_server.url}/councils/wiltshire/reports/{public_report.pk}/")
    table = page.locator("#report-rag").bounding_box()
    commentary = page.locator("#report-rag thead th").last.bounding_box()
    assert commentary["width"] >= 0.35 * table["width"], (commentary["width"], table["width"])
