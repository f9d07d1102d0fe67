"""The demo ledgers: income is the DfE's real DSG allocation (fixtures/dfe .ods), expenditure the
fixture's invented figures, and every figure on the ledger page is the one the selector derived."""

from decimal import Decimal as D

import pytest

from accounts.models import Role
from core.money import pounds
from demo.plans import load_council, read_fixture
from dsg.models import DsgLine
from dsg.selectors import ledger_for_council
from tests.conftest import member_client


@pytest.fixture
def rutland(db):
    return load_council(read_fixture("rutland"))


@pytest.fixture
def warwickshire(db):
    return load_council(read_fixture("warwickshire"))


def test_rutlands_ledger_holds_its_real_allocations(rutland):
    income = dict(DsgLine.objects.filter(council=rutland, financial_year=2023).values_list("block", "income"))
    # dedicated-schools-grant_2024_07_20.ods, Rutland (857), 2023-24: 8,289,512 after recoupment and
    # deductions = Schools 1,135,701 + Central 198,342 + Early Years 1,609,470 + High Needs 5,345,999.
    assert income == {
        "schools": D("1135701"),
        "central": D("198342"),
        "early_years": D("1609470"),
        "high_needs": D("5345999"),
    }
    ledger = ledger_for_council(council=rutland).ledger
    assert [y.label for y in ledger.years] == ["2020-21", "2021-22", "2023-24"]
    high_needs = [y.rows[3] for y in ledger.years]
    assert [r.carried_forward for r in high_needs] == [D(-250000), D(-550000), D(-1220000)]
    assert high_needs[1].brought_forward_basis == "derived"
    assert "no figures for" not in " ".join(ledger.warnings)


def test_warwickshires_ledger_meets_the_papers_deficits_and_reads_forecast_years(warwickshire):
    ledger = ledger_for_council(council=warwickshire).ledger
    outturn = [y for y in ledger.years if not y.is_forecast]
    assert [y.label for y in outturn] == ["2021-22", "2023-24"]
    assert [y.rows[3].carried_forward for y in outturn] == [D(-16000000), D(-33000000)]
    forecast = [y for y in ledger.years if y.is_forecast]
    assert forecast and all(y.rows[3].carried_forward_basis == "forecast" for y in forecast)


def test_the_page_shows_the_ledgers_figures(rutland):
    page = member_client(rutland, Role.FORUM).get("/councils/rutland/dsg/").content.decode()
    ledger = ledger_for_council(council=rutland).ledger
    for year in ledger.years:
        for row in [*year.rows, year.total]:
            for value in (row.income, row.expenditure, row.carried_forward):
                assert pounds(value) in page
