"""The DfE's Dedicated Schools Grant allocations (``dedicated-schools-grant_….ods``, or an .xlsx copy).

Three sheets are read: ``Allocations_summary`` (the four blocks and the total, before and after academy
deductions), ``High_needs_block`` (the high needs block before deductions) and ``High_needs_deductions``
(the total deducted for places the DfE funds directly). The financial year is taken from each sheet's title
("Dedicated schools grant: 2020 to 2021 …"), never from the file name: the file named 2021_11_18 holds
2020-21. Columns are found by their headings and letters ([A], [B] …), not by position alone.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from decimal import Decimal

import pandas as pd

from dfe.readers.common import ENGLAND, DfeFileError, Figure, LayoutNotRecognised, Value

RELEASE = "Dedicated schools grant allocations"
SUMMARY_LETTERS = {
    "[A]": ("dsg_schools", "schools block"),
    "[B]": ("dsg_central", "central school services block"),
    "[C]": ("dsg_high_needs", "high needs block"),
    "[D]": ("dsg_early_years", "early years block"),
    "[E]": ("dsg_total", "total dsg allocation"),
    "[H]": ("dsg_high_needs_after", "high needs block"),
    "[J]": ("dsg_total_after", "total dsg allocation"),
}
_YEAR = re.compile(r"(20\d\d) to (20\d\d)")
_CODE = re.compile(r"\d{3}")


def _engine(data: bytes, file: str) -> str:
    try:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except zipfile.BadZipFile:
        raise DfeFileError(
            f"{file}: this is not a spreadsheet (.ods or .xlsx), or it is damaged or cut short"
        ) from None
    if any(n.startswith("xl/externalLinks/") for n in names):
        raise DfeFileError(f"{file}: the workbook links to other files; save a copy without external links")
    if "xl/workbook.xml" in names:
        return "openpyxl"
    if "content.xml" in names:
        content = zipfile.ZipFile(io.BytesIO(data)).read("content.xml")
        if b"table:table-source" in content or b"table:dde-source" in content:
            raise DfeFileError(f"{file}: the spreadsheet links to other files; save a copy without links")
        return "odf"
    raise DfeFileError(f"{file}: this is a zip file, not a spreadsheet (.ods or .xlsx)")


def financial_year(title: str, *, file: str, sheet: str) -> str:
    found = _YEAR.search(str(title))
    if not found or int(found.group(2)) != int(found.group(1)) + 1:
        raise DfeFileError(
            f"{file}, sheet {sheet}, cell A1: the title does not name a year like “2023 to 2024”"
        )
    return f"{found.group(1)}-{found.group(2)[2:]}"


def _amount(cell, *, file: str, sheet: str, row: int, column: int) -> Value:
    if isinstance(cell, (int, float)) and not pd.isna(cell):
        return Value(Decimal(str(cell)).quantize(Decimal("0.01")))
    text = "" if cell is None or (isinstance(cell, float) and pd.isna(cell)) else str(cell).strip()
    if text.lower() in {"c", "x", "z", ":", "low", "u"}:
        return Value(None, text.lower())
    try:
        return Value(Decimal(text.replace(",", "").replace("£", "")).quantize(Decimal("0.01")))
    except ArithmeticError:
        letter = _letter(column)
        shown = f"“{text}”" if text else "an empty cell"
        raise DfeFileError(f"{file}, sheet {sheet}, cell {letter}{row}: {shown} is not an amount") from None


def _letter(column: int) -> str:
    letters = ""
    column += 1
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _areas(frame: pd.DataFrame, *, file: str, sheet: str) -> Iterator[tuple[int, str, str]]:
    """(row index, LA code or England, name) from the ENGLAND row to the last LA row."""
    started = False
    for index, first in frame[0].items():
        text = str(first).strip()
        if text.upper() == "ENGLAND":
            started = True
            yield index, ENGLAND, "England"
        elif started and _CODE.fullmatch(text):
            yield index, text, str(frame.iat[index, 1]).strip()
        elif started and text and text != "nan":
            break  # the regional totals below the LAs
    if not started:
        raise LayoutNotRecognised(
            f"{file}, sheet {sheet}: no ENGLAND row; this is not a DSG allocations sheet"
        )


def _column(frame: pd.DataFrame, starts: str, *, file: str, sheet: str) -> int:
    for column in range(frame.shape[1]):
        if str(frame.iat[0, column]).strip().lower().startswith(starts):
            return column
    raise LayoutNotRecognised(f"{file}, sheet {sheet}: no column headed “{starts[:1].upper()}{starts[1:]} …”")


def _figures(frame, columns: dict[int, str], *, file: str, sheet: str, year: str) -> Iterator[Figure]:
    where = f"{file} › {sheet}"
    for index, code, name in _areas(frame, file=file, sheet=sheet):
        for column, series in columns.items():
            amount = _amount(frame.iat[index, column], file=file, sheet=sheet, row=index + 1, column=column)
            yield Figure(code, "", name, series, year, amount, where, index + 1)


def read_dsg_allocations(data: bytes, *, file: str) -> Iterator[Figure]:
    engine = _engine(data, file)
    try:
        frames = pd.read_excel(io.BytesIO(data), sheet_name=None, header=None, engine=engine, dtype=object)
    except Exception as error:  # noqa: BLE001 — odfpy and openpyxl raise many kinds on damaged files
        raise DfeFileError(f"{file}: the spreadsheet cannot be read ({type(error).__name__})") from None
    wanted = {"Allocations_summary", "High_needs_block", "High_needs_deductions"}
    if not wanted & set(frames):
        raise LayoutNotRecognised(
            f"{file}: this looks like a spreadsheet without the DSG allocations sheets; "
            "this version reads the DfE's dedicated-schools-grant file (sheets Allocations_summary, "
            "High_needs_block, High_needs_deductions)"
        )
    if "Allocations_summary" in frames:
        sheet = "Allocations_summary"
        frame = frames[sheet]
        year = financial_year(frame.iat[0, 0], file=file, sheet=sheet)
        letters_row = next(
            (r for r in range(min(6, len(frame))) if str(frame.iat[r, 2]).strip() == "[A]"), None
        )
        if letters_row is None:
            raise LayoutNotRecognised(f"{file}, sheet {sheet}: no row of column letters ([A], [B] …)")
        columns = {}
        for column in range(frame.shape[1]):
            letter = str(frame.iat[letters_row, column]).strip()
            if letter in SUMMARY_LETTERS:
                series, heading = SUMMARY_LETTERS[letter]
                if heading not in str(frame.iat[letters_row - 1, column]).lower():
                    raise LayoutNotRecognised(
                        f"{file}, sheet {sheet}: column {letter} is not headed “{heading}” "
                        "as this version expects"
                    )
                columns[column] = series
        # The high needs block sheet gives the figure before deductions; the summary's copy is not repeated.
        if "High_needs_block" in frames:
            columns = {c: s for c, s in columns.items() if s != "dsg_high_needs"}
        yield from _figures(frame, columns, file=file, sheet=sheet, year=year)
    if "High_needs_block" in frames:
        sheet = "High_needs_block"
        frame = frames[sheet]
        year = financial_year(frame.iat[0, 0], file=file, sheet=sheet)
        column = _column(frame, "total high needs block before deductions", file=file, sheet=sheet)
        yield from _figures(frame, {column: "dsg_high_needs"}, file=file, sheet=sheet, year=year)
    if "High_needs_deductions" in frames:
        sheet = "High_needs_deductions"
        frame = frames[sheet]
        year = financial_year(frame.iat[0, 0], file=file, sheet=sheet)
        column = _column(frame, "total deduction to high needs block", file=file, sheet=sheet)
        yield from _figures(frame, {column: "dsg_high_needs_deductions"}, file=file, sheet=sheet, year=year)
