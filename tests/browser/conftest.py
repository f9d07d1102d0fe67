"""Playwright against the live test server, driving Debian's system Chromium (never a downloaded browser).

In CI (CI=true) a missing Chromium is a failure, not a skip: browser tests must run there.
"""

import os
import shutil
from pathlib import Path

import pytest
import time_machine
from axe_playwright_python.sync_playwright import Axe

from tests.clock import NOW

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from fixtures are still sync.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing: .ci/run must install it (apt-get install chromium)")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--disable-background-networking", "--disable-component-update", "--disable-sync"],
    }


@pytest.fixture(scope="session")
def demo_fixture(django_db_setup, django_db_blocker, tmp_path_factory) -> Path:
    """The demo, built once per session (load_demo takes seconds) and kept as a fixture file: each test
    loads the file into its fresh database, which is several times quicker than building it again."""
    from django.core.management import call_command
    from django.db import transaction

    from demo.plans import load_demo

    path = tmp_path_factory.mktemp("demo") / "demo.json"
    with django_db_blocker.unblock(), time_machine.travel(NOW, tick=True), transaction.atomic():
        load_demo()
        call_command(
            "dumpdata",
            natural_foreign=True,
            exclude=["contenttypes", "auth.permission", "sessions", "axes", "admin.logentry"],
            output=str(path),
            verbosity=0,
        )
        transaction.set_rollback(True)  # the test database stays empty for the tests that build their own
    return path


@pytest.fixture
def demo(transactional_db, demo_fixture):
    from django.core.management import call_command

    call_command("loaddata", str(demo_fixture), verbosity=0)


@pytest.fixture
def sign_in(live_server, page):
    def _sign_in(username: str, password: str = "dsg-demo-2026"):
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        # Most land on "/", a Forum member of one council on its dashboard.
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        return page

    return _sign_in


@pytest.fixture
def console_errors(page):
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return errors


def assert_accessible(page) -> None:
    """axe-core, WCAG 2.0/2.1/2.2 A and AA rules: no violations."""
    results = Axe().run(
        page,
        options={
            "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}
        },
    )
    assert results.violations_count == 0, results.generate_report()


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
