"""The pages issue 21 changed, at a desktop (1280 px) and a phone (390 px) width: each does what the fix
says, the page body never scrolls sideways, and axe finds nothing."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, screenshot

WIDTHS = [1280, 390]


def fits(page, name: str, width: int) -> None:
    sideways = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert sideways <= 0, f"{name} at {width}px scrolls sideways by {sideways}px"
    assert_accessible(page)
    screenshot(page, f"issue21-{name}-{width}")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_changed_pages_at(width, demo, live_server, page, sign_in, console_errors):
    from forum.models import ForumMeeting
    from recovery.models import LeadOfficer, RecoveryPlan
    from reports import services as report_services
    from workstreams.models import Milestone

    base = f"{live_server.url}/councils/rutland"
    page.set_viewport_size({"width": width, "height": 800})
    sign_in("admin")

    # 1. Changes since: the date typed in the boxes is the one used.
    page.goto(f"{base}/milestones/changes/")
    page.get_by_label("Day").fill("17")
    page.get_by_label("Month").fill("9")
    page.get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Show changes").click()
    expect(page.locator("main h2").first).to_contain_text("since 17 September 2026")
    expect(page.get_by_label("Day")).to_have_value("17")
    fits(page, "changes-since", width)

    # 2. The dashboard headline: the central case, the bounds as a range (Wiltshire's forecast has bounds).
    page.goto(f"{live_server.url}/councils/wiltshire/")
    expect(page.locator("#headline")).to_contain_text("(lower to upper bound)")
    expect(page.locator("#headline")).not_to_contain_text("unmitigated, upper bound")
    fits(page, "dashboard-headline", width)

    # 3. A Forum meeting's form says which deadlines follow the meeting.
    meeting = ForumMeeting.objects.filter(council__slug="rutland").order_by("-meets_on").first()
    page.goto(f"{base}/forum/{meeting.pk}/edit/")
    expect(page.locator("main")).to_contain_text(re.compile("Follows the meeting|Set by hand"))
    fits(page, "meeting-edit", width)

    # 4. The Forum report's changes (a draft for the next meeting).
    plan = RecoveryPlan.objects.get(council__slug="rutland", status="active")
    report = report_services.report_create(
        plan=plan, user=None, meeting_date=date(2027, 3, 18), title="Spring term update"
    )
    page.goto(f"{base}/reports/{report.pk}/")
    expect(page.get_by_role("heading", name="Changes since", exact=False).first).to_be_visible()
    fits(page, "report", width)

    # 5. The update return: latest commentary, "no change", and a save button in view before scrolling.
    lead = LeadOfficer.objects.get(council__slug="rutland", user__username="rutland-officer")
    page.goto(f"{base}/returns/{lead.pk}/")
    expect(page.locator(".app-return-latest").first).to_be_visible()
    expect(page.get_by_label("No change: still on track").first).to_be_visible()
    save = page.get_by_role("button", name="Save the return")
    box = save.bounding_box()
    height = page.viewport_size["height"]
    assert box is not None and box["y"] + box["height"] <= height, "the save button is not in view"
    fits(page, "update-return", width)

    # 6. Return status warns about leads with no sign-in; 7. the leads page; 8. an overdue milestone.
    page.goto(f"{base}/returns/")
    expect(page.locator(".app-no-sign-in").first).to_contain_text("cannot use the links in a chaser")
    fits(page, "return-status", width)
    page.goto(f"{base}/leads/")
    fits(page, "leads", width)
    late = Milestone.objects.filter(
        workstream__plan=plan, completed_on__isnull=True, forecast_due__lt=date.today()
    ).first()
    page.goto(f"{base}/milestones/{late.pk}/")
    expect(page.locator("#milestone-rag")).to_contain_text("Red")
    fits(page, "milestone", width)
    assert console_errors == []
