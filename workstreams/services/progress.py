"""Progress updates: a milestone's RAG, dates, percent complete and commentary, each an append-only
MilestoneUpdate, refused if someone saved since the caller read it."""

from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import connections, router, transaction
from django.utils import timezone

from core.durations import long_date
from core.errors import Refused
from recovery.data_version import data_changed
from recovery.models import Council
from workstreams.models import Milestone, MilestoneUpdate, is_overdue
from workstreams.rag import Rag


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


@dataclass(frozen=True)
class Progress:
    """One milestone's progress update, as `milestone_update` takes it (`milestones_update` takes several)."""

    milestone: Milestone
    expected_version: int
    rag: str
    percent_complete: int
    forecast_due: date | None
    completed_on: date | None
    commentary: str
    date_change_reason: str = ""
    rag_hold_reason: str = ""


@dataclass
class ProgressSaved:
    """What `milestones_update` did, by milestone pk: the update it recorded, or why it refused the row."""

    updates: dict[int, MilestoneUpdate] = field(default_factory=dict)
    refused: dict[int, ValidationError] = field(default_factory=dict)  # StaleMilestone is a ValidationError


class _Overtaken(Exception):  # noqa: N818 - internal: the batch is redone row by row
    """A row changed between the version check and the batch's UPDATE (by a writer that does not lock the
    council first, such as the Django admin): the batch is rolled back and each row saved on its own."""


# The fields a progress update writes on the milestone (besides its version).
_WRITTEN = ("rag", "rag_hold_reason", "percent_complete", "forecast_due", "completed_on", "commentary",
            "updated_at", "updated_by")  # fmt: skip


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
    without a reason; it then counts as Red, as the tracker import's preview says. Atomic: it is
    `milestones_update` with one row.
    """
    progress = Progress(
        milestone=milestone,
        expected_version=expected_version,
        rag=rag,
        percent_complete=percent_complete,
        forecast_due=forecast_due,
        completed_on=completed_on,
        commentary=commentary,
        date_change_reason=date_change_reason,
        rag_hold_reason=rag_hold_reason,
    )
    saved = milestones_update(user=user, updates=[progress], require_hold_reason=require_hold_reason)
    if milestone.pk in saved.refused:
        raise saved.refused[milestone.pk]
    return saved.updates[milestone.pk]


def milestones_update(
    *, user: AbstractBaseUser, updates: list[Progress], require_hold_reason: bool = True
) -> ProgressSaved:
    """Record several progress updates at once (an update return), each by the rules of one: a row that
    breaks a rule, or that someone saved since its `expected_version`, is refused (ProgressSaved.refused)
    and the others are saved. Atomic.

    The rows are checked first, then written together: one conditional UPDATE of every row (each on its
    own version), their model history, their MilestoneUpdate rows and those rows' history in one INSERT
    each, and the council's data version bumped once, so a return of twenty rows costs the statements of
    one update, not twenty times them. Every row is still audited (a MilestoneUpdate with its history, and
    the milestone's history, with the user), exactly as a single update records it.
    """
    try:
        with transaction.atomic():
            return _update_together(user=user, updates=updates, require_hold_reason=require_hold_reason)
    except _Overtaken:  # rare: each row on its own, so only the overtaken one is refused
        saved = ProgressSaved()
        with transaction.atomic():
            for progress in updates:
                with transaction.atomic():
                    one = _update_together(
                        user=user, updates=[progress], require_hold_reason=require_hold_reason
                    )
                saved.updates |= one.updates
                saved.refused |= one.refused
        return saved


def _refusal(progress: Progress, archived_workstreams: set[int], require_hold_reason: bool):
    """Why this row may not be saved (None if it may), checked in the order a single update checks."""
    milestone = progress.milestone
    if milestone.workstream_id in archived_workstreams:
        return ValidationError(
            "This milestone's workstream is archived, so its milestones cannot be updated; restore the "
            "workstream first."
        )
    if milestone.version != progress.expected_version:
        # The instance holds newer values than the person saw; the conditional UPDATE would refuse too.
        return StaleMilestone(milestone.pk)
    problems = milestone_update_problems(
        milestone=milestone,
        rag=progress.rag,
        percent_complete=100 if progress.completed_on else progress.percent_complete,
        forecast_due=progress.forecast_due,
        completed_on=progress.completed_on,
        commentary=progress.commentary,
        date_change_reason=progress.date_change_reason,
        rag_hold_reason=progress.rag_hold_reason,
    )
    if not require_hold_reason:
        problems.pop("rag_hold_reason", None)
    return ValidationError(problems) if problems else None


def _update_together(
    *, user: AbstractBaseUser, updates: list[Progress], require_hold_reason: bool
) -> ProgressSaved:
    saved = ProgressSaved()
    for progress in updates:
        if progress.milestone.archived_on is not None:
            saved.refused[progress.milestone.pk] = ValidationError(
                "An archived milestone cannot be updated; restore it first."
            )
    candidates = [p for p in updates if p.milestone.pk not in saved.refused]
    if not candidates:
        return saved
    # The rows' councils locked first (see recovery.data_version), in order, and each workstream's archived
    # state read under that lock (archiving one locks its council first too): 1 query for all the rows.
    connection = connections[router.db_for_write(Council)]
    only_councils = {"of": ("self",)} if connection.features.has_select_for_update_of else {}
    workstreams = {
        workstream_id: (archived_on, council_id)
        for council_id, workstream_id, archived_on in Council.objects.filter(
            plans__workstreams__in={p.milestone.workstream_id for p in candidates}
        )
        .order_by("pk")
        .select_for_update(**only_councils)
        .values_list("pk", "plans__workstreams", "plans__workstreams__archived_on")
    }
    archived = {pk for pk, (archived_on, _) in workstreams.items() if archived_on is not None}
    ready = []
    for progress in candidates:
        refusal = _refusal(progress, archived, require_hold_reason)
        if refusal is None:
            ready.append(progress)
        else:
            saved.refused[progress.milestone.pk] = refusal
    if not ready:
        return saved

    councils = sorted({workstreams[p.milestone.workstream_id][1] for p in ready})
    now = timezone.now()
    written = [_written(progress, user, now) for progress in ready]
    changed = _write_rows(ready, written)
    if changed != len(ready):
        if len(ready) > 1:
            raise _Overtaken
        saved.refused[ready[0].milestone.pk] = StaleMilestone(ready[0].milestone.pk)
        return saved

    records = []
    for progress, values in zip(ready, written, strict=True):
        milestone = progress.milestone
        records.append(
            MilestoneUpdate(
                milestone=milestone,
                author=user,
                created_at=now,
                old_rag=milestone.rag,
                new_rag=values.rag,
                old_forecast_due=milestone.forecast_due,
                new_forecast_due=values.forecast_due,
                old_percent_complete=milestone.percent_complete,
                new_percent_complete=values.percent_complete,
                old_completed_on=milestone.completed_on,
                new_completed_on=values.completed_on,
                commentary=progress.commentary.strip(),
                date_change_reason=progress.date_change_reason.strip(),
                rag_hold_reason=values.rag_hold_reason,
                version=values.version,
            )
        )
        for name in (*_WRITTEN, "version"):
            setattr(milestone, name, getattr(values, name))
    milestones = [p.milestone for p in ready]
    # QuerySet.update() and bulk_create() send no signals: the model history is recorded here, with the
    # user, and the councils' data versions bumped once each (the history signal would bump per row).
    Milestone.history.bulk_history_create(milestones, update=True, default_user=user, default_date=now)
    MilestoneUpdate.objects.bulk_create(records)
    MilestoneUpdate.history.bulk_history_create(records, default_user=user, default_date=now)
    for council_id in councils:
        data_changed(council=council_id)
    saved.updates = {record.milestone_id: record for record in records}
    return saved


def _write_rows(ready: list[Progress], written: list[Milestone]) -> int:
    """Write each row on its own version (a row saved since it was read is not written: the lost-update
    check); returns how many were written.

    One conditional UPDATE per row, sent together (`executemany`: one round trip through psycopg's pipeline):
    Django's bulk_update (CASE WHEN per field and row) cost 9 ms of CPU for ten rows and ten ORM updates
    2.5 ms and ten round trips, this 0.1 ms. Values are prepared by each field, as the ORM prepares them."""
    connection = connections[router.db_for_write(Milestone)]
    quote, meta = connection.ops.quote_name, Milestone._meta
    fields = [meta.get_field(name) for name in _WRITTEN]
    version = quote(meta.get_field("version").column)
    # Only the model's own (quoted) names are formatted in; every value is a parameter.
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
    sql = (
        f"UPDATE {quote(meta.db_table)} SET {assignments}, {version} = {version} + 1 "  # noqa: S608
        f"WHERE {quote(meta.pk.column)} = %s AND {version} = %s"
    )
    rows = [
        [f.get_db_prep_save(getattr(values, f.attname), connection) for f in fields]
        + [progress.milestone.pk, progress.expected_version]
        for progress, values in zip(ready, written, strict=True)
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
        return cursor.rowcount


def _written(progress: Progress, user: AbstractBaseUser, now) -> Milestone:
    """The milestone's values after the update (not yet written), as an unsaved copy for the UPDATE."""
    milestone = progress.milestone
    completed_on = progress.completed_on
    return Milestone(
        pk=milestone.pk,
        rag=progress.rag,
        rag_hold_reason=held_reason(
            rag=progress.rag,
            forecast_due=progress.forecast_due,
            completed_on=completed_on,
            reason=progress.rag_hold_reason,
        ),
        percent_complete=100 if completed_on else progress.percent_complete,
        forecast_due=progress.forecast_due,
        completed_on=completed_on,
        commentary=progress.commentary.strip() or milestone.commentary,
        updated_at=now,
        updated_by=user,
        version=progress.expected_version + 1,
    )
