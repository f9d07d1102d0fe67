"""The tracker export's action cell has a bold heading and a plain description, and its "Progress (RAG)"
header is not clipped (issue 21, item 14)."""

import io
from datetime import date

from openpyxl import load_workbook
from openpyxl.cell.rich_text import CellRichText

from spreadsheets.exports.tracker import TrackerExport
from spreadsheets.importer.parse import parse_tracker
from spreadsheets.writer import to_workbook


def exported(home):
    home.workstream.description = "To progress a small nurture pilot."
    home.workstream.save()
    return to_workbook(TrackerExport(council=home.council, plan=home.plan, today=date(2026, 12, 1)))


def test_only_the_action_heading_is_bold(home):
    ws = load_workbook(io.BytesIO(exported(home)), rich_text=True).worksheets[0]
    cell = next(c for row in ws.iter_rows() for c in row if isinstance(c.value, CellRichText))
    heading, description = cell.value
    assert heading.font.b and heading.text == "1. Home Council nurture approach"
    assert description == "\nTo progress a small nurture pilot." and not cell.font.b


def test_the_progress_header_has_room(home):
    ws = load_workbook(io.BytesIO(exported(home))).worksheets[0]
    header = next(c for row in ws.iter_rows() for c in row if c.value == "Progress (RAG)")
    assert ws.column_dimensions[header.column_letter].width >= 16


def test_the_importer_still_reads_the_action(home):
    parsed = parse_tracker(load_workbook(io.BytesIO(exported(home)), read_only=True))
    (action,) = parsed.actions
    assert (action.code, action.title, action.description) == (
        "1",
        "Home Council nurture approach",
        "To progress a small nurture pilot.",
    )
