"""The demand model page in Chromium: both charts draw, no console errors, axe finds nothing (WCAG 2.2 AA)."""

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from dfe.services import release_import
from tests.browser.conftest import assert_accessible
from tests.dfe.conftest import fixture_bytes

pytestmark = pytest.mark.browser


@pytest.fixture
def demand_demo(demo):
    for name in ("la_codes.csv", "ehcp_2025_demand.zip"):
        release_import(data=fixture_bytes(name), file_name=name, user=None)


@pytest.fixture(autouse=True)
def _fresh_page_cache():
    """The database goes back after each test, the page cache does not: the next test's data versions would
    find this test's pages (a lever added here, on Stockton's page at the same version there)."""
    yield
    cache.clear()


def open_the_lever_form(live_server, page, sign_in) -> None:
    """Stockton's finance officer opens "Add a lever" for workstream b, on the Target line."""
    sign_in("stockton-on-tees-finance")
    page.goto(f"{live_server.url}/councils/stockton-on-tees/demand/")
    page.get_by_text("Add a lever").click()
    page.get_by_label("Workstream", exact=True).select_option(
        label="b. Increase training and support locally"
    )
    page.get_by_label("Target", exact=True).check()


def test_the_demand_model_page_draws_its_charts_and_is_accessible(
    demand_demo, live_server, page, sign_in, console_errors
):
    sign_in("rutland-forum")
    response = page.goto(f"{live_server.url}/councils/rutland/demand/")
    assert response.status == 200
    charts = page.locator(".app-chart[data-figure]").all()
    assert len(charts) == 2
    for chart in charts:
        page.wait_for_function("el => el.dataset.rendered !== undefined", arg=chart.element_handle())
    assert "Backtest" in page.inner_text("main")
    expect(
        page.get_by_role("region", name="Ceased plans by reason (scrolls sideways on small screens)")
    ).to_be_visible()
    by_setting = page.get_by_role(
        "region", name="Ceased plans by last setting (scrolls sideways on small screens)"
    )
    expect(by_setting).to_be_visible()
    expect(by_setting.locator("caption")).to_contain_text("Ceased EHC plans by last setting")
    expect(by_setting.locator("tbody tr")).to_have_count(7)
    expect(by_setting.get_by_role("rowheader", name="Post-16 and further education")).to_be_visible()
    assert_accessible(page)
    assert console_errors == []


def test_finance_adds_a_lever_on_one_reason_and_sees_it_in_words(
    demand_demo, live_server, page, sign_in, console_errors
):
    open_the_lever_form(live_server, page, sign_in)
    page.get_by_label("Scale ceased plans").check()
    page.get_by_label("From", exact=True).select_option(label="2027-28")
    page.get_by_label("Change in new or ceased plans").fill("20")
    page.get_by_label("Why the plans cease").select_option("needs_met")
    page.get_by_role("button", name="Add lever").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Ceased plans because needs were met +20% from 2027-28"
    )
    assert_accessible(page)
    page.get_by_role(
        "button", name="Remove the lever “Ceased plans because needs were met +20% from 2027-28”"
    ).click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Lever removed")
    assert console_errors == []


def test_finance_adds_a_lever_on_ceased_plans_in_one_setting_group(
    demand_demo, live_server, page, sign_in, console_errors
):
    open_the_lever_form(live_server, page, sign_in)
    page.get_by_label("Scale ceased plans").check()
    page.get_by_label("From", exact=True).select_option(label="2027-28")
    page.get_by_label("Ages from", exact=True).fill("16")
    page.get_by_label("Ages to", exact=True).fill("18")
    page.get_by_label("Change in new or ceased plans").fill("15")
    page.get_by_label("Setting group (optional)", exact=True).select_option("post16")
    page.get_by_role("button", name="Add lever").click()
    text = "Ceased plans aged 16–18 in post-16 and further education +15% from 2027-28"
    expect(page.locator(".govuk-notification-banner")).to_contain_text(text)
    assert_accessible(page)
    page.get_by_role("button", name=f"Remove the lever “{text}”").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Lever removed")
    assert console_errors == []


def test_finance_adds_a_lever_and_sees_its_effect_then_removes_it(
    demand_demo, live_server, page, sign_in, console_errors
):
    from projections.models import DemandLever

    open_the_lever_form(live_server, page, sign_in)
    page.get_by_label("Scale new plans").check()
    page.get_by_label("From", exact=True).select_option(label="2026-27")
    page.get_by_label("Ages from", exact=True).fill("11")
    page.get_by_label("Ages to", exact=True).fill("15")
    page.get_by_label("Change in new or ceased plans").fill("-5")
    assert_accessible(page)  # the open form too
    page.get_by_role("button", name="Add lever").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "New plans aged 11–15 −5% from 2026-27"
    )
    row = (
        page.locator("table")
        .filter(has_text="this lever alone")
        .locator("tr")
        .filter(has_text="New plans aged 11–15 −5% from 2026-27")
    )
    expect(row).to_have_count(1)
    expect(row).to_contain_text("fewer")
    assert DemandLever.objects.filter(workstream__code="b").count() == 1
    page.get_by_role("button", name="Remove the lever “New plans aged 11–15 −5% from 2026-27”").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Lever removed")
    assert not DemandLever.objects.filter(workstream__code="b").exists()
    assert_accessible(page)
    assert console_errors == []


def test_a_bad_lever_is_shown_with_its_message_on_the_field(demand_demo, live_server, page, sign_in):
    open_the_lever_form(live_server, page, sign_in)
    page.get_by_label("Move a share of new plans to another setting group").check()
    page.get_by_role("button", name="Add lever").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the share of new plans that moves")
    assert_accessible(page)


def test_finance_uploads_the_councils_transitions_and_maps_a_setting(
    demand_demo, live_server, page, sign_in, console_errors
):
    from projections.models import DemandTransitions
    from tests.projections.transitions_world import transitions_csv

    sign_in("rutland-finance")
    page.goto(f"{live_server.url}/councils/rutland/demand/")
    data = transitions_csv() + b"2023,XQ1,CI,5,MMSIB,CI,6\n"
    page.get_by_label("Transitions (transitions.csv)").set_input_files(
        {"name": "transitions.csv", "mimeType": "text/csv", "buffer": data}
    )
    page.get_by_role("button", name="Upload").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Give a placement group to XQ1")
    assert_accessible(page)  # the settings table with its warning
    page.get_by_label("XQ1 (optional)", exact=True).select_option(
        label="Other arrangements and direct payments"
    )
    page.get_by_role("button", name="Save the settings").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Settings saved")
    expect(page.locator("main")).to_contain_text("calibrated from observed transitions")
    assert DemandTransitions.objects.get().mapping["XQ1"] == "other"
    assert_accessible(page)
    assert console_errors == []


def test_a_bad_transitions_file_is_named_on_its_field(demand_demo, live_server, page, sign_in):
    sign_in("rutland-finance")
    page.goto(f"{live_server.url}/councils/rutland/demand/")
    page.get_by_label("Transitions (transitions.csv)").set_input_files(
        {"name": "transitions.csv", "mimeType": "text/csv", "buffer": b"calendar-year,school\n2020,x\n"}
    )
    page.get_by_role("button", name="Upload").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("missing columns: setting-1")
    assert_accessible(page)
