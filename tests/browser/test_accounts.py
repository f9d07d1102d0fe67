"""The account pages a person reaches outside the navigation: change password (header), reset (sign-in page)
and accepting an invitation (an emailed link). Each works and passes axe."""

from tests.browser.conftest import assert_accessible


def test_it_changes_a_password_from_the_account_page(demo, live_server, page, sign_in, console_errors):
    sign_in("rutland-officer")
    page.get_by_role("link", name="Your account").click()
    page.get_by_role("heading", name="Your account").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Get your calendar address").click()
    page.get_by_label("Your calendar address").wait_for()
    assert ".ics" in page.get_by_label("Your calendar address").input_value()
    assert_accessible(page)
    page.get_by_role("link", name="Change your password").click()
    assert_accessible(page)
    page.get_by_label("Old password").fill("dsg-demo-2026")
    page.get_by_label("New password", exact=True).fill("Nurture-pilot-2027")
    page.get_by_label("New password confirmation").fill("Nurture-pilot-2027")
    page.get_by_role("button", name="Change password").click()
    page.get_by_role("heading", name="Password changed").wait_for()
    assert_accessible(page)
    assert console_errors == []


def test_the_reset_and_invitation_pages_are_accessible(demo, live_server, page, console_errors):
    from datetime import timedelta

    from django.utils import timezone

    from accounts.models import Invitation
    from recovery.models import Council

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("link", name="Forgotten your password?").click()
    assert_accessible(page)
    rutland = Council.objects.get(slug="rutland")
    invitation = Invitation.objects.create(
        council=rutland, email="new@rutland.gov.uk", role="officer", token="t" * 40,
        expires_at=timezone.now() + timedelta(days=7),
    )  # fmt: skip
    page.goto(f"{live_server.url}/invitations/{invitation.token}/")
    page.get_by_role("heading", name="Join Rutland").wait_for()
    assert_accessible(page)
    page.get_by_label("Username").fill("newofficer")
    page.get_by_label("Password", exact=True).fill("Nurture-pilot-2027")
    page.get_by_label("Password again").fill("Nurture-pilot-2027")
    page.get_by_role("button", name="Create my account").click()
    page.wait_for_url(f"{live_server.url}/councils/rutland/")
    assert_accessible(page)
    assert console_errors == []
