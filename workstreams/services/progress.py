"""Progress updates: a milestone's RAG, dates, percent complete and commentary, each an append-only
MilestoneUpdate, refused if someone saved since the caller read it."""

from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from core.durations import long_date
from core.errors import Refused
from recovery.data_version import council_lock_for, data_changed_for
from workstreams.models import Milestone, MilestoneUpdate, Workstream, is_overdue
from workstreams.rag import Rag
from workstreams.services.recording import recorded


class StaleMilestone(Refused):  # noqa: N818 - the name says what happened; it is not a programming error
    """Someone saved the milestone after the version the caller read."""

    def __init__(self, milestone_pk: int):
        super().__init__(f"Milestone {milestone_pk} was changed after you opened it")
        self.milestone_pk = milestone_pk


# --- Progress updates -------------------------------------------------------------------------------------


def milestone_update_problems(
    *,
    milestone: Milestone,
    rag: str,
    percent_complete: int,
    forecast_due: date | None,
    completed_on: date | None,
    commentary: str,
    date_change_reason: str,
    rag_hold_reason: str = "",
    today: date | None = None,
) -> dict[str, str]:
    """The rules of a progress update, as {field: message}; empty when it may be saved.

    Compared with the milestone as it is now (the version the person opened).
    """
    today = today or timezone.localdate()
    problems: dict[str, str] = {}
    if rag not in Rag.values:
        problems["rag"] = "Select a RAG status"
    elif not commentary.strip():
        if rag in (Rag.AMBER, Rag.RED):
            problems["commentary"] = f"Enter commentary: say why the milestone is {Rag(rag).label}"
        elif rag != milestone.rag:
            problems["commentary"] = "Enter commentary: say why the RAG status has changed"
    if not 0 <= percent_complete <= 100:
        problems["percent_complete"] = "Percent complete must be between 0 and 100"
    if milestone.forecast_due and not forecast_due:
        problems["forecast_due"] = "Enter a forecast date: it can move, but not be removed"
    elif milestone.forecast_due and forecast_due > milestone.forecast_due and not date_change_reason.strip():
        problems["date_change_reason"] = (
            f"Enter a reason the forecast date moves later than {long_date(milestone.forecast_due)}"
        )
    if completed_on and completed_on > today:
        problems["completed_on"] = "The completion date must be today or in the past"
    elif percent_complete == 100 and not completed_on:
        problems["completed_on"] = "Enter the date the milestone was completed, or lower the percent complete"
    overdue = is_overdue(forecast_due=forecast_due, completed_on=completed_on, today=today)
    if overdue and rag in (Rag.GREEN, Rag.AMBER) and not rag_hold_reason.strip() and "rag" not in problems:
        problems["rag_hold_reason"] = (
            f"The forecast date, {long_date(forecast_due)}, has passed, so the milestone shows as Red. "
            f"Enter a reason to keep it {Rag(rag).label}, choose Red, or move the forecast date"
        )
    return problems


def held_reason(*, rag: str, forecast_due: date | None, completed_on: date | None, reason: str) -> str:
    """The hold reason worth keeping: only an open, overdue milestone with a RAG other than Red holds one
    (a reason kept past its moment would silently excuse the next time the milestone falls overdue)."""
    overdue = is_overdue(forecast_due=forecast_due, completed_on=completed_on, today=timezone.localdate())
    return reason.strip() if overdue and rag in (Rag.GREEN, Rag.AMBER) else ""


@transaction.atomic
def milestone_update(
    *,
    milestone: Milestone,
    user: AbstractBaseUser,
    expected_version: int,
    rag: str,
    percent_complete: int,
    forecast_due: date | None,
    completed_on: date | None,
    commentary: str,
    date_change_reason: str = "",
    rag_hold_reason: str = "",
    require_hold_reason: bool = True,
) -> MilestoneUpdate:
    """Record one progress update; refuses (StaleMilestone) if someone saved since `expected_version`.

    A completion date makes the milestone 100% complete. Raises ValidationError for a broken rule.
    `require_hold_reason=False` (the tracker import) records a Green or Amber on an overdue milestone
    without a reason; it then counts as Red, as the tracker import's preview says.
    """
    if milestone.archived_on is not None:
        raise ValidationError("An archived milestone cannot be updated; restore it first.")
    if Workstream.objects.filter(pk=milestone.workstream_id, archived_on__isnull=False).exists():
        raise ValidationError(
            "This milestone's workstream is archived, so its milestones cannot be updated; restore the "
            "workstream first."
        )
    if milestone.version != expected_version:
        # The instance holds newer values than the person saw; the conditional UPDATE would refuse too.
        raise StaleMilestone(milestone.pk)
    if completed_on:
        percent_complete = 100
    problems = milestone_update_problems(
        milestone=milestone,
        rag=rag,
        percent_complete=percent_complete,
        forecast_due=forecast_due,
        completed_on=completed_on,
        commentary=commentary,
        date_change_reason=date_change_reason,
        rag_hold_reason=rag_hold_reason,
    )
    if not require_hold_reason:
        problems.pop("rag_hold_reason", None)
    if problems:
        raise ValidationError(problems)
    rag_hold_reason = held_reason(
        rag=rag, forecast_due=forecast_due, completed_on=completed_on, reason=rag_hold_reason
    )

    council_lock_for(milestone)  # the council row first, then the milestone: see recovery.data_version
    now = timezone.now()
    latest_commentary = commentary.strip() or milestone.commentary
    changed = Milestone.objects.filter(pk=milestone.pk, version=expected_version).update(
        rag=rag,
        rag_hold_reason=rag_hold_reason,
        percent_complete=percent_complete,
        forecast_due=forecast_due,
        completed_on=completed_on,
        commentary=latest_commentary,
        updated_at=now,
        updated_by=user,
        version=F("version") + 1,
    )
    if not changed:
        raise StaleMilestone(milestone.pk)

    update = MilestoneUpdate(
        milestone=milestone,
        author=user,
        created_at=now,
        old_rag=milestone.rag,
        new_rag=rag,
        old_forecast_due=milestone.forecast_due,
        new_forecast_due=forecast_due,
        old_percent_complete=milestone.percent_complete,
        new_percent_complete=percent_complete,
        old_completed_on=milestone.completed_on,
        new_completed_on=completed_on,
        commentary=commentary.strip(),
        date_change_reason=date_change_reason.strip(),
        rag_hold_reason=rag_hold_reason,
        version=expected_version + 1,
    )
    milestone.rag, milestone.rag_hold_reason = rag, rag_hold_reason
    milestone.percent_complete, milestone.forecast_due = percent_complete, forecast_due
    milestone.completed_on, milestone.commentary = completed_on, latest_commentary
    milestone.updated_at, milestone.updated_by, milestone.version = now, user, expected_version + 1
    # QuerySet.update() sends no signals, so record the model history ourselves.
    Milestone.history.bulk_history_create([milestone], update=True, default_user=user, default_date=now)
    data_changed_for(milestone)  # QuerySet.update() sends no signal
    recorded(update, user).save()
    return update
