"""The council's "DfE figures" page and its Excel download, for every role; another council's is a 404."""

import io

import openpyxl
import pytest

from accounts.models import Role
from dfe.services import release_import
from recovery.models import Council
from tests.conftest import ROLES, member_client
from tests.dfe.conftest import fixture_bytes
from tests.factories import CouncilFactory


def load(name):
    release_import(data=fixture_bytes(name), file_name=name.split("/")[-1], user=None)


@pytest.fixture
def stockton(db):
    council = CouncilFactory(
        name="Stockton-on-Tees", slug="stockton-on-tees", la_code="808", gss_code="E06000004"
    )
    load("la_codes.csv")
    load("ehcp_2025_extract.zip")
    load("dedicated-schools-grant_2021_11_18.ods")
    load("dedicated-schools-grant_2024_07_20.ods")
    return council


@pytest.mark.parametrize("role", ROLES)
def test_every_role_of_the_council_reads_its_dfe_figures(stockton, role):
    response = member_client(stockton, role).get("/councils/stockton-on-tees/dfe/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="govuk-heading-l">DfE figures</h1>' in html
    assert "January 2024" in html and "2,080" in html
    assert "£39,254,508" in html  # High needs block 2023-24 before deductions
    assert "Source: DfE, Education, health and care plans, June 2025 (data/caseload.csv)" in html
    assert "DfE, Dedicated schools grant allocations, July 2024" in html
    assert "None" not in html


@pytest.mark.parametrize("role", ROLES)
def test_another_councils_dfe_figures_are_a_404(stockton, role):
    other = CouncilFactory(slug="elsewhere")
    client = member_client(other, role)
    assert client.get("/councils/stockton-on-tees/dfe/").status_code == 404
    assert client.get("/councils/stockton-on-tees/dfe/figures.xlsx").status_code == 404


def test_it_needs_a_sign_in(stockton, client):
    response = client.get("/councils/stockton-on-tees/dfe/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_staff_read_any_council(stockton, staff_client):
    assert staff_client.get("/councils/stockton-on-tees/dfe/").status_code == 200


def test_a_council_without_figures_says_so(db):
    council = CouncilFactory(slug="new-council")
    html = member_client(council, Role.FORUM).get("/councils/new-council/dfe/").content.decode()
    assert "No DfE figures have been imported for" in html


def test_a_successor_council_is_told_whose_figures_came_before(db):
    load("la_codes.csv")
    load("ehcp_2025_extract.zip")
    client = member_client(Council.objects.get(la_code="940"), Role.OFFICER)
    html = client.get("/councils/north-northamptonshire/dfe/").content.decode()
    assert "under Northamptonshire (LA 928)" in html
    assert "January 2021" not in html  # Northamptonshire's last census is not North Northamptonshire's
    assert "January 2022" in html


def test_the_page_costs_a_fixed_number_of_queries(stockton, django_assert_max_num_queries):
    client = member_client(stockton, Role.FORUM)
    with django_assert_max_num_queries(12):
        assert client.get("/councils/stockton-on-tees/dfe/").status_code == 200
    load("dedicated-schools-grant_2022_07_18.ods")  # more figures, same queries
    with django_assert_max_num_queries(12):
        assert client.get("/councils/stockton-on-tees/dfe/").status_code == 200


def test_a_repeat_view_reads_no_figures_and_an_import_shows_at_once(stockton):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = member_client(stockton, Role.FORUM)
    first = client.get("/councils/stockton-on-tees/dfe/").content.decode()
    with CaptureQueriesContext(connection) as hit:
        again = client.get("/councils/stockton-on-tees/dfe/").content.decode()
    assert not [q for q in hit if 'FROM "dfe_' in q["sql"]]  # the fragment holds every table and chart
    assert again.count("<table") == first.count("<table") > 1
    assert "2021-22" not in first
    load("dedicated-schools-grant_2022_07_18.ods")  # bumps every council's data version: a new key
    assert "2021-22" in client.get("/councils/stockton-on-tees/dfe/").content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_every_role_downloads_the_figures_as_excel(stockton, role):
    response = member_client(stockton, role).get("/councils/stockton-on-tees/dfe/figures.xlsx")
    assert response.status_code == 200
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="stockton-on-tees-dfe-figures-2026-12-05.xlsx"'
    )
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = [[c.value for c in row] for row in book[book.sheetnames[0]].iter_rows()]
    assert ["January 2024", 2080] in [r[:2] for r in rows]
    assert any(str(r[0]).startswith("Source: DfE, Education, health and care plans, June 2025") for r in rows)


def test_it_lists_the_councils_ten_statistical_neighbours_with_their_plans(db):
    load("la_codes.csv")
    load("ehcp_2025_extract.zip")
    load("sn_may_2025.xlsx")
    client = member_client(Council.objects.get(la_code="857"), Role.FORUM)
    html = client.get("/councils/rutland/dfe/").content.decode()
    table = html[html.index('id="neighbours-table"') :]
    # Rutland's nearest: 1. Wiltshire (865, "Close"), 6,383 plans in January 2025 (in the extract);
    # 2. North Yorkshire (815) is not in the extract, so its cell is blank.
    assert "1. Wiltshire" in table and "6,383" in table and "January 2025" in table
    assert "2. North Yorkshire" in table
    assert table.count('<tr class="govuk-table__row">') == 11  # the header and ten neighbours


def test_it_shows_ehc_plans_by_primary_need_with_the_latest_shares(stockton):
    """sen_needs_all_plans.csv, Stockton-on-Tees (808), January 2025: 596 autistic spectrum disorder, 528
    speech, language and communication needs, 427 social, emotional and mental health; 2,442 in all."""
    html = member_client(stockton, Role.FORUM).get("/councils/stockton-on-tees/dfe/").content.decode()
    assert "EHC plans by primary need" in html
    section = html[html.index('id="primary-need-table"') :]
    section = section[: section.index("</table>")]
    assert "Autistic spectrum disorder" in section and ">596<" in section
    assert "24.4%" in section  # 596 of 2,442
    assert section.index("Autistic spectrum disorder") < section.index("Speech, language and communication")
    assert "sen_needs_all_plans.csv" in html
