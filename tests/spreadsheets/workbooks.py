"""Small workbooks made for the tests: trackers in the shapes councils keep them, and hostile files."""

import io
import zipfile
from datetime import date

from openpyxl import Workbook, load_workbook
from openpyxl.styles import PatternFill

HEADER = [
    "Key Improvement Action",
    "Expected Outcomes as of January 2022",
    "Risks",
    "Key Milestones refreshed January 2022",
    "Lead",
    "Start Date",
    "End Date",
    "Progress (RAG)",
]
ROWS = [
    ["1. NURTURE APPROACH To progress a small nurture pilot", "Fewer exclusions", "Low numbers",
     "Integration with EIP", "LCJ", "Jan 2020", "March 2021", "Amber"],
    [None, None, None, "Extension work to share practice", "LCJ/CC", "November 2021", "30/04/2022", "green"],
    ["2. SEMH specialist teachers\nA pilot of specialist teachers", "Skilled staff", None,
     "Linked teacher supporting each school", "LCJ", date(2019, 4, 1), date(2019, 9, 30), "Complete"],
]  # fmt: skip


def tracker(
    rows=None, *, header=None, title_rows=("Rutland DSG Recovery Plan", ""), footer=True, fills=None
) -> bytes:
    """A seed 002-shaped tracker: title rows, the header, the rows, a blank row, then the RAG key."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Recovery Plan"
    for line in title_rows:
        ws.append([line or None])
    ws.append(header or HEADER)
    for row in ROWS if rows is None else rows:
        ws.append(row)
    for ref, colour in (fills or {}).items():
        ws[ref].fill = PatternFill("solid", fgColor=colour)
    if footer:
        ws.append([])
        ws.append([None, "Action on target and key milestones met"])
        ws.append(["Bernadette Caffrey (BC), Andrew Merry (AM)", "Off target, milestones not met"])
    return save(wb)


def save(wb) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def read(data: bytes, data_only: bool = False):
    return load_workbook(io.BytesIO(data), data_only=data_only)


def zip_with(parts: dict[str, bytes], *, base: bytes | None = None) -> bytes:
    """A copy of ``base`` (a real workbook) with parts added or replaced."""
    source = zipfile.ZipFile(io.BytesIO(base or tracker()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename not in parts:
                target.writestr(item, source.read(item.filename))
        for name, content in parts.items():
            target.writestr(name, content)
    return out.getvalue()


def zip_bomb() -> bytes:
    """A valid-looking workbook whose sheet expands to 80 MB (it compresses to under 100 KB)."""
    return zip_with({"xl/worksheets/sheet2.xml": b"<a>" + b"0" * (80 * 1024 * 1024) + b"</a>"})


def billion_laughs() -> bytes:
    lol = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol3;</t></is></c></row></sheetData></worksheet>'
    )
    return zip_with({"xl/worksheets/sheet1.xml": lol})


def macro_inside() -> bytes:
    return zip_with({"xl/vbaProject.bin": b"\x00VBA"})


def huge_sheet(rows: int = 2500) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    for n in range(rows):
        ws.append(
            [f"{n + 1}. Action {n}", "", "", f"Milestone {n}", "LCJ", "Jan 2020", "March 2021", "Green"]
        )
    return save(wb)
