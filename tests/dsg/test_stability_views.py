"""The High Needs Stability Grant evidence: finance and council admins only (403 for other roles, 404 for
another council), recorded writes, refusals, and the same figures on the page, in Excel and in Word."""

import io
from datetime import date
from decimal import Decimal as D

import docx
import openpyxl
import pytest

from accounts.models import Role
from dsg.models import StabilityClaim, StabilityFigure
from dsg.services import stability_claim_record, stability_figure_record
from tests.conftest import ROLES, member_client
from tests.dsg.conftest import EDITORS, READERS, client_as


def base(world):
    return f"/councils/{world.council.slug}/dsg/stability-grant/"


FIGURE = {
    "unit": "pounds",
    "deficit": "9,800,000",
    "document": "Statement of Accounts 2025-26, note 14",
    "document_date-day": "30",
    "document_date-month": "9",
    "document_date-year": "2026",
    "explanation": "",
}


def fill(council, user=None):
    for source, amount in (("dsg_note", "9800000"), ("assurance", "10000000"), ("accounts", "9800000")):
        stability_figure_record(
            council=council, user=user, financial_year=2025, source=source, deficit=D(amount),
            document=f"{source} document", document_date=date(2026, 9, 30),
            explanation="Accrual after the note" if source == "assurance" else "",
        )  # fmt: skip
    stability_claim_record(council=council, user=user, financial_year=2025, non_high_needs=D(300000))


@pytest.mark.parametrize("who", EDITORS)
def test_finance_and_admins_see_the_evidence_and_the_grant(home, who):
    fill(home.council)
    page = client_as(home.council, who).get(base(home)).content.decode()
    assert "£9,800,000" in page and "£9,500,000" in page and "£8,550,000" in page
    assert "Lowest" in page and "Accrual after the note" in page
    assert "Not entered yet: s251 outturn return (line 1.9.3); Revenue Outturn return." in page
    assert "None" not in page


@pytest.mark.parametrize("who", READERS)
def test_officers_and_forum_members_are_refused(home, who):
    client = client_as(home.council, who)
    for path in ("", "dsg_note/", "excluded/", "evidence.xlsx", "paper.docx"):
        assert client.get(base(home) + path).status_code == 403, path
    assert client.post(base(home) + "dsg_note/", FIGURE).status_code == 403
    assert not StabilityFigure.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_another_councils_evidence_is_a_404(home, foreign, role):
    client = member_client(home.council, role)
    for path in ("", "dsg_note/", "excluded/", "evidence.xlsx", "paper.docx"):
        assert client.get(base(foreign) + path).status_code == 404, path


def test_the_page_costs_a_fixed_number_of_queries(home, django_assert_num_queries):
    client = member_client(home.council, Role.FINANCE)
    client.get(base(home))
    with django_assert_num_queries(6) as few:
        client.get(base(home))
    fill(home.council)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(base(home))


@pytest.mark.parametrize("who", EDITORS)
def test_a_figure_is_recorded_with_its_document_and_who(home, who):
    client = client_as(home.council, who)
    assert client.get(base(home) + "dsg_note/").status_code == 200
    response = client.post(base(home) + "dsg_note/", FIGURE)
    assert response.status_code == 302 and response.url == base(home)
    figure = StabilityFigure.objects.get()
    assert (figure.source, figure.deficit) == ("dsg_note", D(9800000))
    assert figure.document_date == date(2026, 9, 30)
    assert figure.history.first().history_user == client.user


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"deficit": "-9,800,000"}, "must not be negative"),
        ({"document": ""}, "Name the document the figure comes from"),
        ({"document_date-month": "3"}, "must be dated after the year end (31 March 2026)"),
        ({"document_date-year": "2027"}, "must not be in the future"),
        ({"unit": "millions", "deficit": "9800000"}, "looks like pounds"),
    ],
)
def test_bad_figures_are_refused_and_nothing_saved(home, changes, message):
    response = member_client(home.council, Role.FINANCE).post(base(home) + "dsg_note/", {**FIGURE, **changes})
    assert response.status_code == 200 and message in response.content.decode()
    assert not StabilityFigure.objects.exists()


def test_an_unknown_figure_is_a_404(home):
    assert member_client(home.council, Role.FINANCE).get(base(home) + "horoscope/").status_code == 404


def test_the_part_that_is_not_high_needs_is_recorded(home):
    client = member_client(home.council, Role.COUNCIL_ADMIN)
    response = client.post(base(home) + "excluded/", {"non_high_needs": "300,000", "note": "Early Years"})
    assert response.status_code == 302
    assert StabilityClaim.objects.get().non_high_needs == D(300000)
    refused = client.post(base(home) + "excluded/", {"non_high_needs": "-1"})
    assert "must not be negative" in refused.content.decode()


def test_the_workbook_and_the_word_paper_give_the_pages_figures(home):
    fill(home.council)
    client = member_client(home.council, Role.FINANCE)
    workbook = client.get(base(home) + "evidence.xlsx").content
    book = openpyxl.load_workbook(io.BytesIO(workbook), data_only=True)
    sheet = book["Stability grant evidence"]
    values = {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row and row[0]}
    assert values["DSG note in the statement of accounts"] == 9800000
    assert values["Lowest of the five figures"] == 9800000
    assert values["Eligible deficit"] == 9500000
    assert values["Grant: 90% of the eligible deficit"] == 8550000
    paper = docx.Document(io.BytesIO(client.get(base(home) + "paper.docx").content))
    text = "\n".join(cell.text for table in paper.tables for row in table.rows for cell in row.cells)
    assert "£9,800,000" in text and "£9,500,000" in text and "£8,550,000" in text
