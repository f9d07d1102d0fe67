"""The DSG ledger pages in Chromium: the demo ledger and its forms, axe finds nothing (WCAG 2.2 AA)."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, screenshot

pytestmark = pytest.mark.browser


def test_the_ledger_and_its_forms_are_accessible(demo, live_server, page, sign_in, console_errors):
    sign_in("warwickshire-finance")
    page.goto(f"{live_server.url}/councils/warwickshire/dsg/")
    expect(page.locator("table.app-ledger")).to_have_count(6)  # 2021-22, 2023-24, two forecast years × 2
    expect(page.locator("#ledger-2023-24-outturn")).to_contain_text("−£33,000,000")
    assert_accessible(page)
    page.get_by_role("link", name="Enter a block's figures").click()
    page.get_by_label("Financial year").fill("2024-25")
    page.locator("#id_income").fill("4.2")
    page.get_by_role("button", name="Save figures").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("looks like £ millions typed as pounds")
    assert_accessible(page)
    page.goto(f"{live_server.url}/councils/warwickshire/dsg/transfers/new/")
    assert_accessible(page)
    assert console_errors == []


def test_removing_a_transfer_asks_first(demo, live_server, page, sign_in, console_errors):
    sign_in("warwickshire-finance")
    page.goto(f"{live_server.url}/councils/warwickshire/dsg/transfers/new/")
    page.get_by_label("Financial year").fill("2024-25")
    page.get_by_label("From block").select_option("schools")
    page.get_by_label("To block").select_option("high_needs")
    page.get_by_label("Amount moved").fill("1,000,000")
    page.get_by_label("Schools Forum decision").select_option(index=1)
    page.get_by_role("button", name="Record transfer").click()
    expect(page.locator("#transfers tbody tr")).to_have_count(1)
    remove = page.get_by_role("link", name="Remove the transfer of £1,000,000 in 2024-25")
    remove.click()
    question = "Remove the transfer of £1,000,000 from the Schools block to the High Needs block in 2024-25?"
    expect(page.get_by_role("heading", level=1)).to_have_text(question)
    assert_accessible(page)
    page.get_by_role("link", name="Cancel").click()
    expect(page.locator("#transfers tbody tr")).to_have_count(1)  # Cancel keeps it
    remove.click()
    page.get_by_role("button", name="Remove").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Removed: the transfer of £1,000,000")
    expect(page.locator("#transfers")).to_have_count(0)
    assert_accessible(page)
    assert console_errors == []


def test_a_forum_member_reads_the_ledger(demo, live_server, page, sign_in, console_errors):
    sign_in("rutland-forum")
    page.goto(f"{live_server.url}/councils/rutland/dsg/")
    expect(page.locator("table.app-ledger")).to_have_count(3)
    expect(page.get_by_role("link", name="Enter a block's figures")).to_have_count(0)
    assert_accessible(page)
    assert console_errors == []


def test_the_stability_grant_evidence_and_its_form_are_accessible(
    demo, live_server, page, sign_in, console_errors
):
    sign_in("rutland-finance")
    page.goto(f"{live_server.url}/councils/rutland/dsg/stability-grant/")
    expect(page.locator("#evidence tbody tr")).to_have_count(5)
    assert_accessible(page)
    page.get_by_role("link", name="Enter the DSG note in the statement of accounts").click()
    page.locator("#id_deficit").fill("1,220,000")
    page.get_by_label("Source document").fill("Statement of Accounts 2025-26, note 14")
    page.locator("#id_document_date").fill("30")
    page.locator("#id_document_date-month").fill("9")
    page.locator("#id_document_date-year").fill("2026")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#evidence")).to_contain_text("£1,220,000")
    expect(page.locator("#grant")).to_contain_text("£1,220,000")
    assert_accessible(page)
    page.goto(f"{live_server.url}/councils/rutland/dsg/stability-grant/excluded/")
    assert_accessible(page)
    assert console_errors == []


def test_the_management_plan_and_its_forms_are_accessible(demo, live_server, page, sign_in, console_errors):
    sign_in("rutland-admin")
    page.goto(f"{live_server.url}/councils/rutland/dsg/plan/")
    expect(page.locator("#end-of-year tbody tr")).to_have_count(3)
    assert_accessible(page)
    page.get_by_role("link", name="Record stakeholder engagement").click()
    page.get_by_label("Group").select_option("parents")
    page.locator("#id_held_on").fill("12")
    page.locator("#id_held_on-month").fill("11")
    page.locator("#id_held_on-year").fill("2026")
    page.get_by_label("What was discussed").fill("Specialist places")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#engagements tbody tr")).to_have_count(1)
    page.goto(f"{live_server.url}/councils/rutland/dsg/plan/sign-offs/new/")
    assert_accessible(page)
    page.goto(f"{live_server.url}/councils/rutland/dsg/plan/narrative/outcomes/")
    assert_accessible(page)
    page.goto(f"{live_server.url}/councils/rutland/dsg/plan/")
    page.get_by_role("button", name="Publish this plan as version 1").click()
    expect(page.get_by_role("heading", name="DSG management plan, version 1")).to_have_count(1)
    expect(page.locator("#version-engagements tbody tr")).to_have_count(1)
    assert_accessible(page)
    assert console_errors == []


@pytest.mark.parametrize("width", [1280, 390])
def test_the_plans_children_charts_draw_and_the_page_fits_at(
    width, demo, live_server, page, sign_in, console_errors
):
    from dfe.services import release_import
    from tests.dfe.conftest import fixture_bytes

    for name in ("la_codes.csv", "ehcp_2025_demand.zip", "ehcp_2025_extract.zip"):
        release_import(data=fixture_bytes(name), file_name=name, user=None)
    sign_in("rutland-forum")
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/councils/rutland/dsg/plan/")
    charts = page.locator(".app-chart[data-figure]")
    assert charts.count() == 2  # by placement group and age, by primary need
    for i in range(charts.count()):
        page.wait_for_function("el => el.dataset.rendered === 'true'", arg=charts.nth(i).element_handle())
    sideways = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert sideways <= 0, f"scrolls sideways by {sideways}px at {width}px"
    expect(page.locator("#needs tbody tr").first).to_be_visible()
    page.locator("#children").scroll_into_view_if_needed()
    screenshot(page, f"rutland-dsg-plan-{width}")
    assert_accessible(page)
    assert console_errors == []


def test_the_ledgers_buttons_post_through_the_form_outside_the_cached_part(
    demo, live_server, page, sign_in, console_errors
):
    from dfe.services import release_import
    from tests.dfe.conftest import fixture_bytes

    for name in ("la_codes.csv", "dedicated-schools-grant_2024_07_20.ods"):
        release_import(data=fixture_bytes(name), file_name=name, user=None)
    sign_in("warwickshire-finance")
    page.goto(f"{live_server.url}/councils/warwickshire/dsg/")
    fill = page.get_by_role("button", name="Fill income for 2023-24")
    expect(fill).to_have_attribute("form", "dsg-ledger-actions")
    fill.click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Income for 2023-24 set from the DfE")
    expect(page.locator("#ledger-2023-24-outturn")).to_contain_text("DSG allocation")
    assert console_errors == []
