"""Bring a parsed tracker into a council's active plan, through the same services a person's changes use.

One walk both previews and applies: it makes every change inside a transaction and, for a preview (or a
dry run, or when any change is refused), rolls the whole transaction back. So the preview lists exactly what
confirming will do, and nothing is written if there is any problem.

Matching, so importing the same file again creates nothing: an action by its number (else its title), a
milestone by its title within its action. Changed plan facts (title, description, outcomes, risks, lead,
start date) are edits; changed progress (RAG, End Date, completion, commentary) is a milestone update with
history, as if the lead had made it. Workstreams and milestones the file does not mention are left alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.financial_years import fy_of
from recovery.data_version import council_lock
from recovery.models import Council, LeadOfficer
from recovery.selectors import plan_for_council
from recovery.services import plan_create
from spreadsheets.importer.parse import ParsedAction, ParsedMilestone, ParsedTracker
from workstreams import services
from workstreams.models import Milestone, Workstream, is_overdue
from workstreams.rag import Rag, effective_rag


class _Rollback(Exception):
    """Raised at the end of a preview so the transaction undoes everything it did."""


@dataclass
class ImportResult:
    parsed: ParsedTracker
    changes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    unchanged: int = 0
    applied: bool = False
    counts: dict[str, int] = field(default_factory=dict)
    # Each existing milestone the file matched, as the walk found it: {pk: version}. The preview passes it
    # to the confirmation, which refuses if any of them was saved in between (see tracker_import).
    seen: dict[int, int] = field(default_factory=dict)

    @property
    def seen_text(self) -> str:
        return ",".join(f"{pk}:{version}" for pk, version in sorted(self.seen.items()))

    @property
    def all_problems(self) -> list[str]:
        return self.parsed.problems + self.problems

    @property
    def ok(self) -> bool:
        return not self.all_problems

    def count(self, what: str) -> None:
        self.counts[what] = self.counts.get(what, 0) + 1


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


def _long(day: date | None) -> str:
    return f"{day.day} {day:%B %Y}" if day else "no date"


class _Walk:
    def __init__(self, *, council: Council, user, source: str, today: date, result: ImportResult):
        self.council, self.user, self.source, self.today, self.result = council, user, source, today, result
        self.leads = {lead.initials.casefold(): lead for lead in LeadOfficer.objects.filter(council=council)}
        self.by_name = {lead.name.casefold(): lead for lead in self.leads.values()}

    # --- leads ------------------------------------------------------------------------------------------

    def lead(self, token: str) -> LeadOfficer:
        found = self.leads.get(token.casefold()) or self.by_name.get(token.casefold())
        if found is not None:
            return found
        words = token.split()
        initials = (
            token.upper() if len(words) == 1 and len(token) <= 10 else "".join(w[0] for w in words).upper()
        )
        name = token if len(words) > 1 else token.upper()
        base, n = initials[:8], 1
        while initials.casefold() in self.leads:  # "Jane Starbuck" when a JS exists: JS2, JS3, …
            n += 1
            initials = f"{base}{n}"
        lead = services.lead_create(
            council=self.council,
            user=self.user,
            details=services.LeadDetails(name=name, initials=initials[:10]),
        )
        self.leads[lead.initials.casefold()] = lead
        self.by_name[lead.name.casefold()] = lead
        self.result.changes.append(
            f"Add lead officer {lead.initials}" + (f" ({lead.name})" if lead.name != lead.initials else "")
        )
        self.result.count("leads")
        return lead

    # --- the plan ----------------------------------------------------------------------------------------

    def plan(self, parsed: ParsedTracker):
        plan = plan_for_council(council=self.council)
        if plan is not None and plan.status == "active":
            return plan
        days = [d for a in parsed.actions for m in a.milestones for d in (m.start, m.end) if d]
        first = fy_of(min(days)) if days else fy_of(self.today)
        last = fy_of(max(days)) if days else first + 4
        plan = plan_create(
            council=self.council,
            user=self.user,
            title=f"{self.council.name} DSG recovery plan",
            first_year=first,
            last_year=last,
        )
        self.result.changes.append(f"Create the recovery plan “{plan.title}” ({plan.period_label})")
        return plan

    def has(self, column: str) -> bool:
        return column in self.columns

    def run(self, parsed: ParsedTracker) -> None:
        self.columns = parsed.columns
        plan = self.plan(parsed)
        existing = list(Workstream.objects.filter(plan=plan).select_related("lead"))
        by_code = {_key(ws.code): ws for ws in existing}
        by_title = {_key(ws.title): ws for ws in existing}
        used_codes = {ws.code for ws in existing}
        for action in parsed.actions:
            ws = by_code.get(_key(action.code)) if action.code else None
            ws = ws or by_title.get(_key(action.title))
            if ws is None:
                code = action.code or next(str(n) for n in range(1, 1000) if str(n) not in used_codes)
                used_codes.add(code)
                ws = self.create_workstream(plan, action, code)
            else:
                self.update_workstream(ws, action)
            self.milestones(ws, action)

    # --- workstreams ---------------------------------------------------------------------------------------

    def _details(self, action: ParsedAction, code: str, ws: Workstream | None) -> services.WorkstreamDetails:
        first = next((m for m in action.milestones if m.leads), None)
        token = action.leads[0] if action.leads else (first.leads[0] if first else None)
        lead = self.lead(token) if token else (ws.lead if ws else None)
        starts = [m.start for m in action.milestones if m.start]
        ends = [m.end for m in action.milestones if m.end]
        if starts and ends and max(ends) < min(starts):  # the workstream runs at least to its last start
            ends.append(max(starts))
        return services.WorkstreamDetails(
            code=code,
            title=action.title,
            category=ws.category if ws else None,
            description=action.description,
            # A file without an outcomes or risks column says nothing about them: keep the app's.
            expected_outcomes=action.outcomes if self.has("outcomes") or ws is None else ws.expected_outcomes,
            risks=action.risks if self.has("risks") or ws is None else ws.risks,
            lead=lead,
            start_date=min(starts) if starts else (ws.start_date if ws else None),
            end_date=max(ends) if ends else (ws.end_date if ws else None),
            investment=ws.investment if ws else None,
            rag_override=ws.rag_override if ws else "",
        )

    def create_workstream(self, plan, action: ParsedAction, code: str) -> Workstream:
        ws = services.workstream_create(plan=plan, user=self.user, details=self._details(action, code, None))
        self.result.changes.append(f"Add workstream {ws.code}. {ws.title}")
        self.result.count("workstreams added")
        return ws

    def update_workstream(self, ws: Workstream, action: ParsedAction) -> None:
        details = self._details(action, ws.code, ws)
        changed = [
            label
            for name, label in (
                ("title", "title"),
                ("description", "description"),
                ("expected_outcomes", "expected outcomes"),
                ("risks", "risks"),
                ("lead", "lead"),
            )  # fmt: skip
            if getattr(details, name) != getattr(ws, name)
        ]
        if changed:
            services.workstream_edit(workstream=ws, user=self.user, details=details)
            self.result.changes.append(f"Change workstream {ws.code}. {details.title}: {', '.join(changed)}")
            self.result.count("workstreams changed")

    # --- milestones --------------------------------------------------------------------------------------

    def milestones(self, ws: Workstream, action: ParsedAction) -> None:
        existing = {
            _key(m.title): m for m in Milestone.objects.filter(workstream=ws).prefetch_related("other_leads")
        }
        for parsed in action.milestones:
            milestone = existing.get(_key(parsed.title))
            try:
                if milestone is None:
                    self.create_milestone(ws, parsed)
                else:
                    self.update_milestone(ws, milestone, parsed)
            except ValidationError as error:
                self.result.problems.append(f"Row {parsed.row}: {'; '.join(error.messages)}")

    def _plan_facts(self, parsed: ParsedMilestone, baseline: date | None) -> services.MilestoneDetails:
        leads = [self.lead(token) for token in parsed.leads]
        return services.MilestoneDetails(
            title=parsed.title,
            lead=leads[0] if leads else None,
            baseline_due=baseline,
            start_date=parsed.start,
            other_leads=tuple(leads[1:]),
        )

    def create_milestone(self, ws: Workstream, parsed: ParsedMilestone) -> None:
        complete = parsed.status == "complete"
        initial = services.InitialProgress(
            rag="" if complete else parsed.status,
            commentary=parsed.commentary,
            completed_on=min(parsed.end or self.today, self.today) if complete else None,
        )
        services.milestone_create(
            workstream=ws,
            user=self.user,
            details=self._plan_facts(parsed, parsed.end),
            forecast_due=parsed.end,
            initial=initial,
        )
        self.result.changes.append(f"Add milestone “{parsed.title}” to {ws.code}. {ws.title}")
        self.result.count("milestones added")

    def update_milestone(self, ws: Workstream, milestone: Milestone, parsed: ParsedMilestone) -> None:
        self.result.seen[milestone.pk] = milestone.version
        facts = self._plan_facts(parsed, milestone.baseline_due)
        moved = []
        if facts.lead != milestone.lead:
            moved.append("lead")
        if {lead.pk for lead in facts.other_leads} != {lead.pk for lead in milestone.other_leads.all()}:
            moved.append("shared lead")
        if facts.start_date != milestone.start_date:
            moved.append(f"start {_long(milestone.start_date)} → {_long(facts.start_date)}")
        if moved:
            services.milestone_edit(milestone=milestone, user=self.user, details=facts)
            milestone.refresh_from_db()
        progress = self.progress(milestone, parsed)
        if moved or progress:
            self.result.changes.append(f"Change “{parsed.title}” ({ws.code}): {', '.join(moved + progress)}")
            self.result.count("milestones changed")
        else:
            self.result.unchanged += 1

    def progress(self, milestone: Milestone, parsed: ParsedMilestone) -> list[str]:
        """A progress update for whatever the file says differently (RAG, End Date, completion, commentary).

        A blank Progress cell keeps the milestone's RAG: a tracker that does not say, does not change it.
        """
        complete = parsed.status == "complete"
        completed_on = milestone.completed_on
        if complete and completed_on is None:
            completed_on = min(parsed.end or self.today, self.today)
        # A tracker has no completion column: a RAG word on a milestone the app records as complete leaves
        # it complete, with its RAG (reopening one is done in the app, where its date and percent are).
        done = complete or milestone.completed_on is not None
        forecast = parsed.end or milestone.forecast_due
        # The export writes the effective RAG, so a file that says what the tracker would show with its
        # dates (Red for an overdue milestone, or the RAG its lead holds) keeps the lead's own RAG.
        would_show = effective_rag(
            rag=milestone.rag,
            overdue=is_overdue(forecast_due=forecast, completed_on=completed_on, today=self.today),
            hold_reason=milestone.rag_hold_reason,
        )
        rag = milestone.rag if done or parsed.status in ("", would_show) else parsed.status
        new_commentary = bool(parsed.commentary) and parsed.commentary != milestone.commentary
        said = []
        if rag != milestone.rag:
            said.append(self._rag_move(milestone, rag, forecast, completed_on))
        if forecast != milestone.forecast_due:
            said.append(f"due {_long(milestone.forecast_due)} → {_long(forecast)}")
        if completed_on != milestone.completed_on:
            said.append("completed" if completed_on else "reopened")
        if new_commentary:
            said.append("commentary")
        if not said:
            return []
        if not rag:
            raise ValidationError(
                f"“{parsed.title}” has no RAG yet: give it Green, Amber, Red or Complete so its progress "
                "can be recorded"
            )
        services.milestone_update(
            milestone=milestone,
            user=self.user,
            expected_version=milestone.version,
            rag=rag,
            percent_complete=100 if completed_on else milestone.percent_complete,
            forecast_due=forecast,
            completed_on=completed_on,
            # The rules want words for a RAG change: the file's, else the milestone's, else the source.
            commentary=parsed.commentary or milestone.commentary or f"Updated from the tracker {self.source}",
            date_change_reason=f"Moved in the tracker imported from {self.source}",
            rag_hold_reason=milestone.rag_hold_reason,
            # A tracker records the lead's word; on an overdue milestone without a reason it shows as Red.
            require_hold_reason=False,
        )
        return said

    def _rag_move(self, milestone: Milestone, rag: str, forecast: date | None, completed_on) -> str:
        """A RAG change as the tracker export showed it: from the effective RAG (Red when overdue), to the
        file's word, and what it will show when that differs (an overdue date without a reason to hold)."""
        before = milestone.effective_rag_on(self.today)
        after = effective_rag(
            rag=rag,
            overdue=is_overdue(forecast_due=forecast, completed_on=completed_on, today=self.today),
            hold_reason=milestone.rag_hold_reason,
        )
        held = f" ({_word(milestone.rag)}, overdue)" if before != milestone.rag else ""
        shown = "" if after == rag else f" (shows as {_word(after)}: past its End Date)"
        return f"RAG {_word(before)}{held} → {_word(rag)}{shown}"


def _word(rag: str) -> str:
    return Rag(rag).label if rag else "not rated"


def parse_seen(text: str) -> dict[int, int]:
    """The inverse of ImportResult.seen_text; raises ValueError for anything else."""
    return {int(pk): int(version) for pk, version in (item.split(":") for item in text.split(",") if item)}


def _saved_since(council: Council, seen: Mapping[int, int]) -> list[str]:
    rows = Milestone.objects.filter(pk__in=seen, workstream__plan__council=council).values_list(
        "pk", "version", "title", "updated_by__username"
    )
    return [
        f"“{title}” was updated{f' by {who}' if who else ''} after your preview, so nothing was imported: "
        "upload the tracker again to see what it would change now"
        for pk, version, title, who in rows
        if version != seen[pk]
    ]


def tracker_import(
    *,
    council: Council,
    user,
    parsed: ParsedTracker,
    source: str,
    apply: bool,
    today: date | None = None,
    seen: Mapping[int, int] | None = None,
) -> ImportResult:
    """Preview (``apply=False``) or apply the parsed tracker. Nothing is written unless ``apply`` and there
    is no problem at all; the result lists every change and problem either way.

    ``seen`` (the preview's ``result.seen``) makes confirming refuse, writing nothing, if any milestone the
    preview matched was saved since: otherwise the file's older text would overwrite the newer save.
    """
    result = ImportResult(parsed=parsed)
    if parsed.problems:
        return result
    walk = _Walk(
        council=council, user=user, source=source, today=today or timezone.localdate(), result=result
    )
    try:
        with transaction.atomic():
            council_lock(council=council)  # before any row of the plan: see recovery.data_version
            if seen is not None and (stale := _saved_since(council, seen)):
                result.problems.extend(stale)
                raise _Rollback
            walk.run(parsed)
            if not apply or result.problems:
                raise _Rollback
    except _Rollback:
        return result
    result.applied = True
    return result
