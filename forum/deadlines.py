"""The termly cycle's dates, worked out from a meeting date and the council's settings (pure)."""

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class Deadlines:
    papers_due: date
    updates_due: date


def proposed_deadlines(*, meets_on: date, paper_clear_days: int, update_days_before_papers: int) -> Deadlines:
    """ "N clear days" excludes the day the papers go out and the day of the meeting: papers for a meeting on
    Friday 12 March with 5 clear days go out by Saturday 6 March (7th to 11th are the clear days). Leads'
    updates are due some days before that, so the paper can be written from them."""
    papers_due = meets_on - timedelta(days=paper_clear_days + 1)
    return Deadlines(
        papers_due=papers_due, updates_due=papers_due - timedelta(days=update_days_before_papers)
    )


@dataclass(frozen=True)
class Following:
    """Which of a meeting's deadlines are still the ones proposed for its date, so they move when the meeting
    moves; a deadline that is not was set by hand and stays where the admin put it."""

    papers_due: bool
    updates_due: bool


def deadlines_following(
    *,
    meets_on: date,
    papers_due: date,
    updates_due: date,
    paper_clear_days: int,
    update_days_before_papers: int,
) -> Following:
    proposed = proposed_deadlines(
        meets_on=meets_on,
        paper_clear_days=paper_clear_days,
        update_days_before_papers=update_days_before_papers,
    )
    # As meeting_create proposes them: updates never after the paper deadline.
    return Following(
        papers_due=papers_due == proposed.papers_due,
        updates_due=updates_due == min(proposed.updates_due, papers_due),
    )
