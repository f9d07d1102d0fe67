from datetime import date

import pytest

from forum.deadlines import proposed_deadlines


@pytest.mark.parametrize(
    "meets_on, clear, before, papers, updates",
    [
        (date(2027, 3, 12), 5, 3, date(2027, 3, 6), date(2027, 3, 3)),  # the example
        (date(2027, 3, 12), 0, 0, date(2027, 3, 11), date(2027, 3, 11)),
        (date(2027, 1, 4), 5, 3, date(2026, 12, 29), date(2026, 12, 26)),  # across a year end
    ],
)
def test_it_counts_clear_days_without_the_day_of_sending_or_of_the_meeting(
    meets_on, clear, before, papers, updates
):
    deadlines = proposed_deadlines(
        meets_on=meets_on, paper_clear_days=clear, update_days_before_papers=before
    )
    assert (deadlines.papers_due, deadlines.updates_due) == (papers, updates)
