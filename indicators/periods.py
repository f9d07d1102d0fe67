"""The periods an indicator's values describe, each written the way councils and the DfE write it.

- financial year "2024-25" (April to March; the money side of the plan),
- academic year "2023/24" (September to August; exclusions, school moves, surveys),
- calendar year "2024" (the SEN2 census counts EHCPs each January),
- term "Autumn 2024", "Spring 2025", "Summer 2025" (the Forum's termly cycle),
- month "September 2024".

Each value keeps its period's text (as shown) and the day it starts (to sort by and to chart on). Pure Python.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from core.financial_years import FIRST_RECORDED_YEAR, LAST_RECORDED_YEAR

FINANCIAL_YEAR = "financial_year"
ACADEMIC_YEAR = "academic_year"
CALENDAR_YEAR = "calendar_year"
TERM = "term"
MONTH = "month"

PERIOD_TYPES: dict[str, str] = {
    FINANCIAL_YEAR: "Financial year (2024-25)",
    ACADEMIC_YEAR: "Academic year (2023/24)",
    CALENDAR_YEAR: "Calendar year (2024)",
    TERM: "School term (Autumn 2024)",
    MONTH: "Month (September 2024)",
}
EXAMPLES: dict[str, str] = {
    FINANCIAL_YEAR: "2024-25",
    ACADEMIC_YEAR: "2023/24",
    CALENDAR_YEAR: "2024",
    TERM: "Autumn 2024",
    MONTH: "September 2024",
}
# When each term starts, near enough to order and chart them (terms' exact dates vary by council).
TERM_STARTS = {"autumn": 9, "spring": 1, "summer": 4}
MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]

_TWO_YEARS = re.compile(r"(\d{4})\s*[-/–]\s*(\d{2}|\d{4})")
_YEAR = re.compile(r"\d{4}")
_TERM = re.compile(r"(autumn|spring|summer)(?:\s+term)?\s+(\d{4})", re.IGNORECASE)
_MONTH_WORDS = re.compile(r"([a-z]{3,9})\.?\s+(\d{4})", re.IGNORECASE)
_MONTH_NUMBERS = re.compile(r"(\d{4})-(\d{1,2})|(\d{1,2})/(\d{4})")


class PeriodError(ValueError):
    """Text that is not a period of the indicator's type; the message says how to write one."""


@dataclass(frozen=True, order=True)
class Period:
    start: date
    label: str
    period_type: str


def describe(period_type: str) -> str:
    return PERIOD_TYPES[period_type].split(" (")[0].lower()


def with_article(period_type: str) -> str:
    """ "an academic year", "a month"."""
    words = describe(period_type)
    return f"{'an' if words[0] in 'aeiou' else 'a'} {words}"


def _refuse(period_type: str, text: str) -> PeriodError:
    return PeriodError(f"“{text}” is not {with_article(period_type)}: write it like {EXAMPLES[period_type]}")


def _check_year(year: int, period_type: str, text: str) -> int:
    if not FIRST_RECORDED_YEAR <= year <= LAST_RECORDED_YEAR:
        raise PeriodError(f"“{text}” is outside {FIRST_RECORDED_YEAR} to {LAST_RECORDED_YEAR}")
    return year


def _two_years(text: str, period_type: str, separator: str, month: int) -> Period:
    match = _TWO_YEARS.fullmatch(text)
    if match is None:
        raise _refuse(period_type, text)
    start = _check_year(int(match[1]), period_type, text)
    end = match[2]
    if int(end) % 100 != (start + 1) % 100 or (len(end) == 4 and int(end) != start + 1):
        raise PeriodError(
            f"“{text}” must be two years in a row: the {describe(period_type)} starting in {start} is "
            f"written {start}{separator}{(start + 1) % 100:02d}"
        )
    return Period(date(start, month, 1), f"{start}{separator}{(start + 1) % 100:02d}", period_type)


def parse_period(period_type: str, text: object) -> Period:
    """The period ``text`` names, for an indicator whose periods are of ``period_type``."""
    if period_type not in PERIOD_TYPES:
        raise PeriodError(f"unknown period type {period_type!r}")
    cleaned = " ".join(str(text if text is not None else "").split())
    if not cleaned:
        raise PeriodError(f"Enter the {describe(period_type)}, like {EXAMPLES[period_type]}")
    if period_type == FINANCIAL_YEAR:
        return _two_years(cleaned, period_type, "-", 4)
    if period_type == ACADEMIC_YEAR:
        return _two_years(cleaned, period_type, "/", 9)
    if period_type == CALENDAR_YEAR:
        if not _YEAR.fullmatch(cleaned):
            raise _refuse(period_type, cleaned)
        year = _check_year(int(cleaned), period_type, cleaned)
        return Period(date(year, 1, 1), str(year), period_type)
    if period_type == TERM:
        match = _TERM.fullmatch(cleaned)
        if match is None:
            raise _refuse(period_type, cleaned)
        term, year = match[1].lower(), _check_year(int(match[2]), period_type, cleaned)
        return Period(date(year, TERM_STARTS[term], 1), f"{term.capitalize()} {year}", period_type)
    return _month(cleaned)


def _month(text: str) -> Period:
    number = year = None
    words = _MONTH_WORDS.fullmatch(text)
    if words is not None:
        name = words[1].lower()
        found = [i for i, month in enumerate(MONTHS, start=1) if month.startswith(name) and len(name) >= 3]
        if len(found) == 1 and (name in MONTHS or len(name) == 3 or name == "sept"):
            number, year = found[0], int(words[2])
    digits = _MONTH_NUMBERS.fullmatch(text)
    if digits is not None:
        year, number = (int(digits[1]), int(digits[2])) if digits[1] else (int(digits[4]), int(digits[3]))
    if number is None or year is None or not 1 <= number <= 12:
        raise _refuse(MONTH, text)
    _check_year(year, MONTH, text)
    return Period(date(year, number, 1), f"{MONTHS[number - 1].capitalize()} {year}", MONTH)


def following(period: Period) -> Period:
    """The next period of the same type: 2024-25 after 2023-24, Spring 2025 after Autumn 2024."""
    start = period.start
    if period.period_type == TERM:
        term = {9: "Spring", 1: "Summer", 4: "Autumn"}[start.month]
        return parse_period(TERM, f"{term} {start.year + (1 if start.month == 9 else 0)}")
    if period.period_type == MONTH:
        year, month = (start.year + 1, 1) if start.month == 12 else (start.year, start.month + 1)
        return parse_period(MONTH, f"{year}-{month:02d}")
    year = start.year + 1
    text = {FINANCIAL_YEAR: f"{year}-{(year + 1) % 100:02d}", ACADEMIC_YEAR: f"{year}/{(year + 1) % 100:02d}"}
    return parse_period(period.period_type, text.get(period.period_type, str(year)))


def span(first: Period, last: Period, limit: int = 120) -> list[Period] | None:
    """Every period from ``first`` to ``last`` (None when there would be more than ``limit``)."""
    periods = [first]
    while periods[-1].start < last.start:
        if len(periods) >= limit:
            return None
        periods.append(following(periods[-1]))
    return periods
