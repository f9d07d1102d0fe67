from datetime import date

import pytest

from core.durations import elapsed


@pytest.mark.parametrize(
    "start, end, words",
    [
        (date(2021, 3, 31), date(2026, 3, 1), "4 years 11 months"),
        (date(2025, 1, 15), date(2025, 5, 15), "4 months"),
        (date(2025, 1, 15), date(2026, 1, 15), "1 year"),
        (date(2025, 1, 15), date(2025, 2, 15), "1 month"),
        (date(2025, 1, 15), date(2025, 2, 14), "4 weeks"),
        (date(2025, 1, 15), date(2025, 1, 29), "2 weeks"),
        (date(2025, 1, 15), date(2025, 1, 28), "13 days"),
        (date(2025, 1, 15), date(2025, 1, 16), "1 day"),
        (date(2025, 1, 15), date(2025, 1, 15), ""),
        (date(2025, 1, 15), date(2025, 1, 1), ""),
    ],
)
def test_it_says_how_long_in_the_words_a_paper_uses(start, end, words):
    assert elapsed(start, end) == words
