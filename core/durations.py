"""How long between two dates, in the words a Forum paper uses: "4 years 11 months", "3 weeks", "1 day".

Months and years for anything a month or longer (a slippage of 1,795 days means nothing to a governor),
weeks under two months would be noise, so: days under a fortnight, weeks under a month, then months.
"""

from datetime import date
from functools import lru_cache

from dateutil.relativedelta import relativedelta


def long_date(day: date) -> str:
    """ "12 March 2027", as papers and messages write a date."""
    return f"{day.day} {day:%B %Y}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


# Tables write it for every overdue or slipped milestone, twice a row (the RAG note and the flags), through
# dateutil's relativedelta: a pure function of two dates, so remembered (bounded).
@lru_cache(maxsize=4096)
def elapsed(start: date, end: date) -> str:
    """The time from `start` to `end` (end after start), e.g. "1 year 2 months"; "" when not after."""
    if end <= start:
        return ""
    gap = relativedelta(end, start)
    if gap.years or gap.months:
        parts = []
        if gap.years:
            parts.append(_plural(gap.years, "year"))
        if gap.months:
            parts.append(_plural(gap.months, "month"))
        return " ".join(parts)
    days = (end - start).days
    if days >= 14:
        return _plural(days // 7, "week")
    return _plural(days, "day")
