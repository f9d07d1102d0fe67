"""Saving an update return: every row by the milestone update's own rules, written together."""

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser

from workstreams.models import Milestone
from workstreams.services import StaleMilestone
from workstreams.services.progress import Progress, milestones_update

# --- The update return ----------------------------------------------------------------------------------

STALE_ROW = (
    "Someone else saved this milestone after you opened the page: nothing of yours was saved for it. "
    "Their update is shown; enter yours again."
)


@dataclass
class ReturnEntry:
    """One milestone's row of an update return: the milestone and the service's keyword arguments."""

    milestone: Milestone
    values: dict


@dataclass
class ReturnResult:
    saved: list[Milestone]
    problems: dict[int, dict[str, list[str]]]  # milestone pk -> {field: messages}

    @property
    def is_clean(self) -> bool:
        return not self.problems


def return_save(*, user: AbstractBaseUser, entries: list[ReturnEntry]) -> ReturnResult:
    """Save the rows of an update return through milestones_update (the rules and the lost-update check of
    a single update, atomic): a row with a problem is not saved and says why; the others are saved. (All or
    none would throw away twenty good updates for one typo, and each row stands alone in the history.)

    The rows are written together (a few statements for the whole return, not several per row), every row
    audited as a single update is, and the council's data version bumped once, so what runs when a write
    commits (the national overview's summary: recovery.data_version.after_councils_change) runs once for
    the return."""
    result = milestones_update(
        user=user, updates=[Progress(milestone=entry.milestone, **entry.values) for entry in entries]
    )
    problems = {}
    for pk, error in result.refused.items():
        if isinstance(error, StaleMilestone):
            problems[pk] = {"__all__": [STALE_ROW]}
        else:
            problems[pk] = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
    saved = [entry.milestone for entry in entries if entry.milestone.pk in result.updates]
    return ReturnResult(saved=saved, problems=problems)
