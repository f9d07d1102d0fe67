"""What a Schools Forum member needs on the dashboard: a link to the latest published report, leads' full
names (not initials behind a hover title), and a glossary of the plan's words (issue 21, item 12)."""

from datetime import UTC, date, datetime

import pytest
import time_machine

from accounts.models import Role
from reports import services
from tests.conftest import member_client
from tests.factories import LeadFactory, MilestoneFactory, UserFactory


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(datetime(2026, 12, 5, 10, 0, tzinfo=UTC), tick=False):
        yield


@pytest.fixture
def forum(home):
    return member_client(home.council, Role.FORUM)


def dashboard(home, forum) -> str:
    return forum.get(f"/councils/{home.council.slug}/").content.decode()


def test_it_links_to_the_latest_published_report(home, forum):
    author = UserFactory()
    older = services.report_create(
        plan=home.plan, user=author, meeting_date=date(2026, 6, 11), title="Summer"
    )
    services.report_publish(report=older, user=author)
    body = dashboard(home, forum)  # cached now: publishing another report must still show
    assert f"/reports/{older.pk}/" in body
    latest = services.report_create(
        plan=home.plan, user=author, meeting_date=date(2026, 10, 8), title="Autumn"
    )
    services.report_publish(report=latest, user=author)
    services.report_create(plan=home.plan, user=author, meeting_date=date(2027, 1, 14), title="Winter draft")
    body = dashboard(home, forum)
    link = body.split('id="latest-report">', 1)[1].split("</div>", 1)[0]
    assert f'href="/councils/{home.council.slug}/reports/{latest.pk}/">Autumn</a>' in link
    assert "8 October 2026" in link and "Winter draft" not in body


def test_it_has_no_report_link_before_any_report_is_published(home, forum):
    assert 'id="latest-report"' not in dashboard(home, forum)


def test_it_shows_leads_full_names(home, forum):
    lead = LeadFactory(council=home.council, name="Helen Carr", initials="HC")
    home.workstream.lead = lead
    home.workstream.save()
    MilestoneFactory(workstream=home.workstream, lead=lead)
    body = dashboard(home, forum)
    assert 'Helen Carr <span class="app-initials">(HC)</span>' in body and "<abbr" not in body
    page = forum.get(f"/councils/{home.council.slug}/workstreams/{home.workstream.pk}/")
    assert "Helen Carr" in page.content.decode() and "<abbr" not in page.content.decode()


def test_it_explains_the_jargon(home, forum):
    body = dashboard(home, forum)
    glossary = body.split('id="glossary"', 1)[1].split("</details>", 1)[0]
    for term in ("Unmitigated", "Stretch mitigated", "Upper and lower bound", "RAG", "EHCP"):
        assert term in glossary
