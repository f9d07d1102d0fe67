"""DSG allocations on real extracts of the three .ods files (and an .xlsx copy); figures checked by hand."""

import io
import zipfile

import pytest

from dfe.readers.common import DfeFileError, LayoutNotRecognised
from dfe.readers.dsg import read_dsg_allocations
from tests.dfe.conftest import fixture_bytes


def read(name):
    return {(f.la_code, f.series, f.period): f for f in read_dsg_allocations(fixture_bytes(name), file=name)}


def test_it_reads_rutland_high_needs_2020_21_from_the_file_named_2021():
    figures = read("dedicated-schools-grant_2021_11_18.ods")
    # High_needs_block, Rutland: total before deductions 4,224,363 (£4.22m); High_needs_deductions 234,000;
    # Allocations_summary [H] after deductions 3,990,363 = 4,224,363 − 234,000.
    before = figures[("857", "dsg_high_needs", "2020-21")]
    assert before.value.number == 4224363
    assert before.file == "dedicated-schools-grant_2021_11_18.ods › High_needs_block"
    assert figures[("857", "dsg_high_needs_deductions", "2020-21")].value.number == 234000
    assert figures[("857", "dsg_high_needs_after", "2020-21")].value.number == 3990363
    assert figures[("857", "dsg_total", "2020-21")].value.number == 31468062
    assert figures[("E", "dsg_high_needs", "2020-21")].value.number == 7063230381


def test_it_takes_the_year_from_each_sheets_title():
    assert {p for _, _, p in read("dedicated-schools-grant_2022_07_18.ods")} == {"2021-22"}
    figures = read("dedicated-schools-grant_2024_07_20.ods")
    assert {p for _, _, p in figures} == {"2023-24"}
    # 2023-24: Stockton 39,254,508 before deductions; North Northamptonshire (940), no Northamptonshire.
    assert figures[("808", "dsg_high_needs", "2023-24")].value.number == 39254508
    assert ("940", "dsg_high_needs", "2023-24") in figures
    assert not any(code == "928" for code, _, _ in figures)


def test_it_reads_an_xlsx_copy_the_same():
    ods = read("dedicated-schools-grant_2021_11_18.ods")
    xlsx = read("dedicated-schools-grant_2021_11_18.xlsx")
    assert {k: f.value for k, f in ods.items()} == {k: f.value for k, f in xlsx.items()}


def test_it_refuses_files_of_the_wrong_kind():
    with pytest.raises(DfeFileError, match="not a spreadsheet"):
        list(read_dsg_allocations(b"time_period,la_name\n", file="x.ods"))
    with pytest.raises(
        LayoutNotRecognised, match="this looks like a workbook without the sheet|DSG allocations"
    ):
        list(read_dsg_allocations(fixture_bytes("sn_may_2025.xlsx"), file="sn.xlsx"))


def test_it_refuses_a_workbook_with_external_links():
    data = io.BytesIO()
    source = io.BytesIO(fixture_bytes("dedicated-schools-grant_2021_11_18.xlsx"))
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(data, "w") as out:
        for item in src.infolist():
            out.writestr(item, src.read(item))
        out.writestr("xl/externalLinks/externalLink1.xml", "<externalLink/>")
    with pytest.raises(DfeFileError, match="links to other files"):
        list(read_dsg_allocations(data.getvalue(), file="linked.xlsx"))
