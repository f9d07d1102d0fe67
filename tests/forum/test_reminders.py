"""send_reminders: one digest per lead per meeting, whatever runs it how often."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from accounts import services as account_services
from forum.models import Reminder
from forum.services import reminders as services
from tests.clock import TODAY
from tests.factories import ForumMeetingFactory, LeadFactory, MembershipFactory, MilestoneFactory, UserFactory
from workstreams.models import Milestone


@pytest.fixture
def cycle(home):
    """A meeting whose updates are due in 5 days (inside the default 7 days' notice), and three leads."""
    meeting = ForumMeetingFactory(
        council=home.council,
        meets_on=TODAY + timedelta(days=14),
        papers_due=TODAY + timedelta(days=8),
        updates_due=TODAY + timedelta(days=5),
    )
    by_email = LeadFactory(council=home.council, name="Helen Carr", email="helen@home.example.org")
    claire = UserFactory(email="claire@x.org")
    MembershipFactory(user=claire, council=home.council, role="officer")  # mail goes to members only
    by_user = LeadFactory(council=home.council, name="Claire Cooper", user=claire)
    nothing_due = LeadFactory(council=home.council, name="Lucy Prior", email="lucy@home.example.org")
    MilestoneFactory(
        workstream=home.workstream, lead=by_email, title="Overdue one", forecast_due=TODAY - timedelta(days=3)
    )
    MilestoneFactory(
        workstream=home.workstream, lead=by_user, title="Due soon", forecast_due=TODAY + timedelta(days=10)
    )
    MilestoneFactory(
        workstream=home.workstream,
        lead=nothing_due,
        title="Far off",
        forecast_due=TODAY + timedelta(days=200),
    )
    return meeting, by_email, by_user, nothing_due


def run() -> str:
    out = StringIO()
    call_command("send_reminders", stdout=out)
    return out.getvalue()


def test_it_sends_each_lead_one_digest_however_often_it_runs(cycle):
    meeting, by_email, by_user, _ = cycle
    assert "Sent 2 reminders" in run()
    assert "Sent 0 reminders; 2 already sent" in run()
    assert sorted(m.to[0] for m in mail.outbox) == ["claire@x.org", "helen@home.example.org"]
    assert Reminder.objects.filter(meeting=meeting, sent_at__isnull=False).count() == 2


def test_the_digest_lists_what_needs_the_lead_with_links(cycle):
    run()
    helen = next(m for m in mail.outbox if m.to == ["helen@home.example.org"])
    assert "Overdue (1)" in helen.body and "Overdue one" in helen.body and "/returns/" in helen.body
    assert "ask your council's DSG recovery plan administrator" in helen.body  # no sign-in to opt out with
    claire = next(m for m in mail.outbox if m.to == ["claire@x.org"])
    assert "Due before the meeting (1)" in claire.body and "/account/" in claire.body
    assert claire.alternatives and claire.alternatives[0][1] == "text/html"


def test_a_lead_with_nothing_due_gets_nothing_until_a_milestone_is_stale(cycle):
    _, _, _, nothing_due = cycle
    run()
    assert not any(m.to == ["lucy@home.example.org"] for m in mail.outbox)
    Milestone.objects.filter(lead=nothing_due).update(updated_at=timezone.now() - timedelta(days=60))
    run()
    lucy = next(m for m in mail.outbox if m.to == ["lucy@home.example.org"])
    assert "Not updated since" in lucy.body and "Far off" in lucy.body


def test_it_respects_an_opt_out(cycle):
    _, _, by_user, _ = cycle
    account_services.preferences_update(user=by_user.user, receives_reminders=False)
    run()
    assert [m.to for m in mail.outbox] == [["helen@home.example.org"]]


def test_it_waits_for_the_councils_notice_period(home, cycle):
    meeting, *_ = cycle
    home.council.reminder_days = 3  # updates are due in 5 days: too early yet
    home.council.save()
    assert "Sent 0 reminders" in run()
    assert services.meetings_needing_reminders(today=TODAY + timedelta(days=2)) == [meeting]
    assert services.meetings_needing_reminders(today=TODAY + timedelta(days=6)) == []  # updates were due


def test_a_failed_send_releases_the_claim_so_the_next_run_retries(cycle, monkeypatch):
    from django.core.mail import EmailMultiAlternatives

    def broken(self, fail_silently=False):
        raise ConnectionRefusedError("SMTP server down")

    monkeypatch.setattr(EmailMultiAlternatives, "send", broken)
    with pytest.raises(CommandError, match="SMTP server down"):
        run()
    assert not Reminder.objects.exists()
    monkeypatch.undo()
    assert "Sent 2 reminders" in run()
