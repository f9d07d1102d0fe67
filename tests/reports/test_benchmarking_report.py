"""A Forum report's Benchmarking section: built from the DfE store when the report is drafted, frozen in the
snapshot when it is published (a later import changes nothing), and the same in the page, the Word paper and
the report pack."""

import io
from datetime import date

import openpyxl
import pytest
from docx import Document

from accounts.models import Role
from dfe.services import release_import
from reports import services
from reports.word_paper import forum_paper
from spreadsheets.exports.report_pack import ReportPackExport
from spreadsheets.writer import to_workbook
from tests.conftest import member_client
from tests.dfe.conftest import fixture_bytes
from tests.factories import UserFactory, tiny_png
from tests.reports.conftest import BENCHMARKING_FILES, as_stockton, import_dfe_files, stand_in_neighbours


@pytest.fixture
def stockton(home):
    as_stockton(home.council)
    import_dfe_files(*BENCHMARKING_FILES)
    stand_in_neighbours()
    return home


@pytest.fixture
def published(stockton):
    author = UserFactory()
    report = services.report_create(
        plan=stockton.plan, user=author, meeting_date=date(2025, 2, 13), title="Spring update"
    )
    return services.report_publish(report=report, user=author)


def growth_row(section):
    return next(r for r in section["rows"] if r["key"] == "plans_growth_5y")


def test_the_snapshot_freezes_where_the_council_stood(published):
    section = published.snapshot["benchmarking"]
    assert section["group"] == "its ten statistical neighbours"
    assert section["neighbours"] == ["Rutland", "Warwickshire", "Wiltshire"]
    row = growth_row(section)
    assert (row["value"], row["position"], row["median"], row["median_over"], row["england"]) == (
        "57.8%",
        "lowest of 4",
        "68.7%",
        3,
        "63.7%",
    )
    # The DfE revises Stockton's January 2025 figure after publishing: the published report is unchanged.
    text = fixture_bytes("ehcp_2025/caseload.csv").decode("utf-8-sig")
    row_start = "E06000004,808,Stockton-on-Tees,All EHC plans,All EHC plans,"
    release_import(
        data=text.replace(row_start + "2442,", row_start + "2600,").encode(),
        file_name="caseload.csv",
        user=None,
    )
    published.refresh_from_db()
    assert growth_row(published.snapshot["benchmarking"])["value"] == "57.8%"
    html = (
        member_client(published.plan.council, Role.FORUM)
        .get(f"/councils/home-council/reports/{published.pk}/")
        .content.decode()
    )
    assert "Benchmarking against statistical neighbours" in html
    assert "57.8%" in html and "lowest of 4" in html


def test_the_word_paper_and_the_pack_carry_the_section(published):
    doc = Document(
        io.BytesIO(forum_paper(published.snapshot, images=lambda charts: [tiny_png()] * len(charts)))
    )
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Benchmarking against statistical neighbours" in text
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    assert "lowest of 4" in cells and "68.7% (over 3)" in cells
    book = openpyxl.load_workbook(io.BytesIO(to_workbook(ReportPackExport(published))))
    sheet = book["Benchmarking"]
    rows = [
        r for r in sheet.iter_rows(values_only=True) if r and r[0] == "Growth in EHC plans over five years"
    ]
    assert rows[0][2] == 57.8 and rows[0][3] == "lowest of 4" and rows[0][4] == 68.7 and rows[0][6] == 63.7
