"""Every write to workstreams, milestones, their savings, categories and lead officers.

Keyword-only, typed, atomic. Each write is recorded: a progress update as an append-only MilestoneUpdate,
and every model change in django-simple-history with the acting user (set here, so it holds outside a
request too). Nothing is deleted: workstreams and milestones are archived and can be restored.
"""

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal
from typing import Literal

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Max
from django.utils import timezone

from core.durations import long_date
from core.errors import Refused
from core.financial_years import fy_label
from recovery.data_version import council_lock, council_lock_for, data_changed_for
from recovery.models import Council, LeadOfficer, RecoveryPlan
from workstreams.models import Category, Milestone, MilestoneUpdate, Workstream, WorkstreamSaving, is_overdue
from workstreams.rag import Rag

Direction = Literal["up", "down"]


class StaleMilestone(Refused):  # noqa: N818 - the name says what happened; it is not a programming error
    """Someone saved the milestone after the version the caller read."""

    def __init__(self, milestone_pk: int):
        super().__init__(f"Milestone {milestone_pk} was changed after you opened it")
        self.milestone_pk = milestone_pk


def _values(details) -> dict:
    """A details dataclass as {field: value}, without copying the model instances in it (asdict would)."""
    return {f.name: getattr(details, f.name) for f in fields(details)}


def _recorded(instance: models.Model, user: AbstractBaseUser) -> models.Model:
    """Tell simple-history who made the change about to be saved."""
    instance._history_user = user
    return instance


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
    _recorded(update, user).save()
    return update


# --- Workstreams ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkstreamDetails:
    code: str
    title: str
    category: Category | None = None
    description: str = ""
    expected_outcomes: str = ""
    risks: str = ""
    lead: LeadOfficer | None = None
    start_date: date | None = None
    end_date: date | None = None
    investment: Decimal | None = None
    rag_override: str = ""


def _check_workstream(plan: RecoveryPlan, details: WorkstreamDetails) -> None:
    _check_belongs(plan, category=details.category, lead=details.lead)
    if details.investment is not None and details.investment < 0:
        raise ValidationError({"investment": "Investment must not be negative"})


def _check_belongs(plan: RecoveryPlan, *, category: Category | None, lead: LeadOfficer | None) -> None:
    # Forms limit the choices; this keeps a service caller from linking another council's rows.
    if category is not None and category.plan_id != plan.pk:
        raise ValidationError({"category": "Choose a category of this plan"})
    if lead is not None and lead.council_id != plan.council_id:
        raise ValidationError({"lead": "Choose a lead officer of this council"})


@transaction.atomic
def workstream_create(
    *, plan: RecoveryPlan, user: AbstractBaseUser, details: WorkstreamDetails
) -> Workstream:
    council_lock(plan_id=plan.pk)
    _check_workstream(plan, details)
    last = Workstream.objects.filter(plan=plan).aggregate(last=Max("position"))["last"] or 0
    workstream = Workstream(plan=plan, position=last + 1, **_values(details))
    _recorded(workstream, user).save()
    return workstream


@transaction.atomic
def workstream_edit(
    *, workstream: Workstream, user: AbstractBaseUser, details: WorkstreamDetails
) -> Workstream:
    council_lock_for(workstream)
    workstream = Workstream.objects.select_for_update().get(pk=workstream.pk)
    _check_workstream(workstream.plan, details)
    for name, value in _values(details).items():
        setattr(workstream, name, value)
    _recorded(workstream, user).save(update_fields=list(_values(details)))
    return workstream


@transaction.atomic
def workstream_archive(
    *, workstream: Workstream, user: AbstractBaseUser, archived: bool = True
) -> Workstream:
    """Archive (or with archived=False restore) a workstream: its milestones and history are kept."""
    council_lock_for(workstream)
    workstream = Workstream.objects.select_for_update().get(pk=workstream.pk)
    workstream.archived_on = timezone.localdate() if archived else None
    _recorded(workstream, user).save(update_fields=["archived_on"])
    return workstream


def _move(
    item: models.Model, siblings: list[models.Model], direction: Direction, user: AbstractBaseUser
) -> None:
    """Swap `item` with its neighbour in `siblings` (in display order), numbering positions 1..n."""
    order = [s.pk for s in siblings]
    index = order.index(item.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(order):
        order[index], order[other] = order[other], order[index]
    by_pk = {s.pk: s for s in siblings}
    for position, pk in enumerate(order, start=1):
        sibling = by_pk[pk]
        if sibling.position != position:
            sibling.position = position
            _recorded(sibling, user).save(update_fields=["position"])


@transaction.atomic
def workstream_move(*, workstream: Workstream, user: AbstractBaseUser, direction: Direction) -> None:
    """Move a workstream one place up or down among the plan's active workstreams."""
    council_lock_for(workstream)
    siblings = list(
        Workstream.objects.active()
        .filter(plan_id=workstream.plan_id)
        .select_for_update()
        .order_by("position", "code")
    )
    if workstream.pk in {s.pk for s in siblings}:
        _move(workstream, siblings, direction, user)


class StaleSavings(Exception):  # noqa: N818 - the name says what happened
    """Someone changed a year's saving after the caller read it; ``str()`` says which and what it is now."""


@transaction.atomic
def workstream_savings_set(
    *,
    workstream: Workstream,
    user: AbstractBaseUser,
    savings: Mapping[int, tuple[Decimal, Decimal]],
    expected: Mapping[int, tuple[Decimal, Decimal]] | None = None,
) -> None:
    """Set the target and stretch saving for each financial year given ({2024: (target, stretch)}).

    A year left out is not touched; a saving is never deleted (set it to zero instead). With ``expected``
    (each year's saving as the caller read it; a year missing from it had none), refuses with StaleSavings,
    saving nothing, if any year given now holds something else.
    """
    council_lock_for(workstream)
    existing = {
        s.financial_year: s
        for s in WorkstreamSaving.objects.select_for_update().filter(workstream=workstream)
    }
    if expected is not None:
        zero = (Decimal("0"), Decimal("0"))
        now = {year: (s.target, s.stretch) for year, s in existing.items()}
        moved = [y for y in sorted(savings) if now.get(y, zero) != expected.get(y, zero)]
        if moved:
            said = "; ".join(
                f"{fy_label(y)} is now £{target:,.0f} target, £{stretch:,.0f} stretch"
                for y in moved
                for target, stretch in [now.get(y, zero)]
            )
            raise StaleSavings(
                f"Someone changed these savings after you opened the page, so nothing was saved: {said}. "
                "Check the figures and save again."
            )
    for year, (target, stretch) in sorted(savings.items()):
        if target < 0 or stretch < target:
            raise ValidationError(f"{year}: the target must be 0 or more and the stretch at least the target")
        saving = existing.get(year)
        if saving is None:
            if target == 0 and stretch == 0:
                continue
            saving = WorkstreamSaving(workstream=workstream, financial_year=year)
        elif saving.target == target and saving.stretch == stretch:
            continue
        saving.target, saving.stretch = target, stretch
        _recorded(saving, user).save()


@transaction.atomic
def plan_savings_carry_forward(*, plan: RecoveryPlan, user: AbstractBaseUser, through_year: int) -> int:
    """Repeat each active workstream's last planned saving (target and stretch) in every later year up to
    ``through_year``, so a forecast that starts after the plan's savings years still counts them.

    Savings are yearly figures (seed 001 "Potential impact on the HNB"): carrying one forward assumes the
    saving recurs at the level of its last year. Years that already have a saving are never changed.
    Returns how many yearly savings were added.
    """
    council_lock(plan_id=plan.pk)
    savings = (
        WorkstreamSaving.objects.select_for_update()
        .filter(workstream__plan=plan, workstream__archived_on__isnull=True)
        .order_by("workstream_id", "financial_year")
    )
    last: dict[int, WorkstreamSaving] = {}
    taken: set[tuple[int, int]] = set()
    for saving in savings:
        taken.add((saving.workstream_id, saving.financial_year))
        if saving.target or saving.stretch:
            last[saving.workstream_id] = saving
    added = 0
    for saving in last.values():
        for year in range(saving.financial_year + 1, through_year + 1):
            if (saving.workstream_id, year) in taken:
                continue
            copy = WorkstreamSaving(
                workstream_id=saving.workstream_id,
                financial_year=year,
                target=saving.target,
                stretch=saving.stretch,
            )
            _recorded(copy, user).save()
            added += 1
    return added


# --- Milestones (the plan: titles, leads, baseline dates, order) ------------------------------------------


@dataclass(frozen=True)
class MilestoneDetails:
    title: str
    lead: LeadOfficer | None = None
    baseline_due: date | None = None
    start_date: date | None = None
    other_leads: tuple[LeadOfficer, ...] = ()


def _milestone_values(details: MilestoneDetails) -> dict:
    """The details that are plain fields (other_leads is a many-to-many, set after saving)."""
    return {name: value for name, value in _values(details).items() if name != "other_leads"}


def _check_milestone(plan: RecoveryPlan, details: MilestoneDetails) -> None:
    for lead in (details.lead, *details.other_leads):
        _check_belongs(plan, category=None, lead=lead)
    if details.start_date and details.baseline_due and details.baseline_due < details.start_date:
        start = long_date(details.start_date)
        raise ValidationError(
            {"baseline_due": f"The baseline due date must not be before the start date {start}"}
        )


def _set_other_leads(milestone: Milestone, details: MilestoneDetails) -> None:
    wanted = {lead.pk for lead in details.other_leads if lead != details.lead}
    if set(milestone.other_leads.values_list("pk", flat=True)) != wanted:
        milestone.other_leads.set(wanted)


@dataclass(frozen=True)
class InitialProgress:
    """Where a milestone already stands when it is first recorded (e.g. from an imported tracker)."""

    rag: str = ""
    commentary: str = ""
    completed_on: date | None = None
    percent_complete: int = 0


@transaction.atomic
def milestone_create(
    *,
    workstream: Workstream,
    user: AbstractBaseUser,
    details: MilestoneDetails,
    forecast_due: date | None = None,
    initial: InitialProgress | None = None,
) -> Milestone:
    """A new milestone at the end of its workstream; its forecast starts at the baseline unless given.

    ``initial`` records progress made before the tracker knew the milestone; later progress is an update.
    """
    council_lock_for(workstream)
    _check_milestone(workstream.plan, details)
    if initial is not None:
        if initial.rag and initial.rag not in Rag.values:
            raise ValidationError({"rag": "Select a RAG status"})
        if initial.completed_on and initial.completed_on > timezone.localdate():
            raise ValidationError({"completed_on": "The completion date must be today or in the past"})
    last = Milestone.objects.filter(workstream=workstream).aggregate(last=Max("position"))["last"] or 0
    milestone = Milestone(
        workstream=workstream,
        position=last + 1,
        forecast_due=forecast_due or details.baseline_due,
        updated_by=user,
        **_milestone_values(details),
    )
    if initial is not None:
        milestone.rag, milestone.commentary = initial.rag, initial.commentary.strip()
        milestone.completed_on = initial.completed_on
        milestone.percent_complete = 100 if initial.completed_on else initial.percent_complete
    _recorded(milestone, user).save()
    _set_other_leads(milestone, details)
    return milestone


@transaction.atomic
def milestone_edit(*, milestone: Milestone, user: AbstractBaseUser, details: MilestoneDetails) -> Milestone:
    """Change the plan's facts of a milestone (title, lead, baseline). Progress fields are left alone: they
    change only through milestone_update, so an edit here never overwrites someone's progress update."""
    council_lock_for(milestone)
    milestone = Milestone.objects.select_for_update().select_related("workstream__plan").get(pk=milestone.pk)
    _check_milestone(milestone.workstream.plan, details)
    values = _milestone_values(details)
    for name, value in values.items():
        setattr(milestone, name, value)
    _recorded(milestone, user).save(update_fields=list(values))
    _set_other_leads(milestone, details)
    return milestone


@transaction.atomic
def milestone_archive(*, milestone: Milestone, user: AbstractBaseUser, archived: bool = True) -> Milestone:
    """Archive (or with archived=False restore) a milestone: its update history is kept."""
    council_lock_for(milestone)
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    milestone.archived_on = timezone.localdate() if archived else None
    _recorded(milestone, user).save(update_fields=["archived_on"])
    return milestone


@transaction.atomic
def milestone_move(*, milestone: Milestone, user: AbstractBaseUser, direction: Direction) -> None:
    """Move a milestone one place up or down among its workstream's active milestones."""
    council_lock_for(milestone)
    siblings = list(
        Milestone.objects.filter(workstream_id=milestone.workstream_id, archived_on__isnull=True)
        .select_for_update()
        .order_by("position", "forecast_due", "pk")
    )
    if milestone.pk in {s.pk for s in siblings}:
        _move(milestone, siblings, direction, user)


# --- Categories and lead officers -------------------------------------------------------------------------


@transaction.atomic
def category_create(*, plan: RecoveryPlan, user: AbstractBaseUser, name: str) -> Category:
    council_lock(plan_id=plan.pk)
    last = Category.objects.filter(plan=plan).aggregate(last=Max("position"))["last"] or 0
    category = Category(plan=plan, name=name.strip(), position=last + 1)
    _recorded(category, user).save()
    return category


@transaction.atomic
def category_rename(*, category: Category, user: AbstractBaseUser, name: str) -> Category:
    council_lock_for(category)
    category = Category.objects.select_for_update().get(pk=category.pk)
    category.name = name.strip()
    _recorded(category, user).save(update_fields=["name"])
    return category


@dataclass(frozen=True)
class LeadDetails:
    name: str
    initials: str
    job_title: str = ""
    email: str = ""
    account: AbstractBaseUser | None = None  # the sign-in of this officer, for "My milestones"


@transaction.atomic
def lead_create(*, council: Council, user: AbstractBaseUser, details: LeadDetails) -> LeadOfficer:
    council_lock(council=council)
    values = _values(details)
    lead = LeadOfficer(council=council, user=values.pop("account"), **values)
    _recorded(lead, user).save()
    return lead


@transaction.atomic
def lead_edit(*, lead: LeadOfficer, user: AbstractBaseUser, details: LeadDetails) -> LeadOfficer:
    council_lock_for(lead)
    lead = LeadOfficer.objects.select_for_update().get(pk=lead.pk)
    values = _values(details)
    values["user"] = values.pop("account")
    for name, value in values.items():
        setattr(lead, name, value)
    _recorded(lead, user).save(update_fields=list(values))
    return lead
