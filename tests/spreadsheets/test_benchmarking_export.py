"""The benchmarking workbook: a sheet of measures with formula and source, a sheet per measure with every
council of the group by year, numbers as numbers (as the page rounds them), missing figures as why."""

import io

import openpyxl
import pytest

from accounts.models import Role
from dfe.services import release_import
from tests.conftest import ROLES, member_client
from tests.dfe.conftest import fixture_bytes
from tests.factories import CouncilFactory

URL = "/councils/stockton-on-tees/benchmarking.xlsx"


@pytest.fixture
def stockton(db):
    council = CouncilFactory(
        name="Stockton-on-Tees", slug="stockton-on-tees", la_code="808", gss_code="E06000004"
    )
    for name in ("la_codes.csv", "ehcp_2025_extract.zip", "dedicated-schools-grant_2024_07_20.ods"):
        release_import(data=fixture_bytes(name), file_name=name, user=None)
    return council


def test_it_writes_every_measure_for_every_council_of_the_group_by_year(stockton):
    response = member_client(stockton, Role.FINANCE).get(URL, {"group": "pick", "la": ["857", "928"]})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith(
        'attachment; filename="stockton-on-tees-benchmarking-pick-'
    )
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    measures = book["Measures"]
    titles = [row[1] for row in measures.iter_rows(values_only=True)]
    assert "Growth in EHC plans over five years" in titles
    growth = next(
        r for r in measures.iter_rows(values_only=True) if r[1] == "Growth in EHC plans over five years"
    )
    sheet = book[growth[0]]
    rows = {r[1]: r for r in sheet.iter_rows(values_only=True) if r and r[1]}
    header = next(r for r in sheet.iter_rows(values_only=True) if r and r[0] == "LA code")
    assert header[2:4] == ("January 2024", "January 2025")
    assert rows["Stockton-on-Tees (this council)"][2:5] == (43.3, 57.8, 2)  # 2,080/1,452 and 2,442/1,548
    assert rows["Rutland"][3] == 69.4 and isinstance(rows["Rutland"][3], float)
    assert rows["Northamptonshire"][3] == "did not exist"
    assert rows["England"][3] == 63.7
    assert rows["Councils in the median"][3] == 1


@pytest.mark.parametrize("role", ROLES)
def test_another_councils_workbook_is_a_404(stockton, role):
    assert member_client(CouncilFactory(slug="elsewhere"), role).get(URL).status_code == 404
