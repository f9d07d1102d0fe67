"""The High Needs Stability Grant evidence: finance and council admins only (403 for other roles, 404 for
another council), recorded writes, refusals, and the same figures on the page, in Excel and in Word."""

import datetime as dt
import io
from datetime import date
from decimal import Decimal as D

import docx
import openpyxl
import pytest
import time_machine

from accounts.models import Role
from core.errors import Refused
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


# --- a year the DfE adds (the setting STABILITY_GRANT_YEARS) ----------------------------------------------


LATER = dt.datetime(2027, 12, 6, 10, 0, tzinfo=dt.UTC)  # the 2026-27 documents exist by then


@pytest.fixture
def two_years(settings):
    settings.STABILITY_GRANT_YEARS = (2025, 2026)
    with time_machine.travel(LATER, tick=False):
        yield


def test_a_second_year_is_offered_newest_first_and_each_keeps_its_own_figures(home, two_years):
    fill(home.council)  # 2025-26
    stability_figure_record(
        council=home.council, user=None, financial_year=2026, source="dsg_note", deficit=D(12000000),
        document="Statement of Accounts 2026-27, note 14", document_date=date(2027, 11, 30),
    )  # fmt: skip
    client = member_client(home.council, Role.FINANCE)
    newest = client.get(base(home)).content.decode()
    assert "deficit at 31 March 2027" in newest and "£12,000,000" in newest and "£9,800,000" not in newest
    assert 'href="?year=2025-26">Year ending 31 March 2026</a>' in newest
    assert 'aria-current="page">Year ending 31 March 2027</a>' in newest
    assert f'href="{base(home)}dsg_note/?year=2026-27"' in newest  # an edit link keeps its year
    older = client.get(base(home) + "?year=2025-26").content.decode()
    assert "deficit at 31 March 2026" in older and "£8,550,000" in older and "£12,000,000" not in older


def test_a_figure_of_the_second_year_is_saved_for_it_and_back_on_its_page(home, two_years):
    client = member_client(home.council, Role.FINANCE)
    form = {**FIGURE, "document_date-year": "2027", "document_date-month": "11"}
    response = client.post(base(home) + "dsg_note/?year=2026-27", form)
    assert response.status_code == 302 and response.url == base(home) + "?year=2026-27"
    assert StabilityFigure.objects.get().financial_year == 2026
    response = client.post(base(home) + "excluded/?year=2025-26", {"non_high_needs": "0"})
    assert response.url == base(home) + "?year=2025-26"
    assert StabilityClaim.objects.get().financial_year == 2025


def test_the_workbook_and_paper_of_a_chosen_year_are_that_years(home, two_years):
    fill(home.council)
    client = member_client(home.council, Role.FINANCE)
    older = client.get(base(home) + "evidence.xlsx?year=2025-26")
    newest = client.get(base(home) + "evidence.xlsx")
    assert "2026-03-31" in older["Content-Disposition"] and "2027-03-31" in newest["Content-Disposition"]
    paper = client.get(base(home) + "paper.docx?year=2025-26")
    assert "2026-03-31" in paper["Content-Disposition"]


@pytest.mark.parametrize("year", ["2024-25", "2027-28", "nonsense"])
def test_a_year_the_dfe_does_not_ask_for_is_a_404_and_refused_by_the_service(home, two_years, year):
    client = member_client(home.council, Role.FINANCE)
    for path in ("", "dsg_note/", "excluded/", "evidence.xlsx", "paper.docx"):
        assert client.get(f"{base(home)}{path}?year={year}").status_code == 404, path
    with pytest.raises(Refused, match="years ending 31 March 2026 and 31 March 2027 only"):
        stability_claim_record(council=home.council, user=None, financial_year=2024, non_high_needs=D(0))
    assert not StabilityClaim.objects.exists()


def test_one_year_shows_no_year_choice(home):
    page = member_client(home.council, Role.FINANCE).get(base(home)).content.decode()
    assert "The years the DfE asks evidence for" not in page and "?year=" not in page
