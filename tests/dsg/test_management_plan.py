"""The DSG management plan: its records (engagement, sign-off, narrative), the page for every role, another
council's 404, the workbook in the template's tab order with the ledger's figures."""

import io
from datetime import date

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Role
from core.errors import Refused
from dsg.models import PlanNarrative, PlanSignOff, PlanVersion, StakeholderEngagement
from dsg.plan import TABS
from dsg.services import engagement_record, narrative_save, plan_publish, sign_off_record
from projections.stored_figures import stored_figures_refresh
from recovery.data_version import data_changed
from tests.conftest import ROLES, member_client
from tests.dsg.conftest import EDITORS, READERS, add_plan_records, client_as
from tests.factories import DsgLineFactory, MilestoneFactory
from tests.reports.test_page_cache import main


def url(world, path=""):
    return f"/councils/{world.council.slug}/dsg/plan/{path}"


@pytest.fixture
def plan_records(home):
    add_plan_records(home.council)


@pytest.mark.parametrize("who", [*READERS, *EDITORS])
def test_every_role_reads_the_plan(home, plan_records, who):
    page = client_as(home.council, who).get(url(home)).content.decode()
    assert "DSG management plan" in page and "−£750,000" in page  # the ledger's carried forward
    assert "Two new resourced units" in page and "A Treasurer" in page and "14 January 2027" in page
    assert "More children in mainstream." in page and "Home Council nurture approach" in page
    assert ("Record a sign-off" in page) == (who in EDITORS)
    assert "None" not in page


@pytest.mark.parametrize("role", ROLES)
def test_another_councils_plan_is_a_404(home, foreign, role):
    client = member_client(home.council, role)
    for path in ("", "engagements/new/", "sign-offs/new/", "narrative/outcomes/", "workbook.xlsx"):
        assert client.get(url(foreign, path)).status_code == 404, path


@pytest.mark.parametrize("who", READERS)
def test_readers_cannot_change_the_plan(home, who):
    client = client_as(home.council, who)
    for path in ("engagements/new/", "sign-offs/new/", "narrative/outcomes/"):
        assert client.get(url(home, path)).status_code == 403
    assert client.post(url(home, "narrative/outcomes/"), {"text": "x"}).status_code == 403
    assert not PlanNarrative.objects.exists()


def test_the_page_costs_a_fixed_number_of_queries(
    home, django_assert_num_queries, django_assert_max_num_queries
):
    client = member_client(home.council, Role.FORUM)
    client.get(url(home))  # the session's first-visit writes; the page's fragment is stored
    with django_assert_max_num_queries(4):  # a hit: session, user, council (its version), the fragment
        client.get(url(home))
    data_changed(council=home.council)
    with CaptureQueriesContext(connection) as few:  # a miss: the plan's 13 reads and the cache's own
        client.get(url(home))
    assert len(few.captured_queries) <= 4 + 13 + 4
    for n in range(3):
        engagement_record(council=home.council, user=None, group="members", held_on=date(2026, 9, n + 1),
                          discussed="Update")  # fmt: skip
        sign_off_record(council=home.council, user=None, role="dcs", name=f"D{n}", signed_on=date(2026, 9, 1))
        DsgLineFactory(
            council=home.council,
            financial_year=2024 + n % 2,
            block=["central", "early_years", "high_needs"][n],
        )
        MilestoneFactory(workstream=home.workstream, completed_on=date(2026, 8, n + 1) if n else None)
    # The first view after these writes reads the forecast figures live and stores them; the next one
    # reads the stored row, as this does.
    stored_figures_refresh(council_ids=[home.council.pk])
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url(home))


def test_a_cached_plan_shows_a_write_at_once_and_keeps_each_roles_buttons(home, plan_records):
    forum = member_client(home.council, Role.FORUM)
    admin = member_client(home.council, Role.COUNCIL_ADMIN)
    assert "Publish this plan" in admin.get(url(home)).content.decode()
    page = main(forum.get(url(home)))
    assert "Publish this plan" not in page and "csrfmiddlewaretoken" not in page  # not another role's token
    narrative_save(council=home.council, user=None, section="outcomes", text="Fewer out-of-area places.")
    assert "Fewer out-of-area places." in forum.get(url(home)).content.decode()
    response = admin.post(url(home, "publish/"))  # the button posts through the form outside the fragment
    assert response.status_code == 302 and PlanVersion.objects.filter(council=home.council).count() == 1


@pytest.mark.parametrize("who", EDITORS)
def test_editors_record_engagement_sign_off_and_narrative(home, who):
    client = client_as(home.council, who)
    data = {"group": "health", "held_on-day": "3", "held_on-month": "11", "held_on-year": "2026",
            "discussed": "Therapies", "changed": ""}  # fmt: skip
    assert client.post(url(home, "engagements/new/"), data).status_code == 302
    data = {"role": "forum_chair", "name": "C Chair", "signed_on-day": "4", "signed_on-month": "11",
            "signed_on-year": "2026"}  # fmt: skip
    assert client.post(url(home, "sign-offs/new/"), data).status_code == 302
    assert client.post(url(home, "narrative/trends/"), {"text": "Growth slowing"}).status_code == 302
    assert "Growth slowing" in client.get(url(home, "narrative/trends/")).content.decode()  # carried forward
    assert client.post(url(home, "narrative/trends/"), {"text": "Growth slowed"}).status_code == 302
    narrative = PlanNarrative.objects.get()
    assert narrative.text == "Growth slowed" and narrative.history.count() == 2
    assert StakeholderEngagement.objects.get().history.first().history_user == client.user
    assert PlanSignOff.objects.get().name == "C Chair"


def test_bad_records_are_refused_and_nothing_saved(home):
    with pytest.raises(Refused, match="must not be in the future"):
        engagement_record(
            council=home.council, user=None, group="parents", held_on=date(2027, 1, 1), discussed="x"
        )
    with pytest.raises(Refused, match="Say what was discussed"):
        engagement_record(
            council=home.council, user=None, group="parents", held_on=date(2026, 1, 1), discussed=" "
        )
    with pytest.raises(Refused, match="Choose who signed"):
        sign_off_record(council=home.council, user=None, role="mayor", name="M", signed_on=date(2026, 1, 1))
    with pytest.raises(Refused, match="Write the section"):
        narrative_save(council=home.council, user=None, section="outcomes", text="")
    assert not (
        StakeholderEngagement.objects.exists()
        or PlanSignOff.objects.exists()
        or PlanNarrative.objects.exists()
    )
    response = member_client(home.council, Role.FINANCE).post(
        url(home, "narrative/horoscope/"), {"text": "x"}
    )
    assert response.status_code == 404


def test_the_workbook_has_the_templates_tabs_and_the_ledgers_figures(home, plan_records):
    data = member_client(home.council, Role.FORUM).get(url(home, "workbook.xlsx")).content
    book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    assert book.sheetnames == list(TABS)
    summary = {
        (r[0], r[2]): r
        for r in book["Financial summary"].iter_rows(values_only=True)
        if r and r[0] == "2024-25"
    }
    assert summary[("2024-25", "High Needs")][6] == -250000  # in-year, the formula's cached value
    assert summary[("2024-25", "DSG total")][8] == -750000
    log = [r[0] for r in book["Governance"].iter_rows(values_only=True) if r and r[0]]
    assert "1. Home Council nurture approach" in log
    engagement = list(book["Stakeholder engagement"].iter_rows(values_only=True))
    assert engagement[1][0] == "Parents and carers"


def test_a_council_admin_publishes_a_frozen_version_and_the_narrative_carries_on(home, plan_records):
    client = member_client(home.council, Role.COUNCIL_ADMIN)
    response = client.post(url(home, "publish/"))
    assert response.status_code == 302 and response.url == url(home, "versions/1/")
    narrative_save(council=home.council, user=None, section="outcomes", text="Fewer placements out of area.")
    first = client.get(url(home, "versions/1/")).content.decode()
    assert "More children in mainstream." in first and "Fewer placements" not in first
    assert "−£750,000" in first and "Two new resourced units" in first and "None" not in first
    assert "Fewer placements out of area." in client.get(url(home, "narrative/outcomes/")).content.decode()
    client.post(url(home, "publish/"))
    second = member_client(home.council, Role.FORUM).get(url(home, "versions/2/")).content.decode()
    assert "Fewer placements out of area." in second
    assert PlanVersion.objects.get(number=1).history.first().history_user == client.user


@pytest.mark.parametrize("role", [Role.OFFICER, Role.FINANCE, Role.FORUM])
def test_only_council_admins_publish(home, role):
    assert member_client(home.council, role).post(url(home, "publish/")).status_code == 403
    assert not PlanVersion.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_another_councils_version_is_a_404(home, foreign, role):
    plan_publish(council=foreign.council, user=None)
    client = member_client(home.council, role)
    assert client.get(url(home, "versions/1/")).status_code == 404
    assert client.get(url(foreign, "versions/1/")).status_code == 404
    assert client.post(url(foreign, "publish/")).status_code == 404
    assert PlanVersion.objects.count() == 1
