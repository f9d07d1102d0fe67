"""An invited lead is linked to their lead record by address when they accept; return status warns before
chasing a lead with no sign-in and offers to invite them (issue 21, item 7)."""

import re
from datetime import UTC, date, datetime

import pytest
import time_machine
from django.core import mail
from django.test import Client

from accounts.models import Role
from recovery.models import LeadOfficer
from tests.conftest import member_client
from tests.factories import ForumMeetingFactory, LeadFactory, MilestoneFactory
from workstreams.models import Milestone

# Invitations are emailed when their transaction commits: these tests commit for real.
pytestmark = pytest.mark.django_db(transaction=True)

PASSWORDS = {"password1": "Nurture-pilot-2027", "password2": "Nurture-pilot-2027"}


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(datetime(2026, 12, 5, 10, 0, tzinfo=UTC), tick=False):
        yield


@pytest.fixture(autouse=True)
def _locmem(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def helen(home):
    lead = LeadFactory(
        council=home.council, name="Helen Carr", initials="HC", email="helen.carr@rutland.gov.uk"
    )
    MilestoneFactory(
        workstream=home.workstream, lead=lead, title="Outreach panel", forecast_due=date(2027, 1, 8)
    )
    # Last touched in the summer: not yet updated this cycle, so there is something to chase.
    Milestone.objects.update(updated_at=datetime(2026, 7, 1, 9, 0, tzinfo=UTC))
    return lead


def test_accepting_an_invitation_links_the_lead_with_that_address(home, foreign, helen):
    theirs = LeadFactory(council=foreign.council, initials="HC", email="helen.carr@rutland.gov.uk")
    admin = member_client(home.council, Role.COUNCIL_ADMIN)
    admin.post(
        f"/councils/{home.council.slug}/members/",
        {"email": "Helen.Carr@Rutland.gov.uk", "role": Role.OFFICER},
    )
    link = re.search(r"http://testserver(/invitations/\S+/)", mail.outbox[0].body)[1]
    visitor = Client()
    visitor.post(link, {"username": "hcarr", "first_name": "Helen", "last_name": "Carr", **PASSWORDS})
    helen.refresh_from_db()
    assert helen.user.username == "hcarr"
    assert helen.history.first().history_user == helen.user
    assert LeadOfficer.objects.get(pk=theirs.pk).user is None  # another council's lead is not touched
    response = visitor.get(f"/councils/{home.council.slug}/returns/mine/")
    assert response.status_code == 302 and response.url.endswith(f"/returns/{helen.pk}/")
    assert "Outreach panel" in visitor.get(response.url).content.decode()


def test_return_status_warns_before_chasing_a_lead_with_no_sign_in(home, helen):
    ForumMeetingFactory(council=home.council, meets_on=date(2027, 1, 14))
    admin = member_client(home.council, Role.COUNCIL_ADMIN)
    body = admin.get(f"/councils/{home.council.slug}/returns/").content.decode()
    row = body.split(f'id="lead-{helen.pk}"', 1)[1].split("</tr>", 1)[0]
    assert "No sign-in:" in row and "cannot use the links in a chaser" in row
    assert "/members/?email=helen.carr%40rutland.gov.uk#invite" in row
    assert f'aria-describedby="lead-{helen.pk}-no-sign-in"' in row  # the button carries the warning
    invite = admin.get(f"/councils/{home.council.slug}/members/?email=helen.carr%40rutland.gov.uk").content
    assert 'value="helen.carr@rutland.gov.uk"' in invite.decode()


def test_a_linked_lead_gets_no_warning(home, helen):
    ForumMeetingFactory(council=home.council, meets_on=date(2027, 1, 14))
    helen.user = member_client(home.council, Role.OFFICER).user
    helen.save()
    body = (
        member_client(home.council, Role.COUNCIL_ADMIN).get(f"/councils/{home.council.slug}/returns/").content
    )
    row = body.decode().split(f'id="lead-{helen.pk}"', 1)[1].split("</tr>", 1)[0]
    assert "No sign-in" not in row and "Send chaser<" in row
