"""Publishing the DSG management plan builds each version's Word paper once (a background job); every role of
the council downloads it; its tables are the frozen version's figures, never the live plan's."""

import io
from datetime import date

import docx
import pytest
from django.core.cache import cache

from accounts.models import Role
from dfe.services import release_import
from dsg.models import PlanVersion
from dsg.services import narrative_save, plan_publish, sign_off_record
from recovery import data_version
from recovery.models import Council
from tests.conftest import ROLES, member_client
from tests.dfe.conftest import fixture_bytes
from tests.dsg.conftest import EDITORS, READERS, add_plan_records, client_as
from tests.factories import DsgLineFactory, PlanFactory


@pytest.fixture
def plan_records(home):
    add_plan_records(home.council)


def paper_url(council, number):
    return f"/councils/{council.slug}/dsg/plan/versions/{number}/paper.docx"


def tables(content: bytes) -> list[list[list[str]]]:
    """Each table of the paper as its rows of cell texts, the header row left out."""
    paper = docx.Document(io.BytesIO(content))
    return [[[c.text for c in row.cells] for row in table.rows[1:]] for table in paper.tables]


def texts(rows) -> list[list[str]]:
    return [[str(value) for value in row] for row in rows]


def test_publishing_builds_the_paper_once_and_a_download_serves_it(
    home, plan_records, django_capture_on_commit_callbacks
):
    client = member_client(home.council, Role.COUNCIL_ADMIN)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(f"/councils/{home.council.slug}/dsg/plan/publish/")
    assert response.status_code == 302
    jobs = [c for c in callbacks if not isinstance(getattr(c, "__self__", None), data_version._Changes)]
    assert len(jobs) == 1  # the paper's job
    version = PlanVersion.objects.get(council=home.council)
    kept = cache.get(f"dsg-plan-paper:{version.pk}:{version.published_at.isoformat()}")
    assert kept is not None and kept[:2] == b"PK"
    download = client.get(paper_url(home.council, 1))
    assert download.content == kept
    assert (
        download["Content-Disposition"] == 'attachment; filename="home-council-dsg-management-plan-v1.docx"'
    )
    plan = client.get(f"/councils/{home.council.slug}/dsg/plan/").content.decode()
    assert paper_url(home.council, 1) in plan  # the version list links its paper


@pytest.mark.parametrize("who", [*READERS, *EDITORS])
def test_every_role_downloads_a_published_versions_paper(home, plan_records, who):
    plan_publish(council=home.council, user=None)
    response = client_as(home.council, who).get(paper_url(home.council, 1))
    assert response.status_code == 200 and response.content[:2] == b"PK"


@pytest.mark.parametrize("role", ROLES)
def test_another_councils_paper_and_a_missing_version_are_a_404(home, foreign, role):
    plan_publish(council=foreign.council, user=None)
    client = member_client(home.council, role)
    assert client.get(paper_url(foreign.council, 1)).status_code == 404
    assert client.get(paper_url(home.council, 1)).status_code == 404


def test_the_papers_tables_are_the_frozen_versions_figures(home, plan_records):
    version = plan_publish(council=home.council, user=None)
    # The plan changes after publishing: the paper still shows what the version froze.
    DsgLineFactory(council=home.council, financial_year=2025, block="schools")
    narrative_save(council=home.council, user=None, section="outcomes", text="Written after publishing.")
    sign_off_record(
        council=home.council, user=None, role="dcs", name="Late Signer", signed_on=date(2026, 12, 1)
    )
    content = member_client(home.council, Role.FORUM).get(paper_url(home.council, 1)).content
    snapshot = version.snapshot
    end_of_year, blocks, sign_offs, log, engagements = tables(content)
    assert (
        end_of_year == texts(snapshot["end_of_year"]) and ["2024-25", "Outturn", "−£750,000"] in end_of_year
    )
    assert blocks == texts(snapshot["blocks"])
    assert (
        sign_offs
        == texts(snapshot["sign_offs"])
        == [["Section 151 officer", "A Treasurer", "1 November 2026"]]
    )
    assert log == texts(snapshot["workstreams"]) and engagements == texts(snapshot["engagements"])
    body = "\n".join(p.text for p in docx.Document(io.BytesIO(content)).paragraphs)
    assert "More children in mainstream." in body and "14 January 2027" in body
    assert "Written after publishing." not in body and "Late Signer" not in body


def test_the_papers_children_are_the_versions_sen2_figures(db):
    for name in ("la_codes.csv", "ehcp_2025_demand.zip", "ehcp_2025_extract.zip"):
        release_import(data=fixture_bytes(name), file_name=name, user=None)
    council = Council.objects.get(la_code="857")
    PlanFactory(council=council, first_year=2024, last_year=2028)
    version = plan_publish(council=council, user=None)
    children = version.snapshot["children"]
    content = member_client(council, Role.FORUM).get(paper_url(council, 1)).content
    by_age, by_need = [
        t for t in tables(content) if t and t[0][0] in ("Mainstream schools", children["needs"][0][0])
    ]
    assert by_age == texts(children["groups"]) and len(by_age) == 7
    assert by_need == texts(children["needs"])
    assert sum(int(n) for _, n in by_need) == 376  # Rutland, January 2025
