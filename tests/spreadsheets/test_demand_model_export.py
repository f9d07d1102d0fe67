"""The demand model's workbook: the page's figures (same seeded run) for Wiltshire's real SEN2 series —
plans by setting group with the band, the scenarios, the flows, the levers, the backtest."""

import io
from decimal import Decimal

import openpyxl
import pytest

from accounts.models import Role
from projections.models import DemandLever
from tests.conftest import ROLES, member_client
from tests.projections.demand_world import with_wiltshire_figures


@pytest.fixture
def wiltshire(home):
    world = with_wiltshire_figures(home)
    DemandLever.objects.create(
        plan=world.plan,
        workstream=world.workstream,
        scenario="target",
        kind="joiners",
        start_year=2026,
        age_from=5,
        age_to=10,
        factor=Decimal("0.9"),
    )
    return world


def url(world):
    return f"/councils/{world.council.slug}/demand/workbook.xlsx"


def rows_of(ws):
    return [[c.value for c in row] for row in ws.iter_rows()]


def test_its_figures_are_the_pages(wiltshire):
    client = member_client(wiltshire.council, Role.FORUM)
    response = client.get(url(wiltshire))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('-demand-model-2026-12-05.xlsx"')
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames[:5] == ["Plans by setting group", "Scenarios", "Flows", "Levers", "Backtest"]

    flows = {r[0]: r for r in rows_of(wb["Flows"]) if isinstance(r[0], int)}
    # DfE SEN2, Wiltshire (LA 865): 6,383 plans in January 2025; 993 new and 325 ceased in 2024.
    assert flows[2024][2:4] == [993, 325]
    assert flows[2024][5] == 6383

    groups = [r for r in rows_of(wb["Plans by setting group"]) if r[0] == "January 2025"]
    total = next(r for r in groups if r[1] == "All EHC plans")
    assert total[2] == pytest.approx(6383, abs=5)  # the origin census: the calibrated stock
    assert sum(r[2] for r in groups if r[1] != "All EHC plans") == pytest.approx(total[2], abs=7)

    page = client.get(f"/councils/{wiltshire.council.slug}/demand/").content.decode()
    levers = rows_of(wb["Levers"])
    lever = next(r for r in levers if r[0] == "Target")
    assert lever[2] == "New plans aged 5–10 −10% from 2026-27"
    assert lever[3] < 0 and f"{-lever[3]:,} fewer" in page  # the page's "N fewer", to the child

    scenarios = {r[0]: r for r in rows_of(wb["Scenarios"]) if str(r[0]).startswith("January")}
    assert scenarios["January 2035"][4] < scenarios["January 2035"][1]  # target below unmitigated
    assert scenarios["January 2035"][2] <= scenarios["January 2035"][1] <= scenarios["January 2035"][3]

    backtest = rows_of(wb["Backtest"])
    assert any(r[1] == 3 and isinstance(r[2], int) for r in backtest)
    assert any(str(r[0]).startswith("3 years ahead") for r in backtest)


@pytest.mark.parametrize("role", ROLES)
def test_every_role_of_the_council_may_download_it(wiltshire, role):
    assert member_client(wiltshire.council, role).get(url(wiltshire)).status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_another_councils_workbook_is_a_404(wiltshire, foreign, role):
    assert member_client(wiltshire.council, role).get(url(foreign)).status_code == 404


def test_a_council_without_sen2_figures_gets_the_reason_not_a_workbook(home):
    response = member_client(home.council, Role.FINANCE).get(url(home))
    assert response.status_code == 409
    assert "has no EHC plans by setting group" in response.content.decode()


def test_it_has_the_management_plans_children_and_young_people_tables(wiltshire):
    """caseload.csv (ages × setting), Wiltshire (865), January 2025, maintained special schools and special
    academies: 61 aged 4; 66+84+59+63+58+71 = 401 aged 5–10; 164+153+122+150+116 = 705 aged 11–15;
    36+16+16+2 = 70 aged 16–19; none older: 1,237. sen_needs_all_plans.csv: all 6,383 plans by need."""
    from dfe.services import release_import
    from tests.dfe.conftest import fixture_bytes

    release_import(data=fixture_bytes("ehcp_2025_extract.zip"), file_name="ehcp_2025_extract.zip", user=None)
    response = member_client(wiltshire.council, Role.FINANCE).get(url(wiltshire))
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames[-2:] == ["CYP by age group", "CYP by primary need"]
    ages = rows_of(wb["CYP by age group"])
    special = next(
        r
        for r in ages
        if r[0] == "January 2025" and r[2] == "Maintained special schools and special academies"
    )
    assert special[1] == "Actual (DfE SEN2)"
    assert special[3:9] == [61, 401, 705, 70, 0, 1237]
    assert any(r[0] == "January 2030" and r[1] == "Forecast (unmitigated)" for r in ages)
    assert any(r[0] == "January 2030" and r[1] == "Forecast (target mitigated)" for r in ages)
    needs = rows_of(wb["CYP by primary need"])
    header = next(r for r in needs if r[0] == "Primary need")
    assert header[1] == "January 2025" and header[2] == "January 2026 (forecast)"
    counted = [r for r in needs if isinstance(r[1], int)]
    assert sum(r[1] for r in counted) == 6383
