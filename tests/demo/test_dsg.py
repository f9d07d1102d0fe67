"""The demo ledgers: income is the DfE's real DSG allocation (fixtures/dfe .ods), expenditure the
fixture's invented figures, and every figure on the ledger page is the one the selector derived."""

from decimal import Decimal as D
from pathlib import Path

import pytest
from django.conf import settings

from accounts.models import Role
from core.money import pounds
from demo.plans import load_council, read_fixture
from dfe.readers.dsg import read_dsg_allocations
from dfe.selectors import DSG_LEDGER_SERIES
from dsg.ledger import OUTTURN, allocation_income
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


# The three allocations files as the DfE published them, whole (the demo reads extracts cut from them).
SHARED_DFE = Path(settings.BASE_DIR).parent / "shared" / "dfe"
RELEASES = (
    "dedicated-schools-grant_2021_11_18.ods",
    "dedicated-schools-grant_2022_07_18.ods",
    "dedicated-schools-grant_2024_07_20.ods",
)


@pytest.fixture(scope="module")
def published():
    """(LA code, ledger key, "2023-24") -> amount, from the whole files (about a second each)."""
    if not all((SHARED_DFE / name).is_file() for name in RELEASES):
        pytest.skip(f"the DfE's DSG allocations files are not in {SHARED_DFE}")
    found = {}
    for name in RELEASES:
        for figure in read_dsg_allocations((SHARED_DFE / name).read_bytes(), file=name):
            key = DSG_LEDGER_SERIES.get(figure.series)
            if key and figure.la_code in ("857", "937") and figure.value.number is not None:
                found[(figure.la_code, key, figure.period)] = figure.value.number
    return found


@pytest.mark.parametrize("name", ["rutland", "warwickshire"])
def test_each_demo_ledgers_income_is_the_dfes_published_allocation(name, published, db):
    council = load_council(read_fixture(name))
    assert council.la_code in ("857", "937")
    ledger = ledger_for_council(council=council).ledger
    outturn = [y for y in ledger.years if y.position == OUTTURN]
    assert len(outturn) >= 2
    for year in outturn:
        own = {(key, period): v for (code, key, period), v in published.items() if code == council.la_code}
        allocated = allocation_income(own, year.label)
        assert set(allocated) == {"schools", "central", "early_years", "high_needs"}, year.label
        for row in year.rows:
            assert row.income == allocated[row.block] and row.income_source == "DSG allocation"
        # The blocks add up to the DfE's DSG after recoupment and deductions: no warning says otherwise.
        assert year.total.income == own[("total", year.label)]
        assert not any("DSG allocation after deductions" in w for w in year.warnings)
