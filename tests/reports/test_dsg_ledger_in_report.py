"""The DSG ledger in a published Forum report: frozen in the snapshot, and every figure the same on the
ledger page, in the report and in the management plan workbook (Rutland's demo ledger, real allocations)."""

import io
from datetime import date
from decimal import Decimal as D
from html.parser import HTMLParser

import openpyxl
import pytest

from accounts.models import Role
from core.money import pounds, signed_pounds
from demo.plans import load_council, read_fixture
from dsg.selectors import ledger_for_council
from dsg.services import dsg_line_record, dsg_transfer_record, plan_publish
from recovery.selectors import plan_for_council
from reports import services as report_services
from tests.conftest import member_client
from tests.factories import ForumMeetingFactory, UserFactory


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


class _Tables(HTMLParser):
    """Each table of a page by its id: a list of rows, each a list of cells, each the cell's first piece of
    text (the figure; a source under it, after a <br>, is left out)."""

    def __init__(self):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.table, self.row, self.cell, self.broken = None, None, None, False

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.table = self.tables.setdefault(dict(attrs).get("id", ""), [])
        elif tag == "tr" and self.table is not None:
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell, self.broken = "", False
        elif tag == "br":
            self.broken = True

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.row is not None and self.cell is not None:
            self.row.append(" ".join(self.cell.split()))
            self.cell = None
        elif tag == "tr" and self.row is not None:
            if self.row and self.table is not None:
                self.table.append(self.row)
            self.row = None
        elif tag == "table":
            self.table = None

    def handle_data(self, data):
        if self.cell is not None and not self.broken:
            self.cell += data


def tables(html: str) -> dict[str, list[list[str]]]:
    parser = _Tables()
    parser.feed(html)
    return parser.tables


@pytest.fixture
def warwickshire(db):
    return load_council(read_fixture("warwickshire"))


def test_every_figure_of_a_ledger_with_forecast_years_and_a_transfer_is_the_same_everywhere(warwickshire):
    """Warwickshire: outturn years, forecast years twice (unmitigated, mitigated), a Schools Block transfer.
    Each figure of each row, the DSG totals too, is the same in the ledger page's table, the management
    plan page's table, the published plan and its page, the published Forum report and the workbook."""
    meeting = ForumMeetingFactory(council=warwickshire, meets_on=date(2023, 3, 9))
    dsg_transfer_record(
        council=warwickshire, user=None, financial_year=2023, from_block="schools", to_block="high_needs",
        amount=D("1500000"), meeting=meeting,
    )  # fmt: skip
    author = UserFactory()
    report = report_services.report_create(
        plan=plan_for_council(council=warwickshire), user=author, meeting_date=date(2027, 2, 4), title="DSG"
    )
    report_services.report_publish(report=report, user=author)
    report.refresh_from_db()
    version = plan_publish(council=warwickshire, user=author)
    client = member_client(warwickshire, Role.FINANCE)
    slug = "/councils/warwickshire/dsg/"
    ledger_page = tables(client.get(slug).content.decode())
    plan_page = tables(client.get(slug + "plan/").content.decode())["blocks"][1:]  # after the header
    version_page = tables(client.get(f"{slug}plan/versions/{version.number}/").content.decode())
    book = openpyxl.load_workbook(io.BytesIO(client.get(slug + "plan/workbook.xlsx").content), data_only=True)
    in_book = {}
    for r in book["Financial summary"].iter_rows(values_only=True):
        in_book.setdefault((r[0], r[1], r[2]), r)  # the table's row (the footer repeats the carried forward)
    ledger = ledger_for_council(council=warwickshire).ledger
    assert {y.position for y in ledger.years} == {"outturn", "unmitigated", "mitigated"}
    written = [
        [year.heading, row.block_label, pounds(row.income),
         signed_pounds(row.transfers) if row.transfers else "", pounds(row.expenditure), pounds(row.in_year),
         pounds(row.carried_forward)]
        for year in ledger.years
        for row in [*year.rows, year.total]
    ]  # fmt: skip
    assert [written[5][0], written[5][1], written[5][3]] == ["2023-24", "Schools", "−£1,500,000"]
    assert report.snapshot["dsg_ledger"]["rows"] == written
    assert version.snapshot["blocks"] == written
    assert plan_page == written
    assert version_page["version-blocks"][1:] == written
    n = 0
    for year in ledger.years:
        table = ledger_page[f"ledger-{year.label}-{year.position}"][1:]
        for row, cells in zip([*year.rows, year.total], table, strict=True):
            assert cells[:7] == [
                row.block_label, pounds(row.income), signed_pounds(row.transfers) if row.transfers else "",
                pounds(row.expenditure), pounds(row.in_year), pounds(row.brought_forward),
                pounds(row.carried_forward),
            ]  # fmt: skip
            booked = in_book[(year.label, year.position_label, row.block_label)]
            for value, cell in zip(
                (row.income, row.transfers, row.expenditure, row.in_year, row.brought_forward,
                 row.carried_forward), booked[3:9], strict=True,
            ):  # fmt: skip
                assert (None if cell is None else D(str(cell))) == value, (year.heading, row.block_label)
                n += 1
    assert n == 6 * 5 * len(ledger.years)
