"""Read a recovery plan tracker as councils keep it (seed 002) into plain data, collecting every problem.

- Title or blank rows may stand above the header; the header is found by its words in the first 10 rows,
  and columns by their header text, not their position. A Commentary column is optional.
- An action's number, title and description, outcomes and risks are merged down its milestone rows, or
  written once with blank cells below; a continuation row's outcome or risk text (a cell split over rows,
  as pasted from Word) is added to the action's.
- The table ends at the first fully blank row, so a RAG key, notes or a names line below never become actions.
- Dates: real Excel dates, dd/mm/yyyy text, or month-year text ("November 2021", "Nov-21", "Sept 2019":
  the first of that month); "TBC", "ongoing" or blank mean no date.
- RAG: a word in any case ("Green", "amber", "G", "Complete", "Completed"), or only the cell's fill colour;
  a longer text in the progress column is commentary, its RAG the fill.
- Leads: initials, several joined by "/" ("LCJ/CC").

Every problem names sheet, cell and reason ("Recovery Plan!H9: unknown RAG 'Grn' (use Green, Amber, Red or
Complete)"); the caller writes nothing if there is any.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from openpyxl.utils import get_column_letter

from core.financial_years import EARLIEST_DATE, LATEST_DATE
from spreadsheets.importer.guards import MAX_COLUMNS, MAX_ROWS

HEADER_SEARCH_ROWS = 10
REQUIRED = ("action", "milestone", "lead", "start", "end", "progress")
COLUMN_WORDS = {  # first match wins, in this order
    "outcomes": ("expected outcome", "outcome"),
    "risks": ("risk",),
    "milestone": ("key milestone", "milestone"),
    "action": (
        "key improvement action",
        "improvement action",
        "action",
        "workstream",
        "initiative",
        "project",
    ),
    "lead": ("lead",),
    "start": ("start",),
    "end": ("end date", "end", "due"),
    "progress": ("progress", "rag"),
    "commentary": ("commentary", "comment", "update"),
}
LABELS = {
    "action": "Key Improvement Action",
    "milestone": "Key Milestones",
    "lead": "Lead",
    "start": "Start Date",
    "end": "End Date",
    "progress": "Progress (RAG)",
}
RAG_WORDS = {
    "green": "green", "g": "green",
    "amber": "amber", "a": "amber", "yellow": "amber",
    "red": "red", "r": "red",
    "complete": "complete", "completed": "complete", "done": "complete", "blue": "complete",
}  # fmt: skip
NO_DATE = {"", "tbc", "tbd", "ongoing", "on-going", "n/a", "na", "-", "–", "none"}
MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4, "may": 5,
    "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9,
    "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}  # fmt: skip
FILLS = {
    "00B050": "green", "92D050": "green", "00FF00": "green", "FFC000": "amber", "FFFF00": "amber",
    "FFC7CE": "red", "FF0000": "red", "C00000": "red", "0070C0": "complete", "00B0F0": "complete",
}  # fmt: skip
MAX_TITLE = 300
MAX_ACTION_TITLE = 200
MAX_TEXT = 10_000

_ACTION = re.compile(r"^\s*(?:action\s+)?([0-9]{1,3}[a-z]?|[a-z])\s*[.):]\s+(.*)$", re.I | re.S)
_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})$")
_MONTH_YEAR = re.compile(r"^([a-z]+)\.?[\s\-/]*'?(\d{2}|\d{4})$", re.I)


@dataclass
class ParsedMilestone:
    row: int
    title: str
    leads: list[str]
    start: date | None
    end: date | None
    status: str  # "green", "amber", "red", "complete" or "" (not rated)
    commentary: str


@dataclass
class ParsedAction:
    row: int
    code: str
    title: str
    description: str
    outcomes: str
    risks: str
    leads: list[str] = field(default_factory=list)  # the Lead cell of the action's first row
    milestones: list[ParsedMilestone] = field(default_factory=list)


@dataclass
class ParsedTracker:
    sheet: str
    actions: list[ParsedAction] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    # The columns the file has (keys of COLUMN_WORDS): one it lacks leaves the app's value alone.
    columns: frozenset[str] = frozenset(COLUMN_WORDS)

    @property
    def milestone_count(self) -> int:
        return sum(len(a.milestones) for a in self.actions)


def _norm(text) -> str:
    return re.sub(r"[^a-z0-9 ]+", " ", str(text or "").lower()).strip()


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.strftime("%d/%m/%Y")
    text = re.sub(r"_x000[dD]_", "\r", str(value))  # Excel's escape for a carriage return
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.strip() for line in text.split("\n")).strip()


def find_columns(header: list) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        words = _norm(cell)
        if not words:
            continue
        for key, options in COLUMN_WORDS.items():
            if key not in columns and any(words.startswith(o) or f" {o}" in f" {words}" for o in options):
                columns[key] = index
                break
    return columns


def _fill(cell) -> str:
    fill = getattr(cell, "fill", None)
    if fill is None or getattr(fill, "patternType", None) != "solid":
        return ""
    colour = getattr(fill, "fgColor", None)
    rgb = (
        getattr(colour, "rgb", None) if colour is not None and getattr(colour, "type", "") == "rgb" else None
    )
    if not isinstance(rgb, str):
        return ""
    return FILLS.get(rgb[-6:].upper(), "")


def parse_date(value) -> date | None:
    """A cell's date; raises ValueError (with the cell's text) when it is not one."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 20_000 < value < 80_000:  # an Excel serial date in a cell not formatted as a date
            return date(1899, 12, 30) + timedelta(days=int(value))
        raise ValueError(str(value))
    text = _text(value)
    if text.lower() in NO_DATE:
        return None
    match = _DMY.match(text)
    if match:
        d, m, y = (int(g) for g in match.groups())
        return date(2000 + y if y < 100 else y, m, d)
    match = _MONTH_YEAR.match(text.replace(",", " ").strip())
    if match and match[1].lower() in MONTHS:
        year = int(match[2])
        return date(2000 + year if year < 100 else year, MONTHS[match[1].lower()], 1)
    raise ValueError(text)


def split_action(text: str) -> tuple[str, str, str]:
    """ "1. Nurture approach\\nTo progress…" -> ("1", "Nurture approach", "To progress…"). A title in capitals
    run on into its description ("1. NURTURE APPROACH To progress…", as seed 002) is split where the
    capitals end."""
    match = _ACTION.match(text)
    code, rest = (match[1], match[2]) if match else ("", text)
    first, _, more = rest.partition("\n")
    first, more = first.strip(), more.strip()
    if not more:
        # Seed 002 runs "NURTURE APPROACH To progress…" on one line: two or more words in capitals, then a
        # sentence. One capitalised word ("SEMH specialist teachers") is just a title.
        words = first.split()
        capitals = 0
        while capitals < len(words) and words[capitals].isupper() and len(words[capitals]) > 1:
            capitals += 1
        if 2 <= capitals < len(words) and words[capitals][:1].isupper():
            first, more = " ".join(words[:capitals]), " ".join(words[capitals:])
    if first.isupper() and " " in first:
        first = first.capitalize()  # "NURTURE APPROACH" -> "Nurture approach"; "SEND" stays
    return code, first, more


def parse_tracker(workbook) -> ParsedTracker:
    """Find the tracker sheet and read it. The workbook is openpyxl's (read-only is fine)."""
    found = None
    for ws in workbook.worksheets:
        rows = []
        for row in ws.iter_rows(min_row=1, max_row=HEADER_SEARCH_ROWS, max_col=MAX_COLUMNS):
            rows.append(row)
        for offset, row in enumerate(rows, start=1):
            columns = find_columns([c.value for c in row])
            if "milestone" in columns and "action" in columns:
                found = (ws, offset, columns)
                break
        if found:
            break
    if found is None:
        return ParsedTracker(
            sheet="",
            problems=[
                "No sheet has a header row (in its first 10 rows) with the columns Key Improvement Action, "
                "Key Milestones, Lead, Start Date, End Date and Progress (RAG)."
            ],
        )
    ws, header_row, columns = found
    result = ParsedTracker(sheet=ws.title, columns=frozenset(columns))
    missing = [LABELS[key] for key in REQUIRED if key not in columns]
    if missing:
        result.problems.append(
            f"{ws.title}!{header_row}: the header row has no {', '.join(missing)} column "
            "(columns are found by their header text)."
        )
        return result
    _read_rows(ws, header_row, columns, result)
    return result


def _read_rows(ws, header_row: int, columns: dict[str, int], result: ParsedTracker) -> None:
    sheet = ws.title

    def ref(key: str, row: int) -> str:
        return f"{sheet}!{get_column_letter(columns[key] + 1)}{row}"

    current: ParsedAction | None = None
    for number, row in enumerate(
        ws.iter_rows(min_row=header_row + 1, max_row=header_row + MAX_ROWS + 1, max_col=MAX_COLUMNS),
        start=header_row + 1,
    ):
        if number > header_row + MAX_ROWS:
            result.problems.append(
                f"{sheet}: the table has more than {MAX_ROWS} rows; split the plan or remove rows that "
                "only look blank."
            )
            return
        line = _Row(row, columns)
        cells, cell, value = line.cells, line.cell, line.value
        if all(c is None or c.value is None or _text(c.value) == "" for c in cells):
            return  # the first fully blank row ends the table
        formulas = [key for key in columns if getattr(cell(key), "data_type", "") == "f"]
        for key in formulas:
            result.problems.append(f"{ref(key, number)}: a formula; paste its value instead")
        if formulas:
            continue
        action_text = _text(value("action"))
        if action_text:
            code, title, description = split_action(action_text)
            if not title:
                result.problems.append(f"{ref('action', number)}: the action has no title")
            elif len(title) > MAX_ACTION_TITLE:
                result.problems.append(
                    f"{ref('action', number)}: the action's title is {len(title)} characters; the most is "
                    f"{MAX_ACTION_TITLE} (put the rest on the lines below it, as its description)"
                )
            outcomes, risks = _text(value("outcomes")), _text(value("risks"))
            current = ParsedAction(
                number, code, title, description, outcomes, risks, leads=_leads(value("lead"))
            )
            result.actions.append(current)
        elif current is None:
            result.problems.append(f"{ref('action', number)}: a milestone row before any action")
            continue
        else:
            for key in ("outcomes", "risks"):
                more = _text(value(key))
                if more:
                    setattr(current, key, f"{getattr(current, key)}\n{more}".strip())
        title = _text(value("milestone"))
        if not title:
            continue  # an action row without a milestone of its own
        if len(title) > MAX_TITLE:
            result.problems.append(
                f"{ref('milestone', number)}: the milestone is {len(title)} characters; "
                f"the most is {MAX_TITLE}"
            )
        leads = _leads(value("lead"))
        if not leads:
            result.problems.append(f"{ref('lead', number)}: no lead")
        dates = {}
        for key in ("start", "end"):
            try:
                dates[key] = parse_date(value(key))
            except ValueError as error:
                dates[key] = None
                result.problems.append(
                    f"{ref(key, number)}: {str(error)!r} is not a date (use a date, dd/mm/yyyy, or a month "
                    "and year like November 2021; TBC or ongoing for none)"
                )
            else:
                if dates[key] and not EARLIEST_DATE <= dates[key] <= LATEST_DATE:
                    result.problems.append(
                        f"{ref(key, number)}: {dates[key]:%d/%m/%Y} is not between 2000 and 2100"
                    )
        if dates["start"] and dates["end"] and dates["end"] < dates["start"]:
            result.problems.append(
                f"{ref('end', number)}: end date {dates['end']:%d/%m/%Y} is before the start date "
                f"{dates['start']:%d/%m/%Y}"
            )
        status, commentary = _progress(cell("progress"), ref("progress", number), result)
        written = _text(value("commentary"))
        if len(written) > MAX_TEXT:
            result.problems.append(
                f"{ref('commentary', number)}: the commentary is longer than {MAX_TEXT} characters"
            )
        current.milestones.append(
            ParsedMilestone(number, title, leads, dates["start"], dates["end"], status, written or commentary)
        )


def _leads(cell_value) -> list[str]:
    """ "LCJ/CC" -> ["LCJ", "CC"] (also "LCJ, CC" and "LCJ & CC")."""
    return [part.strip() for part in re.split(r"[/,&]", _text(cell_value)) if part.strip()]


class _Row:
    """One table row's cells, looked up by column key."""

    def __init__(self, row, columns: dict[str, int]):
        self.cells = list(row)
        self.columns = columns

    def cell(self, key: str):
        index = self.columns.get(key)
        return self.cells[index] if index is not None and index < len(self.cells) else None

    def value(self, key: str):
        found = self.cell(key)
        return None if found is None else found.value


def _progress(cell, where: str, result: ParsedTracker) -> tuple[str, str]:
    """The RAG (from the word, else the fill) and any progress text that is commentary, not a RAG word."""
    text = _text(None if cell is None else cell.value)
    word = text.lower().rstrip(".")
    if word in RAG_WORDS:
        return RAG_WORDS[word], ""
    fill = _fill(cell) if cell is not None else ""
    if not text:
        return fill, ""
    if len(text) <= 12 and " " not in text:
        result.problems.append(f"{where}: unknown RAG {text!r} (use Green, Amber, Red or Complete)")
        return "", ""
    return fill, text  # seed 002 writes progress text in the coloured cell
