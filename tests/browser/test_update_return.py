"""Issue 11's journey: a lead updates five milestones at once on the return, one with an error, and sees
what was saved; the council admin sees the return status and sends a chaser (the locmem outbox has it)."""

from datetime import timedelta

from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, screenshot


def test_a_lead_updates_five_milestones_at_once_and_the_admin_chases_the_rest(
    demo, live_server, page, sign_in, console_errors
):
    from recovery.models import LeadOfficer
    from workstreams.models import Milestone, MilestoneUpdate

    lead = LeadOfficer.objects.get(council__slug="rutland", user__username="rutland-officer")
    # Give the lead five milestones due soon, last touched before the window: a fresh return to fill in.
    today = timezone.localdate()
    mine = list(Milestone.objects.filter(lead=lead, completed_on__isnull=True).order_by("pk")[:5])
    assert len(mine) == 5
    for i, m in enumerate(mine):
        Milestone.objects.filter(pk=m.pk).update(
            forecast_due=today + timedelta(days=30 + i), updated_at=timezone.now() - timedelta(days=90)
        )

    sign_in("rutland-officer")
    expect(page.locator("#next-forum")).to_contain_text("Next Schools Forum:")
    page.get_by_role("link", name="Your update return").click()
    expect(page.get_by_role("heading", name="Update return")).to_be_visible()
    expect(page.locator("#return-progress")).to_contain_text("updated since")
    assert_accessible(page)

    rows = [page.locator(f"#row-{m.pk}") for m in mine]
    for i, row in enumerate(rows[:4]):
        row.get_by_label("Commentary").fill(f"Progress on step {i}: on track for the Forum.")
    rows[1].get_by_role("radio", name="Amber").check()
    rows[2].get_by_label("Percent complete").fill("60")
    rows[4].get_by_role("radio", name="Red").check()  # Red without commentary: refused
    page.get_by_role("button", name="Save the return").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("4 saved; 1 not saved")
    expect(summary).to_contain_text(f"{mine[4].title}: Enter commentary: say why the milestone is Red")
    expect(rows[4].get_by_role("radio", name="Red")).to_be_checked()  # the refused row keeps its input
    assert_accessible(page)
    screenshot(page, "update-return-partly-saved")
    assert MilestoneUpdate.objects.filter(milestone__in=mine).count() == 4

    rows[4].get_by_label("Commentary").fill("The provider withdrew: re-tendering.")
    page.get_by_role("button", name="Save the return").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("1 milestone saved")
    assert MilestoneUpdate.objects.filter(milestone__in=mine).count() == 5

    # The council admin sees who has updated and chases someone who has not.
    page.get_by_role("button", name="Sign out").click()
    sign_in("rutland-admin")
    page.goto(f"{live_server.url}/councils/rutland/returns/")
    expect(page.get_by_role("heading", name="Update returns")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "return-status")
    behind = page.locator("#return-status tbody tr").filter(has_text="Not yet").first
    name = behind.locator("th a").inner_text()
    outbox_before = len(mail.outbox)
    behind.get_by_role("button", name=f"Send chaser to {name}").click()
    expect(page.locator("main")).to_contain_text(f"Chaser sent to {name}")
    assert len(mail.outbox) == outbox_before + 1
    assert mail.outbox[-1].subject.startswith("Please update your milestones by")
    assert console_errors == []
