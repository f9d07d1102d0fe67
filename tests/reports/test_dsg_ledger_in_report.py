"""The DSG ledger in a published Forum report: frozen in the snapshot, and every figure the same on the
ledger page, in the report and in the management plan workbook (Rutland's demo ledger, real allocations)."""

import io
from datetime import date
from decimal import Decimal as D

import openpyxl
import pytest

from accounts.models import Role
from core.money import pounds
from demo.plans import load_council, read_fixture
from dsg.selectors import ledger_for_council
from dsg.services import dsg_line_record
from recovery.selectors import plan_for_council
from reports import services as report_services
from tests.conftest import member_client
from tests.factories import UserFactory


@pytest.fixture
def rutland(db):
    return load_council(read_fixture("rutland"))


def test_every_ledger_figure_is_the_same_on_the_page_in_the_report_and_in_the_workbook(rutland):
    author = UserFactory()
    report = report_services.report_create(
        plan=plan_for_council(council=rutland), user=author, meeting_date=date(2027, 2, 4), title="DSG update"
    )
    report_services.report_publish(report=report, user=author)
    report.refresh_from_db()
    frozen = report.snapshot["dsg_ledger"]["rows"]
    client = member_client(rutland, Role.FINANCE)
    page = client.get("/councils/rutland/dsg/").content.decode()
    workbook = openpyxl.load_workbook(
        io.BytesIO(client.get("/councils/rutland/dsg/plan/workbook.xlsx").content), data_only=True
    )["Financial summary"]
    in_book = {(r[0], r[2]): r for r in workbook.iter_rows(values_only=True) if r and r[3] is not None}
    ledger = ledger_for_council(council=rutland).ledger
    n = 0
    for year in ledger.years:
        for row in [*year.rows, year.total]:
            in_report = next(r for r in frozen if r[0] == year.heading and r[1] == row.block_label)
            book = in_book[(year.label, row.block_label)]
            for value, reported, booked in (
                (row.income, in_report[2], book[3]),
                (row.expenditure, in_report[4], book[5]),
                (row.in_year, in_report[5], book[6]),
                (row.carried_forward, in_report[6], book[8]),
            ):
                assert pounds(value) == reported and pounds(value) in page
                assert D(str(booked)) == value
                n += 1
    assert n == 60  # 3 years × 5 rows × 4 figures
    # The snapshot is frozen: a later change to the ledger does not reach the published report.
    dsg_line_record(council=rutland, user=None, financial_year=2020, block="high_needs", position="outturn",
                    income=D("3990363"), expenditure=D("5000000"), brought_forward=D(0))  # fmt: skip
    report.refresh_from_db()
    assert report.snapshot["dsg_ledger"]["rows"] == frozen
    page = client.get(f"/councils/rutland/reports/{report.pk}/").content.decode()
    assert "−£250,000" in page and "−£1,009,637" not in page
