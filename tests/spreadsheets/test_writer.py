"""The one writer: formula-injection safety, formats, merges, print set-up, properties, cached values."""

import io
import zipfile
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from openpyxl.utils.escape import unescape

from spreadsheets.cells import DATE, POUNDS, Cell, Column, Formula, Sheet, is_risky_text
from spreadsheets.writer import sheet_title, to_workbook


@dataclass
class Demo:
    rows: list
    title: str = "Demo workbook"
    filename: str = "demo.xlsx"
    council: str = "Rutland"
    extra: list = field(default_factory=list)

    def sheets(self):
        yield Sheet(
            title="Plan: 2024/25 [draft]",
            columns=[Column("Text", 20, wrap=True), Column("Money", 14, POUNDS), Column("Due", 12, DATE)],
            rows=self.rows,
            preamble=["Rutland DSG Recovery Plan"],
        )
        yield from self.extra


RISKY = ['=HYPERLINK("https://evil.example","Click")', "+1", "-2", "@SUM(A1)", "\tTab", "\rReturn"]


@pytest.mark.parametrize("write_only", [False, True])
def test_it_writes_text_that_looks_like_a_formula_as_text_unchanged(write_only):
    data = to_workbook(Demo([[text, None, None] for text in RISKY]), write_only=write_only)
    ws = load_workbook(io.BytesIO(data)).worksheets[0]
    cells = [
        row[0] for row in ws.iter_rows() if row[0].value not in (None, "Text", "Rutland DSG Recovery Plan")
    ]
    # Excel decodes its _x000D_ escape for a carriage return; openpyxl leaves it to the reader.
    assert [unescape(c.value) for c in cells] == RISKY and all(c.data_type == "s" for c in cells)
    xml = b"".join(
        zipfile.ZipFile(io.BytesIO(data)).read(n) for n in zipfile.ZipFile(io.BytesIO(data)).namelist()
    )
    assert b"<f>" not in xml  # no formula anywhere


def test_it_is_risky_exactly_for_the_formula_starts():
    assert all(is_risky_text(t) for t in RISKY)
    assert not any(is_risky_text(t) for t in ["Plan", " =1", "1-2", 5, None])


def test_it_writes_numbers_as_numbers_and_dates_as_dates_with_formats():
    data = to_workbook(Demo([["Saving", Decimal("-569000"), date(2024, 3, 31)]]))
    ws = load_workbook(io.BytesIO(data)).worksheets[0]
    money, due = ws["B4"], ws["C4"]
    assert money.value == -569000 and money.number_format == POUNDS and "−£" in POUNDS
    assert due.is_date and due.value.date() == date(2024, 3, 31) and due.number_format == DATE


def test_it_freezes_filters_sets_widths_print_setup_and_properties():
    data = to_workbook(Demo([["a", 1, None], ["b", 2, None]]))
    wb = load_workbook(io.BytesIO(data))
    ws = wb.worksheets[0]
    assert ws.title == "Plan  2024 25  draft"  # Excel's forbidden characters replaced
    assert ws.freeze_panes == "A4" and ws.auto_filter.ref == "A3:C5"
    assert ws.column_dimensions["A"].width == 20
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert ws.print_title_rows == "$3:$3"
    assert wb.properties.title == "Demo workbook" and wb.properties.subject == "Rutland"


def test_it_merges_cells_down_and_fills_them():
    data = to_workbook(Demo([[Cell("1. Nurture", merge_down=1, fill="FFC000"), 1, None], [None, 2, None]]))
    ws = load_workbook(io.BytesIO(data)).worksheets[0]
    assert [str(r) for r in ws.merged_cells.ranges] == ["A4:A5"]
    assert ws["A4"].fill.fgColor.rgb.endswith("FFC000")


def test_it_puts_the_engines_figures_into_formula_cells_as_cached_values():
    data = to_workbook(Demo([["Total", Cell(Formula("=ROUND(2.5*3,0)", 8), POUNDS), None]]))
    assert load_workbook(io.BytesIO(data)).worksheets[0]["B4"].value == "=ROUND(2.5*3,0)"
    assert load_workbook(io.BytesIO(data), data_only=True).worksheets[0]["B4"].value == 8


def test_it_keeps_sheet_titles_within_excels_rules():
    assert sheet_title("A" * 40) == "A" * 31 and sheet_title("a/b\\c?d*e[f]g:h") == "a b c d e f g h"
