"""What changed in a plan between two moments, computed from the update history (pure over plain rows)."""

from dataclasses import dataclass, field, replace
from datetime import date, datetime

from workstreams.models import MilestoneUpdate


@dataclass(frozen=True)
class RagMove:
    milestone: str
    workstream: str
    old: str
    new: str


@dataclass(frozen=True)
class Completion:
    milestone: str
    workstream: str
    completed_on: date


@dataclass(frozen=True)
class Slip:
    milestone: str
    workstream: str
    old_due: date | None
    new_due: date
    reason: str


@dataclass(frozen=True)
class NewWorkstream:
    code: str
    title: str
    added_on: date | None


@dataclass(frozen=True)
class NewMilestone:
    milestone: str
    workstream: str
    due: str


@dataclass(frozen=True)
class Changes:
    since: datetime
    rag_moves: list[RagMove]
    completed: list[Completion]
    slipped: list[Slip]
    new_workstreams: list[NewWorkstream]
    new_milestones: list[NewMilestone] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (
            self.rag_moves or self.completed or self.slipped or self.new_workstreams or self.new_milestones
        )


def changes_since(
    *, since: datetime, until: datetime, updates: list[MilestoneUpdate], workstreams_added: list[tuple]
) -> Changes:
    """Net changes in (since, until]: a milestone that went Amber and back to Green is not a RAG move.

    `updates` must be in time order with `milestone.workstream` loaded; `workstreams_added` holds
    (code, title, created datetime) for workstreams created in the window.
    """
    window = [u for u in updates if since < u.created_at <= until]
    first_old: dict[int, str] = {}
    last_new: dict[int, MilestoneUpdate] = {}
    completed: dict[int, MilestoneUpdate] = {}
    slips: dict[int, tuple[MilestoneUpdate, MilestoneUpdate]] = {}
    for u in window:
        first_old.setdefault(u.milestone_id, u.old_rag)
        last_new[u.milestone_id] = u
        if u.completed_now:
            completed[u.milestone_id] = u
        if u.new_forecast_due and (u.old_forecast_due is None or u.new_forecast_due > u.old_forecast_due):
            first, _ = slips.get(u.milestone_id, (u, u))
            slips[u.milestone_id] = (first, u)
    rag_moves = [
        RagMove(u.milestone.title, _ws(u), first_old[pk], u.new_rag)
        for pk, u in last_new.items()
        if first_old[pk] != u.new_rag and u.new_rag
    ]
    slipped = [
        Slip(
            last.milestone.title,
            _ws(last),
            first.old_forecast_due,
            last.new_forecast_due,
            last.date_change_reason or first.date_change_reason,
        )
        for first, last in slips.values()
        if first.old_forecast_due is None or last.new_forecast_due > first.old_forecast_due
    ]
    return Changes(
        since=since,
        rag_moves=rag_moves,
        completed=[Completion(u.milestone.title, _ws(u), u.new_completed_on) for u in completed.values()],
        slipped=slipped,
        new_workstreams=[
            NewWorkstream(code, title, created.date())
            for code, title, created in workstreams_added
            if since < created <= until
        ],
    )


def _ws(update: MilestoneUpdate) -> str:
    ws = update.milestone.workstream
    return f"{ws.code}. {ws.title}"


def compared_with_previous(
    *, changes: Changes, previous: list[dict], current: list[dict], added_on: dict[str, date] | None = None
) -> Changes:
    """The changes between the last published report and this one as readers saw them: the previous report's
    frozen RAG summary against this one's, effective RAG against effective RAG. RAG moves, new workstreams and
    new milestones come from that comparison (the update history records the RAG an officer stored, not the
    Red an overdue date gave it, and nothing of milestones added); completions and slips stay from the
    history, which has their dates and reasons.

    ``previous`` and ``current`` are snapshot ``rag_summary`` rows. Rows and milestones are matched by id
    where both have one (snapshots from issue 21 on), else by workstream and milestone title. ``added_on``
    gives a workstream's date of creation by its label, where known.
    """
    added_on = added_on or {}
    old_rows = {_row_key(row): row for row in previous}
    old_rows_by_id = {row["id"]: row for row in previous if row.get("id") is not None}
    rag_moves, new_workstreams, new_milestones = [], [], []
    for row in current:
        old_row = old_rows_by_id.get(row.get("id")) or old_rows.get(_row_key(row))
        if old_row is None:
            code, _, title = row["workstream"].partition(". ")
            new_workstreams.append(NewWorkstream(code, title, added_on.get(row["workstream"])))
            continue
        old_by_id = {m["id"]: m for m in old_row.get("milestones", []) if m.get("id") is not None}
        old_by_title = {m["title"]: m for m in old_row.get("milestones", [])}
        for m in row.get("milestones", []):
            was = old_by_id.get(m.get("id")) or old_by_title.get(m["title"])
            if was is None:
                new_milestones.append(NewMilestone(m["title"], row["workstream"], m.get("due", "")))
            elif (was.get("rag") or "") != (m.get("rag") or "") and m.get("rag"):
                rag_moves.append(RagMove(m["title"], row["workstream"], was.get("rag") or "", m["rag"]))
    return replace(
        changes, rag_moves=rag_moves, new_workstreams=new_workstreams, new_milestones=new_milestones
    )


def _row_key(row: dict) -> str:
    return row["workstream"]
