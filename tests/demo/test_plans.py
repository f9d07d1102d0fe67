import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from accounts.models import Membership, Role
from demo.plans import DEMO_DIR, DEMO_SLUGS, counts_for, load_demo
from recovery.models import Council, LeadOfficer
from workstreams.models import Milestone, Workstream

pytestmark = pytest.mark.django_db


def all_counts():
    return {c.slug: counts_for(c).counts for c in Council.objects.all()}


def test_it_is_idempotent():
    load_demo()
    first = all_counts()
    history_rows = Milestone.history.count()
    load_demo()
    assert all_counts() == first
    assert Milestone.history.count() == history_rows  # nothing was re-saved


def test_it_loads_the_four_seed_councils_with_their_codes():
    load_demo()
    codes = dict(Council.objects.values_list("slug", "la_code"))
    assert codes == {"rutland": "857", "wiltshire": "865", "warwickshire": "937", "stockton-on-tees": "808"}


def test_it_loads_each_councils_workstreams_from_its_fixture():
    load_demo()
    expected = {
        "rutland": 9,  # seed 002's nine key improvement actions
        "wiltshire": 9,  # seed 001's nine projects to recover the HNB deficit
        "warwickshire": 4,  # seed 003's four DBV workstreams
        "stockton-on-tees": 8,  # seed 004's DBV initiatives a-h
    }
    for slug, n in expected.items():
        assert Workstream.objects.filter(plan__council__slug=slug).count() == n
    codes = list(
        Workstream.objects.filter(plan__council__slug="stockton-on-tees").values_list("code", flat=True)
    )
    assert codes == list("abcdefgh")


def test_it_keeps_the_seed_wording_and_leads():
    load_demo()
    nurture = Workstream.objects.get(plan__council__slug="rutland", code="1")
    assert nurture.lead.initials == "LCJ"
    assert nurture.lead.name == "Louise Crookenden-Johnson"
    assert "Edith Weston" in " ".join(nurture.milestones.values_list("title", flat=True))


def test_it_matches_the_fixture_counts():
    load_demo()
    for slug in DEMO_SLUGS:
        data = json.loads((DEMO_DIR / f"{slug}.json").read_text())
        council = Council.objects.get(slug=slug)
        counts = counts_for(council).counts
        assert counts["workstreams"] == len(data["workstreams"])
        assert counts["milestones"] == sum(len(w["milestones"]) for w in data["workstreams"])
        assert counts["leads"] == len(data["leads"])
        assert data["invented"], f"{slug} must say which values are invented"


def test_it_creates_the_demo_users_with_their_roles():
    load_demo()
    User = get_user_model()
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.check_password("dsg-demo-2026")
    for slug in DEMO_SLUGS:
        for suffix, role in [
            ("officer", Role.OFFICER),
            ("finance", Role.FINANCE),
            ("forum", Role.FORUM),
            ("admin", Role.COUNCIL_ADMIN),
        ]:
            user = User.objects.get(username=f"{slug}-{suffix}")
            assert user.check_password("dsg-demo-2026") and not user.is_superuser
            assert Membership.objects.get(user=user).council.slug == slug
            assert Membership.objects.get(user=user).role == role
        # the officer leads milestones, so "My milestones" is not empty
        assert LeadOfficer.objects.get(user__username=f"{slug}-officer").milestones.exists()


def test_the_command_prints_counts_and_accounts(capsys):
    call_command("load_demo")
    out = capsys.readouterr().out
    assert "Rutland: 9 workstreams" in out
    assert "rutland-officer" in out and "dsg-demo-2026" in out


def test_a_second_run_keeps_officers_updates():
    from workstreams.rag import Rag
    from workstreams.services import milestone_update

    load_demo()
    milestone = Milestone.objects.filter(workstream__plan__council__slug="rutland", rag=Rag.GREEN).first()
    officer = get_user_model().objects.get(username="rutland-officer")
    milestone_update(
        milestone=milestone,
        user=officer,
        expected_version=milestone.version,
        rag=Rag.RED,
        percent_complete=5,
        forecast_due=milestone.forecast_due,
        completed_on=None,
        commentary="Provider withdrew",
    )
    load_demo()
    milestone.refresh_from_db()
    assert milestone.rag == Rag.RED and milestone.commentary == "Provider withdrew"


def test_each_council_gets_its_next_three_forum_meetings_the_first_within_three_weeks():
    from datetime import date, timedelta

    from forum.models import ForumMeeting

    today = date(2026, 12, 1)
    load_demo(today=today)
    for slug in DEMO_SLUGS:
        upcoming = list(
            ForumMeeting.objects.filter(council__slug=slug, meets_on__gte=today).order_by("meets_on")
        )
        assert len(upcoming) == 3, slug
        assert upcoming[0].meets_on <= today + timedelta(days=21)
        assert upcoming[0].updates_due - timedelta(days=7) <= today + timedelta(days=21)
    load_demo(today=today + timedelta(days=2))  # another day's run adds no meetings
    assert ForumMeeting.objects.filter(meets_on__gte=today).count() == 3 * len(DEMO_SLUGS)


def test_the_last_meetings_report_is_published_with_the_seeds_words():
    from datetime import date

    from reports.models import ForumReport

    load_demo(today=date(2026, 12, 1))
    rutland = ForumReport.objects.get(plan__council__slug="rutland")
    assert rutland.is_published and rutland.meeting_date < date(2026, 12, 1)
    assert rutland.snapshot["purpose"] == [
        "To update members of School Forum on the implementation of the Recovery Plan projects which are "
        "designed to reduce the existing pressure on the DSG High Needs Block."
    ]
    assert rutland.snapshot["recommendations"] == [
        "Members of School Forum note the project progress to date."
    ]
    assert ForumReport.objects.filter(status="published").count() == len(DEMO_SLUGS)


def test_leads_get_demo_addresses_never_a_real_councils():
    from recovery.models import LeadOfficer

    load_demo()
    emails = list(LeadOfficer.objects.values_list("council__slug", "email"))
    assert emails and all(email.endswith(f"@{slug}.example.org") for slug, email in emails)
    assert "bernadette.caffrey@rutland.example.org" in {email for _, email in emails}
