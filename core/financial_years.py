"""Financial years run April to March and are written "2024-25". We store the year they start in (2024).

Pure Python, no Django: the projection engine, the Excel code and the models all use these.
"""

import re
from datetime import date

_FINANCIAL_YEAR = re.compile(r"(\d{4})-(\d{2})")
# The dates and years the tracker records, forecasts and accepts in forms, files and services: one range,
# used everywhere (a typo like 0024 or 9999 is refused, any real plan, census or paper fits).
EARLIEST_DATE, LATEST_DATE = date(2000, 1, 1), date(2100, 12, 31)
FIRST_RECORDED_YEAR, LAST_RECORDED_YEAR = EARLIEST_DATE.year, LATEST_DATE.year - 1


def parse_financial_year(value: str) -> int:
    """``"2024-25"`` -> ``2024`` (the year the financial year starts, in April); strict about the text."""
    if not isinstance(value, str):
        raise ValueError(f"financial year must be text like '2024-25', got {value!r}")
    match = _FINANCIAL_YEAR.fullmatch(value)
    if match is None:
        raise ValueError(
            f"financial year {value!r} is not written like '2024-25' "
            "(the four-digit start year, a hyphen, the last two digits of the next year)"
        )
    start, end = int(match[1]), int(match[2])
    if end != (start + 1) % 100:
        raise ValueError(
            f"financial year {value!r} does not run April to March: "
            f"the year starting in {start} is written {format_financial_year(start)!r}"
        )
    return start


def format_financial_year(start: int) -> str:
    """``2024`` -> ``"2024-25"``."""
    if not 1000 <= start <= 9998:
        raise ValueError(f"financial year start {start} is outside 1000..9998")
    return f"{start}-{(start + 1) % 100:02d}"


def financial_years(first: str, n: int) -> list[str]:
    """``financial_years("2024-25", 3)`` -> ``["2024-25", "2025-26", "2026-27"]``."""
    start = parse_financial_year(first)
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise ValueError(f"number of years must be a whole number 0 or more, got {n!r}")
    if start + n - 1 > 9998:
        raise ValueError(f"{n} years from {first} run past the year 9999")
    return [format_financial_year(start + i) for i in range(n)]


def fy_label(start_year: int) -> str:
    """2024 -> "2024-25" (the short name the models and templates use)."""
    return format_financial_year(start_year)


def parse_fy(label: str) -> int:
    """ "2024-25" -> 2024, forgiving of surrounding spaces (fixtures, forms, URLs)."""
    return parse_financial_year(str(label).strip())


def fy_of(day: date) -> int:
    """The financial year a date falls in: 1 April 2024 to 31 March 2025 is 2024."""
    return day.year if day.month >= 4 else day.year - 1


def fy_range(first: int, last: int) -> list[int]:
    return list(range(first, last + 1))


def is_recorded_year(start_year: int) -> bool:
    """True for a financial year the tracker accepts (2000-01 to 2099-00)."""
    return FIRST_RECORDED_YEAR <= start_year <= LAST_RECORDED_YEAR
