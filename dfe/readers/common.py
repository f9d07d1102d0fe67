"""What every DfE file family shares: decoding, the DfE's symbols, periods, and the errors a reader raises.

Readers are pure: bytes in, plain rows out, no database. A row carries the line it came from, so the store
can cite it and an error can name it.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

# The DfE's symbols (GSS guidance): none of them is ever a zero.
NOT_APPLICABLE = {"z"}
NOT_AVAILABLE = {"c", "x", ":", "low", "u"}
SYMBOL_MEANING = {
    "c": "suppressed by the DfE to protect confidentiality",
    "x": "not available",
    ":": "not available",
    "low": "a number below half the unit shown",
    "u": "low reliability",
    "z": "not applicable",
}


class DfeFileError(ValueError):
    """The file cannot be read; the message says why, in words, naming the file, line and column."""


class LayoutNotRecognised(DfeFileError):
    """The header is not one this version reads; the message names what it looks like."""


@dataclass(frozen=True)
class Value:
    """A figure as the DfE gave it: a number, or a symbol kept as it was (never 0)."""

    number: Decimal | None
    symbol: str = ""

    @property
    def is_number(self) -> bool:
        return self.number is not None

    @property
    def not_applicable(self) -> bool:
        return self.symbol in NOT_APPLICABLE

    @property
    def meaning(self) -> str:
        return SYMBOL_MEANING.get(self.symbol, "")


@dataclass(frozen=True)
class Figure:
    """One figure for one area: the store's unit. `la_code` is the old three-digit code; England is "E"."""

    la_code: str
    gss_code: str
    la_name: str
    series: str
    period: str  # "2025-01" (January census), "2024" (calendar year), "2023-24" (financial year)
    value: Value
    file: str
    line: int
    breakdown: str = ""


NUMBER = re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?")
ENGLAND = "E"


def decode(data: bytes, *, file: str, fallback: str | None = None) -> str:
    """UTF-8 with or without a BOM; `fallback` (cp1252 for s251) when it is not UTF-8. En dashes stay."""
    if data[:4] == b"PK\x03\x04":
        raise DfeFileError(f"{file}: this is a zip or spreadsheet file, not a CSV file")
    if b"\x00" in data[:4096]:
        raise DfeFileError(f"{file}: this is a binary file, not a CSV file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if fallback:
            try:
                return data.decode(fallback)
            except UnicodeDecodeError:
                pass
        line = data[: error.start].count(b"\n") + 1
        raise DfeFileError(
            f"{file}, line {line}: the file is not UTF-8 text"
            + (f" (nor {fallback})" if fallback else "")
            + "; save it again as CSV UTF-8"
        ) from None


def csv_rows(text: str, *, file: str) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    """The header (trimmed) and the rows as dicts with their line numbers (the header is line 1)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise DfeFileError(f"{file}: the file is empty") from None
    except csv.Error as error:
        raise DfeFileError(f"{file}, line 1: the header cannot be read as CSV ({error})") from None

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        try:
            for cells in reader:
                if not any(c.strip() for c in cells):
                    continue
                yield reader.line_num, dict(zip(header, cells, strict=False))
        except csv.Error as error:
            raise DfeFileError(f"{file}, line {reader.line_num}: cannot be read as CSV ({error})") from None

    return header, rows()


def value(cell: str | None, *, file: str, line: int, column: str) -> Value:
    """A cell as a Value: a number, a DfE symbol, or an error naming file, line and column."""
    text = (cell or "").strip()
    symbol = text.lower()
    if symbol in NOT_APPLICABLE or symbol in NOT_AVAILABLE:
        return Value(None, symbol)
    plain = text.replace(",", "").replace("£", "")
    if NUMBER.fullmatch(plain):
        try:
            return Value(Decimal(plain).normalize() if "e" in plain.lower() else Decimal(plain))
        except InvalidOperation:
            pass
    shown = f"“{text}”" if text else "an empty cell"
    raise DfeFileError(
        f"{file}, line {line}, column {column}: {shown} is neither a number "
        "nor a DfE symbol (c, x, z, :, low, u)"
    )


def census_period(time_period: str, *, file: str, line: int) -> str:
    """ "202425" (academic year 2024/25) -> "2025-01", its January census; "2022" (calendar) -> "2022-01"."""
    text = time_period.strip()
    if re.fullmatch(r"\d{6}", text) and int(text[4:]) == (int(text[:4]) + 1) % 100:
        return f"{int(text[:4]) + 1}-01"
    if re.fullmatch(r"\d{4}", text):
        return f"{text}-01"
    raise DfeFileError(f"{file}, line {line}, column time_period: “{text}” is not a year like 202425")


def calendar_period(time_period: str, *, file: str, line: int) -> str:
    text = time_period.strip()
    if re.fullmatch(r"\d{4}", text):
        return text
    raise DfeFileError(f"{file}, line {line}, column time_period: “{text}” is not a calendar year like 2024")


def financial_period(time_period: str, *, file: str, line: int) -> str:
    """ "202324" -> "2023-24"."""
    text = time_period.strip()
    if re.fullmatch(r"\d{6}", text) and int(text[4:]) == (int(text[:4]) + 1) % 100:
        return f"{text[:4]}-{text[4:]}"
    raise DfeFileError(
        f"{file}, line {line}, column time_period: “{text}” is not a financial year like 202324"
    )


def period_label(period: str) -> str:
    """How a page says a period: "January 2025", "2024", "2023-24"."""
    if re.fullmatch(r"\d{4}-01", period):
        return f"January {period[:4]}"
    return period


def area(row: dict[str, str], *, file: str, line: int) -> tuple[str, str, str] | None:
    """(old LA code, GSS code, name) for a local-authority or national row; None for regions and others."""
    level = (row.get("geographic_level") or "").strip().lower()
    if level == "national":
        return ENGLAND, (row.get("country_code") or "E92000001").strip(), "England"
    if level != "local authority":
        return None
    code = (row.get("old_la_code") or "").strip()
    if not re.fullmatch(r"\d{3}", code):
        raise DfeFileError(f"{file}, line {line}, column old_la_code: “{code}” is not a three-digit LA code")
    return code, (row.get("new_la_code") or "").strip(), (row.get("la_name") or "").strip()


def require(header: list[str], columns: list[str], *, file: str, what: str) -> None:
    missing = [c for c in columns if c not in header]
    if missing:
        raise LayoutNotRecognised(
            f"{file}: this looks like {what}, but it has no "
            + ", ".join(f"“{c}”" for c in missing[:3])
            + (" (and others)" if len(missing) > 3 else "")
            + " column"
        )
