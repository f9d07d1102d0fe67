"""Saving an update return: each row through the milestone's own update service."""

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from workstreams.models import Milestone
from workstreams.services import StaleMilestone, milestone_update

# --- The update return ----------------------------------------------------------------------------------


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
    """Save each milestone of an update return through milestone_update (same rules, same lock), each in
    its own savepoint: a row with a problem is not saved and says why; the others are saved. (All or
    none would throw away twenty good updates for one typo, and each row stands alone in the history.)

    The rows share one transaction, so what runs when a write commits (the national overview's summary, the
    stored forecast figures: recovery.data_version.after_councils_change) runs once for the return, not
    once per row."""
    with transaction.atomic():
        return _save_rows(user=user, entries=entries)


def _save_rows(*, user: AbstractBaseUser, entries: list[ReturnEntry]) -> ReturnResult:
    saved, problems = [], {}
    for entry in entries:
        try:
            milestone_update(milestone=entry.milestone, user=user, **entry.values)
        except StaleMilestone:
            problems[entry.milestone.pk] = {
                "__all__": [
                    "Someone else saved this milestone after you opened the page: nothing of yours was "
                    "saved for it. Their update is shown; enter yours again."
                ]
            }
        except ValidationError as error:
            problems[entry.milestone.pk] = (
                error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
            )
        else:
            saved.append(entry.milestone)
    return ReturnResult(saved=saved, problems=problems)
