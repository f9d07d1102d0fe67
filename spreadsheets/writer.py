"""The one writer: any export (a plain object with ``title``, ``filename`` and ``sheets()``) to .xlsx bytes.

Exports say *what* a workbook holds (spreadsheets/exports/); this module alone says how it is written:
header style, frozen header, autofilter, column widths and wrapping, number formats, merged cells, fills,
native charts, print set-up (landscape, fit to width, header row repeated), document properties, and
formula-injection safety for every text cell.

``write_only=True`` streams rows (openpyxl's write-only mode: memory stays flat at national scale); it
writes values, formats and fills but no merges or charts.

openpyxl writes formulas without their values; ``with_cached_values`` puts the engine's figures into the
file as the formulas' cached values, so what opens first (and any reader that does not recalculate) shows
the same pounds as the pages.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable
from datetime import datetime
from functools import lru_cache
from typing import Protocol

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import BarChart, LineChart, Reference, Series
from openpyxl.chart.axis import ChartLines
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from spreadsheets.cells import HEADER_FILL, BarChartSpec, Cell, Formula, Sheet, is_risky_text

MAX_SHEET_TITLE = 31
WRAPPED = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
_BAD_TITLE = re.compile(r"[\[\]\*\?/\\:]")


class Export(Protocol):
    title: str
    filename: str
    council: str

    def sheets(self) -> Iterable[Sheet]: ...


def sheet_title(text: str) -> str:
    """Excel's rules: at most 31 characters, none of []*?/\\:."""
    return _BAD_TITLE.sub(" ", text).strip()[:MAX_SHEET_TITLE] or "Sheet"


@lru_cache(maxsize=64)
def _fill_style(colour: str) -> PatternFill:
    return PatternFill("solid", fgColor=colour)


@lru_cache(maxsize=64)
def _font_style(bold: bool, italic: bool, colour: str | None) -> Font:
    return Font(bold=bold, italic=italic, color=colour)


def _styled(cell, spec: Cell | None, column_format: str | None, wrap: bool) -> None:
    number_format = (spec.number_format if spec else None) or column_format
    if number_format:
        cell.number_format = number_format
    if spec is not None and spec.fill:
        cell.fill = _fill_style(spec.fill)
    if spec is not None and (spec.bold or spec.font_colour or spec.italic):
        cell.font = _font_style(spec.bold, spec.italic, spec.font_colour)
    wrapped = wrap if spec is None or spec.wrap is None else spec.wrap
    # Top-aligned, so a milestone's cells line up with the start of its action's merged cells.
    cell.alignment = WRAPPED if wrapped else TOP


def _put(cell, value) -> None:
    """Set a cell's value; risky text stays text (data type "s"), never a formula.

    A carriage return is written as Excel's own escape ``_x000D_``: XML readers turn a raw CR into a line
    feed, so only the escape keeps the text exactly as typed.
    """
    if isinstance(value, str) and "\r" in value:
        value = value.replace("\r", "_x000D_")
    cell.value = value
    if is_risky_text(value) or (isinstance(value, str) and value.startswith("_x000D_")):
        cell.data_type = "s"


def _has_cr(value) -> bool:
    return isinstance(value, str) and "\r" in value


def _value(item):
    if isinstance(item, Cell):
        return item.value, item
    return item, None


class _Cached:
    """The cached values of formula cells, per sheet, to put into the file after openpyxl wrote it."""

    def __init__(self):
        self.by_sheet: dict[str, dict[str, float | int]] = {}

    def add(self, sheet: str, ref: str, value) -> None:
        if value is not None:
            self.by_sheet.setdefault(sheet, {})[ref] = value


def _write_sheet(ws, sheet: Sheet, cached: _Cached) -> None:
    for number, line in enumerate(sheet.preamble, start=1):
        _put(ws.cell(row=number, column=1), line)
        ws.cell(row=number, column=1).font = Font(bold=number == 1, size=14 if number == 1 else 11)
    header_row = sheet.header_row
    if sheet.header:
        for col, column in enumerate(sheet.columns, start=1):
            cell = ws.cell(row=header_row, column=col)
            _put(cell, column.header)
            cell.font = Font(bold=True, color="FFFFFF")
            cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    row_number = sheet.first_data_row - 1
    merges = []
    for row_number, row in enumerate(sheet.rows, start=sheet.first_data_row):
        for col, item in enumerate(row, start=1):
            if item is None:
                continue  # a blank cell, or one that a merge above covers
            column = sheet.columns[col - 1] if col <= len(sheet.columns) else None
            value, spec = _value(item)
            cell = ws.cell(row=row_number, column=col)
            if isinstance(value, Formula):
                cell.value = value.text
                cached.add(ws.title, cell.coordinate, value.cached)
            else:
                _put(cell, value)
            _styled(cell, spec, column.number_format if column else None, column.wrap if column else False)
            if spec is not None and spec.merge_down:
                merges.append((row_number, col, row_number + spec.merge_down))
    for first, col, last in merges:  # after the values: a merged cell below the first takes no value
        ws.merge_cells(start_row=first, start_column=col, end_row=last, end_column=col)
    _fit_row_heights(ws, sheet)
    if sheet.footer:
        for index, row in enumerate(sheet.footer):
            for col, item in enumerate(row, start=1):
                value, spec = _value(item)
                cell = ws.cell(row=sheet.footer_row(index), column=col)
                _put(cell, value)
                _styled(cell, spec, None, False)
    for col, column in enumerate(sheet.columns, start=1):
        ws.column_dimensions[get_column_letter(col)].width = column.width
    if sheet.header and sheet.freeze:
        ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    last_row = max(row_number, header_row)
    if sheet.header and sheet.autofilter and sheet.rows:
        ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(sheet.columns))}{last_row}"
    _print_setup(ws, sheet, header_row)
    for spec in sheet.charts:
        chart = _bar_chart(ws, spec) if isinstance(spec, BarChartSpec) else _chart(ws, spec)
        ws.add_chart(chart, spec.anchor)


LINE_POINTS = 15  # one line of 11 pt text
MAX_ROW_POINTS = 409  # Excel's limit


def _lines(text: object, width: float) -> int:
    """About how many lines a wrapped cell of this column width needs (a character is about one unit)."""
    per_line = max(int(width * 1.1), 1)
    return sum(max(1, -(-len(part) // per_line)) for part in str(text).split("\n"))


def _fit_row_heights(ws, sheet: Sheet) -> None:
    """Set each row's height to fit its wrapped text: spreadsheet programs do not grow rows on their own
    when a file gives no height, and merged cells never do. A merged cell's lines are shared by its rows."""
    needed: dict[int, float] = {}
    for row_number, row in enumerate(sheet.rows, start=sheet.first_data_row):
        for col, item in enumerate(row, start=1):
            if item is None or col > len(sheet.columns):
                continue
            value, spec = _value(item)
            column = sheet.columns[col - 1]
            wrapped = column.wrap if spec is None or spec.wrap is None else spec.wrap
            if not wrapped or value is None or isinstance(value, Formula):
                continue
            span = 1 + (spec.merge_down if spec else 0)
            per_row = _lines(value, column.width) / span
            for offset in range(span):
                needed[row_number + offset] = max(needed.get(row_number + offset, 1), per_row)
    for row_number, lines in needed.items():
        if lines > 1:
            ws.row_dimensions[row_number].height = min(MAX_ROW_POINTS, round(lines * LINE_POINTS + 2))


def _print_setup(ws, sheet: Sheet, header_row: int) -> None:
    ws.page_setup.orientation = "landscape" if sheet.landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    if sheet.header:
        ws.print_title_rows = f"{header_row}:{header_row}"


def _chart(ws, spec):
    chart = LineChart() if spec.kind == "line" else BarChart()
    chart.title = spec.title
    chart.width, chart.height = spec.width, spec.height
    chart.y_axis.title = spec.y_title
    chart.y_axis.number_format = spec.y_format
    # Written out: an axis without <c:delete val="0"/> is hidden by Excel (LibreOffice shows it anyway).
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    for row in spec.series_rows:
        values = Reference(ws, min_col=spec.first_column, max_col=spec.last_column, min_row=row, max_row=row)
        chart.series.append(Series(values, title=str(ws.cell(row=row, column=spec.name_column).value or "")))
    categories = Reference(
        ws,
        min_col=spec.first_column,
        max_col=spec.last_column,
        min_row=spec.categories_row,
        max_row=spec.categories_row,
    )
    chart.set_categories(categories)
    if spec.kind == "bar":
        chart.y_axis.scaling.min = 0  # stacked savings start from nothing
        chart.type = "col"
        chart.grouping = "stacked"
        chart.overlap = 100
    return chart


def _bar_chart(ws, spec: BarChartSpec) -> BarChart:
    chart = BarChart()
    chart.type = "bar" if spec.horizontal else "col"
    chart.grouping = "stacked" if spec.stacked else "clustered"
    if spec.stacked:
        chart.overlap = 100
    chart.title = spec.title
    chart.width, chart.height = spec.width, spec.height
    chart.x_axis.title = spec.category_title
    chart.y_axis.title = spec.value_title
    chart.y_axis.number_format = spec.value_format
    chart.y_axis.majorGridlines = ChartLines()
    chart.y_axis.scaling.min = 0
    chart.x_axis.delete = False  # written out: Excel hides an axis without <c:delete val="0"/>
    chart.y_axis.delete = False
    if spec.horizontal:
        # The first row at the top, as the table reads; the counts' axis then stays at the bottom.
        chart.x_axis.scaling.orientation = "maxMin"
        chart.y_axis.crosses = "max"
    for column in spec.series_columns:
        values = Reference(ws, min_col=column, max_col=column, min_row=spec.first_row, max_row=spec.last_row)
        name = ws.cell(row=spec.titles_row, column=column).value if spec.titles_row else spec.series_title
        series = Series(values, title=str(name or ""))
        if spec.colours:
            series.graphicalProperties.solidFill = spec.colours[len(chart.series) % len(spec.colours)]
            series.graphicalProperties.line.solidFill = "FFFFFF"  # a white edge between stacked bands
        chart.series.append(series)
    chart.gapWidth = 60  # bars wider than the default's thin ones
    chart.set_categories(
        Reference(
            ws,
            min_col=spec.categories_column,
            max_col=spec.categories_column,
            min_row=spec.first_row,
            max_row=spec.last_row,
        )
    )
    if len(spec.series_columns) == 1:
        chart.legend = None  # one series: the title and the value axis say what it is
    else:
        chart.legend.position = "b"
    return chart


def _write_only_sheet(wb, sheet: Sheet) -> None:
    ws = wb.create_sheet(sheet_title(sheet.title))
    # Before the first row: a streamed sheet writes its <sheetPr> (fit to page) with the first row, so
    # set afterwards it was lost and the national workbook printed on 18 pages.
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = 9  # A4 (Worksheet.PAPERSIZE_A4; the streamed sheet has no such constant)
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    for col, column in enumerate(sheet.columns, start=1):
        ws.column_dimensions[get_column_letter(col)].width = column.width
    if sheet.header:
        ws.freeze_panes = "A2"
        header = []
        for column in sheet.columns:
            cell = WriteOnlyCell(ws, value=column.header)
            cell.font = Font(bold=True, color="FFFFFF")
            cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
            header.append(cell)
        ws.append(header)
    # Streaming tens of thousands of rows: a plain value where it needs no style, one prepared style per
    # column, a cell object only where a value needs a format, a fill or must stay text.
    formats = [column.number_format for column in sheet.columns]
    for row in sheet.rows:
        out = []
        for col, item in enumerate(row):
            value, spec = _value(item)
            number_format = formats[col] if col < len(formats) else None
            if (
                spec is None
                and value is not None
                and (number_format or is_risky_text(value) or _has_cr(value))
            ):
                cell = WriteOnlyCell(ws)
                _put(cell, value)
                if number_format:
                    cell.number_format = number_format
                out.append(cell)
            elif spec is not None:
                cell = WriteOnlyCell(ws)
                _put(cell, value)
                _styled(cell, spec, number_format, False)
                out.append(cell)
            else:
                out.append(value)
        ws.append(out)
    if sheet.header:
        ws.print_title_rows = "1:1"


def to_workbook(export: Export, *, write_only: bool = False, now: datetime | None = None) -> bytes:
    """The export as .xlsx bytes, with document properties: title, council (subject), when generated."""
    now = now or timezone.now()
    wb = Workbook(write_only=write_only)
    cached = _Cached()
    if not write_only:
        wb.remove(wb.active)
    for sheet in export.sheets():
        if write_only:
            _write_only_sheet(wb, sheet)
        else:
            _write_sheet(wb.create_sheet(sheet_title(sheet.title)), sheet, cached)
    props = wb.properties
    props.title = export.title
    props.subject = str(export.council)
    props.creator = "DSG Recovery Tracker"
    props.keywords = f"{export.council}; generated {timezone.localtime(now):%Y-%m-%d %H:%M}"
    props.created = props.modified = timezone.localtime(now).replace(tzinfo=None)
    buffer = io.BytesIO()
    wb.save(buffer)
    data = buffer.getvalue()
    return with_cached_values(data, cached.by_sheet) if cached.by_sheet else data


_SHEET_PATH = "xl/worksheets/sheet{n}.xml"


def with_cached_values(data: bytes, values: dict[str, dict[str, float | int]]) -> bytes:
    """Put cached values into the formula cells openpyxl wrote empty (``<c r="B5"><f>…</f><v/></c>``)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    order = _sheet_order(source)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            title = order.get(item.filename)
            if title in values:
                content = _fill(content.decode("utf-8"), values[title]).encode("utf-8")
            target.writestr(item, content)
    return out.getvalue()


def _sheet_order(source: zipfile.ZipFile) -> dict[str, str]:
    """worksheet part name -> sheet title, from the workbook's own listing."""
    workbook = source.read("xl/workbook.xml").decode("utf-8")
    rels = source.read("xl/_rels/workbook.xml.rels").decode("utf-8")
    targets = dict(re.findall(r'<Relationship[^>]*Id="([^"]+)"[^>]*Target="([^"]+)"', rels))
    targets.update(
        {k: v for v, k in re.findall(r'<Relationship[^>]*Target="([^"]+)"[^>]*Id="([^"]+)"', rels)}
    )
    result = {}
    for name, rid in re.findall(r'<sheet[^>]*name="([^"]+)"[^>]*r:id="([^"]+)"', workbook):
        target = targets[rid].lstrip("/")
        result[target if target.startswith("xl/") else f"xl/{target}"] = _unescape(name)
    return result


def _unescape(text: str) -> str:
    return (
        text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
        .replace("&apos;", "'")
        .replace("&amp;", "&")
    )


# openpyxl writes the empty value as <v/>, or as <v></v> when lxml is installed (python-docx brings it).
_FORMULA_CELL = re.compile(r'(<c r="([A-Z]+[0-9]+)"[^>]*>)(<f>.*?</f>)<v(?:\s*/>|>\s*</v>)(</c>)', re.S)


def _fill(xml: str, values: dict[str, float | int]) -> str:
    def put(match):
        value = values.get(match.group(2))
        if value is None:
            return match.group(0)
        return f"{match.group(1)}{match.group(3)}<v>{value}</v>{match.group(4)}"

    return _FORMULA_CELL.sub(put, xml)
