"""Every page a role can reach, checked by axe: sign in as each role, open every page in the navigation and
one level below it (one page per kind: one milestone, one forecast…), so a new page is checked without anyone
adding it here. Also: no page answers with an error, and none shows "None" or an internal file name."""

import re
from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, resolve

from tests.browser.conftest import assert_accessible

ROLES = ["rutland-officer", "rutland-finance", "rutland-forum", "rutland-admin", "admin"]
SKIP = re.compile(r"(\.xlsx$|\.csv$|^/accounts/logout|^/admin/)")


def kind(path: str) -> str:
    try:
        return resolve(path).url_name or path
    except Resolver404:
        return path


def links(page, selector: str) -> list[str]:
    found = page.eval_on_selector_all(selector, "els => els.map(e => e.getAttribute('href'))")
    return [urlsplit(h).path for h in found if h and h.startswith("/") and not SKIP.search(urlsplit(h).path)]


def check(page, live_server, path: str) -> None:
    response = page.goto(live_server.url + path)
    assert response.status == 200, (path, response.status)
    for chart in page.locator(".app-chart[data-figure]").all():
        page.wait_for_function("el => el.dataset.rendered !== undefined", arg=chart.element_handle())
    text = page.inner_text("main")
    assert not re.search(r"\bNone\b|\b[Ss]eed 00\d\b", text), (
        path,
        re.search(r".{40}\bNone\b.{20}|seed 00\d", text),
    )
    assert_accessible(page)


@pytest.mark.parametrize("username", ROLES)
def test_every_reachable_page_is_accessible(username, demo, live_server, page, sign_in, console_errors):
    sign_in(username)
    start = "/councils/rutland/"
    page.goto(live_server.url + start)
    first = [start, *links(page, "#navigation a")]
    seen_kinds: set[str] = set()
    level_one: list[str] = []
    for path in dict.fromkeys(first):
        if kind(path) in seen_kinds:
            continue
        seen_kinds.add(kind(path))
        check(page, live_server, path)
        for below in links(page, "main a"):
            if kind(below) not in seen_kinds and below not in level_one:
                level_one.append(below)
    for path in level_one:
        if kind(path) in seen_kinds:
            continue
        seen_kinds.add(kind(path))
        check(page, live_server, path)
    assert len(seen_kinds) >= 6, seen_kinds
    assert console_errors == []
