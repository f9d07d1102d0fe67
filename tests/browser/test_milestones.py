"""Done-means of issue #4, as an officer would do it in a browser: update a milestone, see it everywhere."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, screenshot

MILESTONE = "Support to Secondary schools determined and progressed"


def test_it_lets_rutland_officer_turn_a_milestone_amber_and_find_it(
    demo, live_server, page, sign_in, console_errors
):
    sign_in("rutland-officer")
    page.get_by_role("link", name="Rutland").first.click()
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Plan", exact=True).click()
    page.get_by_role("navigation", name="Plan").get_by_role("link", name="Milestones", exact=True).click()
    expect(page.get_by_role("heading", name="Milestones", exact=True)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name=MILESTONE).click()
    expect(page.get_by_role("heading", name=MILESTONE)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Update progress").click()
    expect(page.get_by_role("heading", name="Update progress")).to_be_visible()
    assert_accessible(page)

    # Amber without commentary: refused, with an error summary that links to the field.
    page.get_by_role("radio", name="Amber").check()
    page.get_by_role("button", name="Save update").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter commentary: say why the milestone is Amber")
    expect(page.get_by_role("radio", name="Amber")).to_be_checked()  # the input is kept
    assert_accessible(page)
    screenshot(page, "milestone-update-error")

    page.get_by_label("Commentary").fill("Secondary heads asked for another term to agree the model.")
    page.get_by_role("button", name="Save update").click()

    # Its forecast date passed long ago, so it counts as Red: keeping Amber needs a reason, which is asked.
    expect(summary).to_contain_text("has passed, so the milestone shows as Red")
    assert_accessible(page)
    page.get_by_label("Reason to keep this RAG").fill(
        "The model is agreed; the heads meet in March to sign it off."
    )
    page.get_by_role("button", name="Save update").click()

    # Back on the milestone: the update is in its history, newest first.
    expect(page.get_by_text("Update saved: the milestone is now Amber.")).to_be_visible()
    history = page.locator(".app-timeline__item").first
    expect(history).to_contain_text("Secondary heads asked for another term to agree the model.")
    expect(history).to_contain_text("Green")
    expect(history).to_contain_text("Amber")
    expect(history).to_contain_text("Rutland SEND officer")
    assert_accessible(page)
    screenshot(page, "milestone-history")

    # The milestone table, filtered to Amber, shows it; the filter is in the address.
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Plan", exact=True).click()
    page.get_by_role("navigation", name="Plan").get_by_role("link", name="Milestones", exact=True).click()
    page.get_by_label("RAG status").select_option("amber")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"[?&]rag=amber"))
    row = page.locator("tbody tr", has=page.get_by_role("link", name=MILESTONE))
    expect(row).to_have_count(1)
    expect(row.locator(".app-rag")).to_have_text(re.compile("Amber"))
    for rag in page.locator("tbody .app-rag").all_inner_texts():
        assert "Amber" in rag
    assert_accessible(page)
    screenshot(page, "milestones-filtered-amber")

    assert console_errors == []


def test_it_shows_a_forum_member_no_update_controls(demo, live_server, page, sign_in):
    sign_in("rutland-forum")
    page.goto(f"{live_server.url}/councils/rutland/milestones/")
    page.get_by_role("link", name=MILESTONE).click()
    expect(page.get_by_role("heading", name=MILESTONE)).to_be_visible()
    expect(page.get_by_role("link", name="Update progress")).to_have_count(0)
    assert_accessible(page)
