"""Council admins see each lead's return and send a chaser (the locmem outbox catches it)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import Role
from forum.models import Reminder, ReminderKind
from tests.clock import TODAY
from tests.conftest import ROLES, member_client
from tests.factories import ForumMeetingFactory, LeadFactory, MilestoneFactory, UserFactory
from workstreams.models import Milestone


@pytest.fixture
def leads(home):
    meeting = ForumMeetingFactory(council=home.council, meets_on=TODAY + timedelta(days=20))
    behind = LeadFactory(
        council=home.council, name="Helen Carr", initials="HC", email="helen@rutland.example.org"
    )
    done = LeadFactory(
        council=home.council, name="Claire Cooper", initials="CC", user=UserFactory(email="cc@x.org")
    )
    late = MilestoneFactory(workstream=home.workstream, lead=behind, forecast_due=TODAY - timedelta(days=40))
    MilestoneFactory(workstream=home.workstream, lead=behind)
    fresh = MilestoneFactory(workstream=home.workstream, lead=done)
    Milestone.objects.exclude(pk=fresh.pk).update(updated_at=timezone.now() - timedelta(days=60))
    return meeting, behind, done, late


def url(home, suffix=""):
    return f"/councils/{home.council.slug}/returns/{suffix}"


def test_it_shows_each_leads_return_most_to_do_first(home, leads):
    meeting, behind, done, _ = leads
    body = member_client(home.council, Role.COUNCIL_ADMIN).get(url(home)).content.decode()
    assert body.index("Helen Carr") < body.index("Claire Cooper")
    assert "0 of 2" in body and "1 overdue" in body and "1 of 1" in body
    assert "1 of 2 leads have updated every open milestone" in body


def test_it_sends_a_chaser_and_records_it(home, leads, django_capture_on_commit_callbacks):
    meeting, behind, _, late = leads
    client = member_client(home.council, Role.COUNCIL_ADMIN)
    with django_capture_on_commit_callbacks() as sending:
        response = client.post(url(home, f"{behind.pk}/chase/"))
    assert response.status_code == 302
    assert mail.outbox == [] and len(sending) == 1  # nothing goes before the record is saved for good
    assert Reminder.objects.get(lead=behind).sent_at is None
    sending[0]()
    assert Reminder.objects.get(lead=behind).sent_at is not None
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["helen@rutland.example.org"]
    assert email.subject.startswith("Please update your milestones by")
    text = email.body
    assert late.title in text and "overdue 1 month" in text and f"/returns/{behind.pk}/" in text
    html = email.alternatives[0][0]
    assert "<a href=" in html and late.title in html
    reminder = Reminder.objects.get()
    assert (reminder.kind, reminder.sent_by, reminder.meeting) == (ReminderKind.CHASER, client.user, meeting)
    assert "Chased" in client.get(url(home)).content.decode()


def test_it_says_so_when_a_lead_has_no_address(home, leads):
    lead = LeadFactory(council=home.council, name="No Address")
    MilestoneFactory(workstream=home.workstream, lead=lead)
    client = member_client(home.council, Role.COUNCIL_ADMIN)
    response = client.post(url(home, f"{lead.pk}/chase/"), follow=True)
    assert "No Address has no email address" in response.content.decode()
    assert not mail.outbox and not Reminder.objects.exists()


@pytest.mark.parametrize("role", [r for r in ROLES if r != Role.COUNCIL_ADMIN])
def test_it_is_for_council_admins_only(home, leads, role):
    client = member_client(home.council, role)
    assert client.get(url(home)).status_code == 403
    assert client.post(url(home, f"{leads[1].pk}/chase/")).status_code == 403
    assert not mail.outbox


def test_it_is_a_404_for_another_councils_lead(home, foreign, leads):
    other = LeadFactory(council=foreign.council, email="x@foreign.example.org")
    client = member_client(home.council, Role.COUNCIL_ADMIN)
    assert client.post(url(home, f"{other.pk}/chase/")).status_code == 404
    assert not mail.outbox


def test_it_costs_the_same_queries_for_few_and_many_leads(home, leads, django_assert_max_num_queries):
    client = member_client(home.council, Role.COUNCIL_ADMIN)
    for n in (1, 15):
        for i in range(n):
            lead = LeadFactory(council=home.council, email=f"l{n}-{i}@x.org")
            MilestoneFactory.create_batch(2, workstream=home.workstream, lead=lead)
        with django_assert_max_num_queries(11):
            assert client.get(url(home)).status_code == 200
