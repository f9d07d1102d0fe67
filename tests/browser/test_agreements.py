"""The agreement pages in Chromium (Wiltshire's demo Safety Valve agreement): each shows what it says, and axe
finds nothing (WCAG 2.2 AA). One page per step, as a finance lead would go through them."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser


def test_the_agreement_pages_are_accessible(demo, live_server, page, sign_in, console_errors):
    from agreements.models import Agreement, QuarterlyReturn

    agreement = Agreement.objects.get(council__slug="wiltshire")
    submitted = QuarterlyReturn.objects.get(agreement=agreement, status="submitted")
    draft = QuarterlyReturn.objects.get(agreement=agreement, status="draft")
    condition = agreement.conditions.get(number=2)
    base = f"{live_server.url}/councils/wiltshire/agreements"
    sign_in("wiltshire-finance")

    page.goto(f"{base}/")
    expect(page.locator("#agreements tbody tr")).to_have_count(1)
    assert_accessible(page)

    page.goto(f"{base}/{agreement.pk}/")
    expect(page.locator("#trajectory-1 tbody tr")).to_have_count(5)
    expect(page.locator("#payment-list tbody tr")).to_have_count(5)
    expect(page.locator(".app-condition")).to_have_count(6)
    expect(page.locator("#condition-2")).to_contain_text("Red")
    assert_accessible(page)

    expect(page.locator("#capital-project-list tbody tr")).to_have_count(1)

    page.goto(f"{base}/{agreement.pk}/returns/{submitted.pk}/")
    expect(page.locator("#return-capital-projects")).to_contain_text("Third resource base (secondary)")
    expect(page.locator("#return-figures tbody tr")).to_have_count(5)
    expect(page.locator("#return-figures")).to_contain_text("Off track")
    expect(page.get_by_role("link", name="Download the paper (Word)")).to_have_count(1)
    assert_accessible(page)

    page.goto(f"{base}/{agreement.pk}/returns/{draft.pk}/")
    expect(page.get_by_role("button", name="Submit the return")).to_have_count(1)
    assert_accessible(page)

    for path in (
        "new/",
        f"{agreement.pk}/edit/",
        f"{agreement.pk}/status/",
        f"{agreement.pk}/trajectory/",
        f"{agreement.pk}/payments/new/",
        f"{agreement.pk}/conditions/new/",
        f"{agreement.pk}/conditions/{condition.pk}/",
        f"{agreement.pk}/conditions/{condition.pk}/edit/",
        f"{agreement.pk}/returns/new/",
        f"{agreement.pk}/capital/new/",
        f"{agreement.pk}/capital/{agreement.capital_projects.get().pk}/",
    ):
        page.goto(f"{base}/{path}")
        expect(page.locator("main h1")).to_have_count(1)
        assert_accessible(page)

    # A refused payment: the error summary names the field, and the page stays accessible.
    page.goto(f"{base}/{agreement.pk}/payments/new/")
    page.get_by_label("Paid", exact=True).check()
    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("3")
    page.get_by_label("Year").fill("2024")
    page.get_by_label("Amount").fill("9000000")
    page.get_by_role("button", name="Save payment").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("more than the £4,500,000")
    assert_accessible(page)

    # The Forum report has the section "Agreements with the DfE", RAG in words.
    from reports.models import ForumReport

    report = ForumReport.objects.filter(plan__council__slug="wiltshire").first()
    page.goto(f"{live_server.url}/councils/wiltshire/reports/{report.pk}/")
    expect(page.locator("#report-agreement-1-conditions tbody tr")).to_have_count(6)
    expect(page.locator("#report-agreement-1-trajectory")).to_contain_text("Off track")
    assert_accessible(page)

    # The dashboard's deficit chart has the agreed trajectory in its data table.
    page.goto(f"{live_server.url}/councils/wiltshire/")
    expect(page.locator("main")).to_contain_text("Agreed trajectory (Safety Valve, excluding DfE payments)")

    # Remove asks first: the confirmation page names the payment; Cancel goes back with nothing removed,
    # Remove removes it.
    page.goto(f"{base}/{agreement.pk}/")
    page.locator("#payment-list tbody tr").first.get_by_role("link", name="Remove").click()
    expect(page.locator("main h1")).to_contain_text("Remove the ")
    expect(page.locator("main h1")).to_contain_text(" payment of £")
    assert_accessible(page)
    page.get_by_role("link", name="Cancel").click()
    expect(page.locator("#payment-list tbody tr")).to_have_count(5)
    page.locator("#payment-list tbody tr").first.get_by_role("link", name="Remove").click()
    page.get_by_role("button", name="Remove").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Removed: the ")
    expect(page.locator("#payment-list tbody tr")).to_have_count(4)
    assert console_errors == []


def test_the_dbv_pages_are_accessible(demo, live_server, page, sign_in, console_errors):
    from agreements.models import Agreement, QuarterlyReturn

    agreement = Agreement.objects.get(council__slug="stockton-on-tees", kind="dbv")
    submitted = QuarterlyReturn.objects.get(agreement=agreement)
    base = f"{live_server.url}/councils/stockton-on-tees/agreements/{agreement.pk}"
    sign_in("stockton-on-tees-admin")

    page.goto(f"{base}/")
    expect(page.locator("#grant-spend tbody tr")).to_have_count(16)  # eight initiatives, two years
    expect(page.locator("#cost-avoidance tbody tr")).to_have_count(4)
    assert_accessible(page)

    page.goto(f"{base}/returns/{submitted.pk}/")
    expect(page.locator("#return-dbv tbody tr")).to_have_count(2)
    expect(page.locator("#return-dbv")).to_contain_text("£3,270,000")
    assert_accessible(page)

    for path in ("grant/", "cost-avoidance/"):
        page.goto(f"{base}/{path}")
        expect(page.locator("main h1")).to_have_count(1)
        assert_accessible(page)
    assert console_errors == []


def test_the_reform_plan_pages_are_accessible(demo, live_server, page, sign_in, console_errors):
    from datetime import date
    from decimal import Decimal

    from agreements import services
    from recovery.models import RecoveryPlan

    plan = RecoveryPlan.objects.get(council__slug="rutland", status="active")
    reform = services.agreement_create(
        council=plan.council,
        plan=plan,
        user=None,
        details=services.AgreementDetails(
            "reform_plan", "Local SEND reform plan", date(2026, 3, 31), 2026, 2028, Decimal(0)
        ),
    )
    section = reform.sections.get(principle="Early")
    base = f"{live_server.url}/councils/rutland/agreements/{reform.pk}"
    sign_in("rutland-admin")

    page.goto(f"{base}/sections/{section.pk}/")
    page.get_by_label("Narrative").fill("Early help in every school")
    page.get_by_label("Requirements met").check()
    page.get_by_role("button", name="Save section").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Give the evidence")
    assert_accessible(page)
    page.get_by_label("Evidence for the self-assessment").fill("Requests for assessment fell by a fifth")
    page.get_by_role("button", name="Save section").click()

    expect(page.locator(".app-reform-section")).to_have_count(5)
    expect(page.locator(f"#section-{section.pk}")).to_contain_text("Requirements met")
    assert_accessible(page)

    page.goto(f"{base}/sections/new/")
    expect(page.locator("main h1")).to_have_count(1)
    assert_accessible(page)

    page.goto(f"{base}/")
    page.get_by_role("button", name="Publish a new version").click()
    expect(page.locator("main h1")).to_contain_text("version 1")
    expect(page.locator("#reform-summary tbody tr")).to_have_count(5)
    assert_accessible(page)
    assert console_errors == []
