from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indicators.periods import PERIOD_TYPES, PeriodError, following, parse_period, span


@pytest.mark.parametrize(
    "period_type, text, label, start",
    [
        ("financial_year", "2024-25", "2024-25", date(2024, 4, 1)),
        ("financial_year", " 2024/25 ", "2024-25", date(2024, 4, 1)),
        ("financial_year", "2099-00", "2099-00", date(2099, 4, 1)),
        ("academic_year", "2023/24", "2023/24", date(2023, 9, 1)),
        ("academic_year", "2023-24", "2023/24", date(2023, 9, 1)),
        ("academic_year", "2023/2024", "2023/24", date(2023, 9, 1)),
        ("calendar_year", "2024", "2024", date(2024, 1, 1)),
        ("term", "Autumn 2024", "Autumn 2024", date(2024, 9, 1)),
        ("term", "spring term 2025", "Spring 2025", date(2025, 1, 1)),
        ("term", "SUMMER 2025", "Summer 2025", date(2025, 4, 1)),
        ("month", "September 2024", "September 2024", date(2024, 9, 1)),
        ("month", "Sep 2024", "September 2024", date(2024, 9, 1)),
        ("month", "sept 2024", "September 2024", date(2024, 9, 1)),
        ("month", "2024-09", "September 2024", date(2024, 9, 1)),
        ("month", "9/2024", "September 2024", date(2024, 9, 1)),
    ],
)
def test_it_reads_each_period_type_written_the_usual_ways(period_type, text, label, start):
    period = parse_period(period_type, text)
    assert (period.label, period.start, period.period_type) == (label, start, period_type)


@pytest.mark.parametrize(
    "period_type, text, message",
    [
        ("financial_year", "2024-26", "two years in a row"),
        ("financial_year", "2024", "write it like 2024-25"),
        ("academic_year", "2023", "write it like 2023/24"),
        ("academic_year", "2023/2025", "two years in a row"),
        ("calendar_year", "2024-25", "write it like 2024"),
        ("calendar_year", "24", "write it like 2024"),
        ("calendar_year", "1850", "outside 2000 to 2099"),
        ("term", "Winter 2024", "write it like Autumn 2024"),
        ("term", "Autumn", "write it like Autumn 2024"),
        ("month", "2024-13", "write it like September 2024"),
        ("month", "Septem 2024", "write it like September 2024"),
        ("month", "Ma 2024", "write it like September 2024"),
        ("month", "", "Enter the month"),
    ],
)
def test_it_refuses_text_that_is_not_a_period_of_the_type_saying_how_to_write_one(period_type, text, message):
    with pytest.raises(PeriodError, match=message):
        parse_period(period_type, text)


def test_it_refuses_an_unknown_period_type():
    with pytest.raises(PeriodError):
        parse_period("fortnight", "2024")


@given(st.sampled_from(sorted(PERIOD_TYPES)), st.integers(2000, 2098), st.integers(1, 12))
def test_a_periods_label_reads_back_as_the_same_period(period_type, year, month):
    text = {
        "financial_year": f"{year}-{(year + 1) % 100:02d}",
        "academic_year": f"{year}/{(year + 1) % 100:02d}",
        "calendar_year": str(year),
        "term": ["Spring", "Summer", "Autumn"][month % 3] + f" {year}",
        "month": f"{year}-{month:02d}",
    }[period_type]
    period = parse_period(period_type, text)
    assert parse_period(period_type, period.label) == period


@given(st.integers(2000, 2098))
def test_periods_sort_in_time_order(year):
    terms = [parse_period("term", f"{t} {year}") for t in ("Spring", "Summer", "Autumn")]
    assert sorted(terms) == terms
    assert (
        parse_period("academic_year", f"{year}/{(year + 1) % 100:02d}").start
        < parse_period("academic_year", f"{year + 1}/{(year + 2) % 100:02d}").start
    )


@pytest.mark.parametrize(
    "period_type, text, after",
    [
        ("financial_year", "2024-25", "2025-26"),
        ("academic_year", "2098/99", "2099/00"),
        ("calendar_year", "2024", "2025"),
        ("term", "Autumn 2024", "Spring 2025"),
        ("term", "Spring 2025", "Summer 2025"),
        ("term", "Summer 2025", "Autumn 2025"),
        ("month", "December 2024", "January 2025"),
    ],
)
def test_it_knows_the_period_that_follows(period_type, text, after):
    assert following(parse_period(period_type, text)).label == after


def test_a_span_runs_from_the_first_period_to_the_last_or_gives_up_when_too_long():
    first, last = parse_period("term", "Autumn 2022"), parse_period("term", "Autumn 2023")
    assert [p.label for p in span(first, last)] == [
        "Autumn 2022",
        "Spring 2023",
        "Summer 2023",
        "Autumn 2023",
    ]
    assert span(parse_period("month", "2000-01"), parse_period("month", "2030-01"), limit=60) is None


@given(st.sampled_from(sorted(PERIOD_TYPES)), st.integers(2000, 2090))
def test_the_following_period_always_starts_later(period_type, year):
    period = parse_period(
        period_type,
        {
            "financial_year": f"{year}-{(year + 1) % 100:02d}",
            "academic_year": f"{year}/{(year + 1) % 100:02d}",
            "calendar_year": str(year),
            "term": f"Summer {year}",
            "month": f"December {year}",
        }[period_type],
    )
    assert following(period).start > period.start
