"""dsg.selectors on figures imported into the DfE store: the real DSG allocations for 2023-24 and the s251
sample (made-up amounts for Rutland 2023-24, fixtures/dfe/README.md)."""

from datetime import date
from decimal import Decimal as D

import pytest

from demo.plans import load_council, read_fixture
from dfe.selectors import dsg_plan_figures_for_council, dsg_store_figures_for_council
from dfe.services import release_import
from dsg.selectors import (
    ledger_for_council,
    ledger_for_plan,
    management_plan_for_council,
    stability_evidence_for_council,
)
from dsg.services import dsg_income_from_dfe, dsg_line_record
from projections.selectors import headline_cells_of
from projections.stored_figures import plan_forecast
from recovery.models import Council
from recovery.selectors import plan_for_council
from tests.dfe.conftest import fixture_bytes
from tests.factories import PlanFactory


@pytest.fixture
def rutland(db):
    for name in ("la_codes.csv", "dedicated-schools-grant_2024_07_20.ods", "s251_outturn_sample.csv"):
        release_import(data=fixture_bytes(name), file_name=name, user=None)
    council = Council.objects.get(la_code="857")
    PlanFactory(council=council, first_year=2019, last_year=2023)
    return council


def test_the_ledger_checks_its_figures_against_the_store(rutland):
    dsg_income_from_dfe(council=rutland, user=None, financial_year=2023)
    for block, income in ledger_for_council(council=rutland).allocation_for("2023-24").items():
        extra = D(1234567) if block == "high_needs" else D(0)
        dsg_line_record(
            council=rutland, user=None, financial_year=2023, block=block, position="outturn",
            income=income, income_basis="allocation", expenditure=income + extra, brought_forward=D(0),
        )  # fmt: skip
    view = ledger_for_council(council=rutland)
    year = view.ledger.year(2023)
    assert year.total.income == D("8289512")  # the DfE's total after recoupment and deductions
    assert year.total.carried_forward == D(-1234567)
    assert year.warnings == []  # blocks add up, and the s251 1.9.3 figure agrees
    assert view.allocation_years == ["2023-24"]
    assert any("Dedicated schools grant allocations" in s for s in view.sources)


def test_a_ledger_that_disagrees_with_s251_says_so(rutland):
    dsg_income_from_dfe(council=rutland, user=None, financial_year=2023)
    year = ledger_for_council(council=rutland).ledger.year(2023)
    assert any("s251 outturn (line 1.9.3) carries forward −£1,234,567" in w for w in year.warnings)


def test_the_stability_evidence_reads_the_s251_figure_from_the_store(rutland):
    evidence = stability_evidence_for_council(council=rutland, financial_year=2023)
    s251 = evidence.figures[0]
    assert (s251.deficit, s251.from_store) == (D(1234567), True)
    assert s251.document.startswith("DfE, ")  # the release it came from


def test_the_plans_children_come_from_the_real_sen2_figures(db):
    for name in ("la_codes.csv", "ehcp_2025_demand.zip", "ehcp_2025_extract.zip"):
        release_import(data=fixture_bytes(name), file_name=name, user=None)
    council = Council.objects.get(la_code="857")
    PlanFactory(council=council, first_year=2024, last_year=2028)
    children = management_plan_for_council(council=council).children
    assert children.census == "January 2025"
    assert [g for g, _ in children.groups][0] == "Mainstream schools" and len(children.groups) == 7
    total = sum(sum(counts) for _, counts in children.groups)
    # caseload.csv and sen_needs_all_plans.csv, Rutland (857), January 2025: 376 plans either way.
    assert total == 376 and sum(n for _, n in children.needs) == 376
    from dfe.series import NEED_LABELS

    assert {label for label, _ in children.needs} <= set(NEED_LABELS.values())  # the DfE's words, not "slcn"


def test_the_ledger_offers_the_s251_high_needs_expenditure_of_past_years(rutland):
    # s251_outturn_sample.csv: made-up amounts; 5,635,000 net on the high-needs lines, SEN transport 0.
    assert ledger_for_council(council=rutland).s251_years == [("2023-24", D(5635000))]


def test_the_plan_reads_the_stores_dsg_figures_and_ehc_plans_in_one_query(rutland, django_assert_num_queries):
    for name in ("ehcp_2025_demand.zip", "ehcp_2025_extract.zip"):
        release_import(data=fixture_bytes(name), file_name=name, user=None)
    with django_assert_num_queries(1):
        figures = dsg_plan_figures_for_council(council=rutland)
    assert figures.store == dsg_store_figures_for_council(council=rutland)  # the ledger's own read
    assert {series for series, *_ in figures.ehc_plans} == {"ehcp_age_group", "ehcp_need"}
    assert all(breakdown for _, breakdown, *_ in figures.ehc_plans)  # the breakdowns, never the totals
    plan = management_plan_for_council(council=rutland)
    assert plan.children.census == "January 2025" and sum(n for _, n in plan.children.needs) == 376
    assert plan.ledger.years == ledger_for_council(council=rutland).ledger.years


def test_the_ledger_of_a_plan_and_forecast_already_read_is_the_councils_ledger(db, django_assert_num_queries):
    # The Forum report passes its plan picture's plan and stored forecast figures: 3 queries, not 5.
    council = load_council(read_fixture("rutland"))
    plan = plan_for_council(council=council)
    cells = headline_cells_of(plan_forecast(plan=plan).current)
    assert cells is not None
    with django_assert_num_queries(3):
        view = ledger_for_plan(council=council, plan=plan, cells=cells, today=date(2022, 6, 1))
    whole = ledger_for_council(council=council, today=date(2022, 6, 1))  # forecast years from 2022-23
    assert view.ledger == whole.ledger and view.forecast_name == whole.forecast_name
    assert any(year.is_forecast for year in view.ledger.years)  # the forecast read from the stored figures
