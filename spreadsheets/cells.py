"""What goes into a cell: values, formulas with their cached value, and the looks finance staff expect.

Number formats follow core.money: whole pounds with a true minus before the pound sign, £m where a paper
gives £m, dates as real Excel dates. Text that a spreadsheet would run (starting "=", "+", "-", "@", tab or
CR) is written as text, never as a formula: see ``safe_text`` and the writer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from core.money import MINUS
from workstreams.rag import RAG_PRINT_COLOURS

POUNDS = f'"£"#,##0;"{MINUS}£"#,##0;"£"0'
MILLIONS = f'"£"#,##0.0#,,"m";"{MINUS}£"#,##0.0#,,"m";"£"0"m"'
PERCENT = "0%"
PERCENT_1 = "0.0%"
RATE = "0.00%"
DATE = "d mmm yyyy"
DATETIME = "d mmm yyyy hh:mm"
COUNT = "#,##0"
NUMBER = "#,##0.##"

# The RAG fills of seed 002's key, and Complete (the issue's blue). The word is always in the cell too.
RAG_FILLS = {word: fill for word, (fill, _) in RAG_PRINT_COLOURS.items()}
RAG_FONT = {word: font for word, (_, font) in RAG_PRINT_COLOURS.items()}
HEADER_FILL = "1D70B8"

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_risky_text(value: object) -> bool:
    """Text Excel or LibreOffice would read as a formula (or DDE) if typed: it must stay text."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


@dataclass(frozen=True)
class Formula:
    """A live formula ("=ROUND(B5*(1+B6),0)") and the value the engine computed, cached in the file so a
    reader that does not recalculate (a preview, openpyxl, a script) sees the right figure."""

    text: str
    cached: float | int | None = None


@dataclass(frozen=True)
class Cell:
    """A value with its look. ``merge_down`` merges this cell with the ``n`` cells below it."""

    value: object
    number_format: str | None = None
    fill: str | None = None
    font_colour: str | None = None
    bold: bool = False
    wrap: bool | None = None
    merge_down: int = 0
    italic: bool = False


def rag_cell(word: str) -> Cell:
    """ "Green" with its green fill: the word and the colour, never the colour alone."""
    if word not in RAG_FILLS:
        return Cell(word)
    return Cell(word, fill=RAG_FILLS[word], font_colour=RAG_FONT[word], bold=True)


def day(value: date | datetime | None):
    """A date for a cell (Excel dates carry no time zone)."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    return value


@dataclass
class Column:
    header: str
    width: float = 14
    number_format: str | None = None
    wrap: bool = False


@dataclass
class LineChartSpec:
    """A native Excel line chart over rows of a sheet (each row a series, one column per category)."""

    title: str
    anchor: str
    series_rows: list[int]  # 1-based rows holding a series name in ``name_column`` and values after it
    name_column: int
    first_column: int
    last_column: int
    categories_row: int
    y_title: str = ""
    kind: str = "line"  # "line" or "bar"
    y_format: str = '"£"#,##0'  # the value axis: pounds unless said otherwise ("#,##0" for counts)
    width: float = 24
    height: float = 12


@dataclass
class BarChartSpec:
    """A native Excel bar chart over columns of a sheet: each column a series, one row per category (a
    table of labels and counts, such as EHC plans by primary need, reads this way; LineChartSpec reads
    series by row). Horizontal bars list the categories top to bottom in the table's order."""

    title: str
    anchor: str
    series_columns: list[int]  # 1-based columns, each a series of the rows first_row..last_row
    first_row: int
    last_row: int
    categories_column: int  # the category labels, in the same rows
    titles_row: int | None = None  # the row naming each series (a header row); None: ``series_title``
    series_title: str = ""
    category_title: str = ""
    value_title: str = ""
    value_format: str = "#,##0"
    horizontal: bool = True
    stacked: bool = False
    colours: list[str] = field(default_factory=list)  # "1d70b8" per series, in turn; empty: the reader's
    width: float = 20
    height: float = 11


@dataclass
class Sheet:
    """One worksheet: optional title lines, a header row, rows, and what to write under the table."""

    title: str
    columns: list[Column]
    rows: list[list] = field(default_factory=list)
    preamble: list[str] = field(default_factory=list)  # title lines above the header
    footer: list[list] = field(default_factory=list)  # after one blank row (e.g. the RAG key)
    freeze: bool = True
    autofilter: bool = True
    charts: list[LineChartSpec | BarChartSpec] = field(default_factory=list)
    header: bool = True
    landscape: bool = True

    @property
    def header_row(self) -> int:
        return len(self.preamble) + 1 + (1 if self.preamble else 0)

    @property
    def first_data_row(self) -> int:
        return self.header_row + (1 if self.header else 0)

    def footer_row(self, index: int) -> int:
        """The 1-based row of footer line ``index`` (0 is the first): one blank row after the table."""
        last = max(self.first_data_row + len(self.rows) - 1, self.header_row)
        return last + 2 + index
