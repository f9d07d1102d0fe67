import io

import pytest
from docx import Document

from accounts.models import Role
from tests.conftest import ROLES, member_client
from tests.factories import tiny_png

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture(autouse=True)
def no_browser(monkeypatch):
    """The view's own behaviour here; drawing the charts is tested in test_word_paper."""
    monkeypatch.setattr("reports.word_paper.chart_pngs", lambda figures: [tiny_png() for _ in figures])


def url(home, report):
    return f"/councils/{home.council.slug}/reports/{report.pk}/paper.docx"


@pytest.mark.parametrize("role", ROLES)
def test_every_member_downloads_the_published_paper(home, published, role):
    response = member_client(home.council, role).get(url(home, published))
    assert response.status_code == 200 and response["Content-Type"] == DOCX
    assert "home-council-schools-forum-2024-11-07.docx" in response["Content-Disposition"]
    assert Document(io.BytesIO(response.content)).core_properties.title == published.title


def test_a_draft_has_no_paper(home, draft):
    assert member_client(home.council, Role.COUNCIL_ADMIN).get(url(home, draft)).status_code == 404


def test_it_is_a_404_for_another_councils_report(home, foreign_published):
    assert (
        member_client(home.council, Role.COUNCIL_ADMIN).get(url(home, foreign_published)).status_code == 404
    )


def test_it_asks_anonymous_visitors_to_sign_in(client, home, published):
    assert client.get(url(home, published)).status_code == 302
