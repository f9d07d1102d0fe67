"""The plan's structure: workstreams, milestones (titles, leads, baseline dates, order) and categories.
Nothing is deleted: workstreams and milestones are archived and can be restored."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from core.durations import long_date
from recovery.data_version import council_lock, council_lock_for
from recovery.models import LeadOfficer, RecoveryPlan
from workstreams.models import Category, Milestone, Workstream
from workstreams.rag import Rag
from workstreams.services.recording import Direction, move_among, recorded, values_of

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
    workstream = Workstream(plan=plan, position=last + 1, **values_of(details))
    recorded(workstream, user).save()
    return workstream


@transaction.atomic
def workstream_edit(
    *, workstream: Workstream, user: AbstractBaseUser, details: WorkstreamDetails
) -> Workstream:
    council_lock_for(workstream)
    workstream = Workstream.objects.select_for_update().get(pk=workstream.pk)
    _check_workstream(workstream.plan, details)
    for name, value in values_of(details).items():
        setattr(workstream, name, value)
    recorded(workstream, user).save(update_fields=list(values_of(details)))
    return workstream


@transaction.atomic
def workstream_archive(
    *, workstream: Workstream, user: AbstractBaseUser, archived: bool = True
) -> Workstream:
    """Archive (or with archived=False restore) a workstream: its milestones and history are kept."""
    council_lock_for(workstream)
    workstream = Workstream.objects.select_for_update().get(pk=workstream.pk)
    workstream.archived_on = timezone.localdate() if archived else None
    recorded(workstream, user).save(update_fields=["archived_on"])
    return workstream


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
        move_among(workstream, siblings, direction, user)


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
    return {name: value for name, value in values_of(details).items() if name != "other_leads"}


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
    recorded(milestone, user).save()
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
    recorded(milestone, user).save(update_fields=list(values))
    _set_other_leads(milestone, details)
    return milestone


@transaction.atomic
def milestone_archive(*, milestone: Milestone, user: AbstractBaseUser, archived: bool = True) -> Milestone:
    """Archive (or with archived=False restore) a milestone: its update history is kept."""
    council_lock_for(milestone)
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    milestone.archived_on = timezone.localdate() if archived else None
    recorded(milestone, user).save(update_fields=["archived_on"])
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
        move_among(milestone, siblings, direction, user)


# --- Categories and lead officers -------------------------------------------------------------------------


@transaction.atomic
def category_create(*, plan: RecoveryPlan, user: AbstractBaseUser, name: str) -> Category:
    council_lock(plan_id=plan.pk)
    last = Category.objects.filter(plan=plan).aggregate(last=Max("position"))["last"] or 0
    category = Category(plan=plan, name=name.strip(), position=last + 1)
    recorded(category, user).save()
    return category


@transaction.atomic
def category_rename(*, category: Category, user: AbstractBaseUser, name: str) -> Category:
    council_lock_for(category)
    category = Category.objects.select_for_update().get(pk=category.pk)
    category.name = name.strip()
    recorded(category, user).save(update_fields=["name"])
    return category
