"""Cached pages: right after a write they show it, and never one council's or role's page to another."""

import pytest

from accounts.models import Role
from tests.conftest import member_client
from tests.factories import MilestoneFactory, UserFactory
from workstreams import services
from workstreams.rag import Rag

PAGES = ["/councils/{slug}/", "/councils/{slug}/milestones/"]


def main(response) -> str:
    return response.content.decode().split("<main")[1].split("</main>")[0]


@pytest.mark.parametrize("page", PAGES)
def test_it_shows_a_milestone_update_on_the_next_request(home, page):
    client = member_client(home.council, Role.OFFICER)
    url = page.format(slug=home.council.slug)
    before = main(client.get(url))
    services.milestone_update(
        milestone=home.milestone,
        user=UserFactory(),
        expected_version=home.milestone.version,
        rag=Rag.AMBER,
        percent_complete=20,
        forecast_due=home.milestone.forecast_due,
        completed_on=None,
        commentary="Waiting for the contractor",
    )
    after = main(client.get(url))
    assert after.count("Amber") > before.count("Amber")


def test_it_shows_a_new_milestone_on_the_next_request(home):
    client = member_client(home.council, Role.FORUM)
    url = f"/councils/{home.council.slug}/milestones/"
    client.get(url)
    MilestoneFactory(workstream=home.workstream, title="Brand new milestone")
    assert "Brand new milestone" in main(client.get(url))


@pytest.mark.parametrize("page", PAGES)
def test_it_never_serves_one_councils_page_to_another(home, foreign, page):
    mine = member_client(home.council, Role.OFFICER)
    theirs = member_client(foreign.council, Role.OFFICER)
    assert "Home Council" in main(mine.get(page.format(slug=home.council.slug)))
    body = main(theirs.get(page.format(slug=foreign.council.slug)))
    assert "Foreign Council" in body and "Home Council" not in body


def test_it_keeps_each_roles_dashboard_its_own(home):
    url = f"/councils/{home.council.slug}/"
    admin = main(member_client(home.council, Role.COUNCIL_ADMIN).get(url))
    forum = main(member_client(home.council, Role.FORUM).get(url))
    assert "signed in as <strong>Council admin</strong>" in admin
    assert "signed in as <strong>Schools Forum member</strong>" in forum
    assert "Download the tracker" in admin and "Download the tracker" not in forum


def test_it_keeps_each_filter_its_own(home):
    MilestoneFactory(workstream=home.workstream, title="A red one", rag=Rag.RED)
    client = member_client(home.council, Role.OFFICER)
    url = f"/councils/{home.council.slug}/milestones/"
    assert "A red one" in main(client.get(url))
    assert "A red one" not in main(client.get(url + "?rag=green"))
