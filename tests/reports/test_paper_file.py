"""A published report's Word paper is built once and then served as it is; while one request builds it,
another is asked to try again instead of building it too."""

import io

import pytest
from django.core.cache import cache
from docx import Document

from accounts.models import Role
from reports.paper_file import _key
from tests.conftest import member_client
from tests.factories import tiny_png


@pytest.fixture
def builds(monkeypatch):
    """How many times the paper is built (charts stubbed: drawing them is tested in test_word_paper)."""
    monkeypatch.setattr("reports.word_paper.chart_pngs", lambda figures: [tiny_png() for _ in figures])
    from reports import word_paper

    counted = {"n": 0}
    original = word_paper.forum_paper

    def counting(snapshot, **kwargs):
        counted["n"] += 1
        return original(snapshot, **kwargs)

    monkeypatch.setattr(word_paper, "forum_paper", counting)
    return counted


def url(home, report):
    return f"/councils/{home.council.slug}/reports/{report.pk}/paper.docx"


def test_it_builds_the_paper_once_for_every_download(home, published, builds):
    for role in (Role.FORUM, Role.OFFICER, Role.FORUM):
        response = member_client(home.council, role, username=f"u-{role}-{builds['n']}").get(
            url(home, published)
        )
        assert response.status_code == 200
        assert Document(io.BytesIO(response.content)).core_properties.title == published.title
    assert builds["n"] == 1  # today: 3, one per download


def test_a_download_while_it_is_being_built_is_asked_to_try_again(home, published, builds):
    cache.add(_key(published) + ":building", 1, 120)  # another request is building it
    response = member_client(home.council, Role.FORUM).get(url(home, published))
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert "The paper is being prepared" in response.content.decode()
    assert builds["n"] == 0
