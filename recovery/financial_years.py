"""Financial years run April to March and are written "2024-25". We store the year they start in (2024).

Pure Python, no Django: the projection engine and the Excel code use it too.
"""

import re
from datetime import date

_LABEL = re.compile(r"^(\d{4})-(\d{2})$")


def fy_label(start_year: int) -> str:
    """2024 -> "2024-25"."""
    return f"{start_year}-{(start_year + 1) % 100:02d}"


def parse_fy(label: str) -> int:
    """ "2024-25" -> 2024; a clear ValueError for anything else."""
    match = _LABEL.match(str(label).strip())
    if not match:
        raise ValueError(f"{label!r} is not a financial year: write it like 2024-25")
    start, end = int(match.group(1)), int(match.group(2))
    if (start + 1) % 100 != end:
        raise ValueError(f"{label!r} is not a financial year: the second part must be the next year")
    return start


def fy_of(day: date) -> int:
    """The financial year a date falls in: 1 April 2024 to 31 March 2025 is 2024."""
    return day.year if day.month >= 4 else day.year - 1


def fy_range(first: int, last: int) -> list[int]:
    return list(range(first, last + 1))
