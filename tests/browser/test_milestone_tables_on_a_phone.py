"""Milestone tables at 390 px: RAG and flags on screen without scrolling the table (issue 21, item 10)."""

import pytest

from tests.browser.conftest import assert_accessible, screenshot


@pytest.mark.parametrize("width", [390, 1280])
def test_rag_and_flags_are_on_screen_at(width, demo, live_server, page, sign_in, console_errors):
    sign_in("rutland-admin")
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{live_server.url}/councils/rutland/milestones/")
    headers = page.locator("table thead th")
    names = [
        headers.nth(i).inner_text().split("\n")[0].split(",")[0].strip(" ▲▼") for i in range(headers.count())
    ]
    rag = headers.nth(names.index("RAG")).bounding_box()
    assert rag["x"] + rag["width"] <= width, f"RAG is off-screen at {width}px"
    # Flags start on screen; a long one may run on, the table's scroll shadow showing there is more.
    flags = headers.nth(names.index("Flags")).bounding_box()
    assert flags["x"] < width - 60, f"Flags are off-screen at {width}px"
    sideways = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert sideways <= 0
    assert_accessible(page)
    screenshot(page, f"milestones-{width}")
    assert console_errors == []


def test_the_workstream_rag_is_on_screen_at_390(demo, live_server, page, sign_in):
    sign_in("rutland-admin")
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(f"{live_server.url}/councils/rutland/workstreams/")
    headers = page.locator("table thead th")
    names = [headers.nth(i).inner_text().strip() for i in range(headers.count())]
    rag = headers.nth(names.index("RAG")).bounding_box()
    assert rag["x"] + rag["width"] <= 390, f"RAG is off-screen: {rag}"
    assert_accessible(page)
