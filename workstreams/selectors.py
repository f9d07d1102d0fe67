"""Reads about workstreams and milestones, each a fixed number of queries whatever the data size.

Everything is looked up through the council (or its plan), so an id of another council finds nothing.
"""

from datetime import date, datetime, time

from django.contrib.auth import get_user_model
from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from recovery.models import Council, LeadOfficer, RecoveryPlan
from workstreams.models import Category, Milestone, MilestoneUpdate, Workstream


def _active_milestones() -> QuerySet[Milestone]:
    return Milestone.objects.filter(archived_on__isnull=True).order_by("position", "forecast_due", "pk")


def workstreams_for_plan(*, plan: RecoveryPlan) -> QuerySet[Workstream]:
    """Active workstreams with lead, category and active milestones (for the derived RAG): 2 queries."""
    return (
        Workstream.objects.active()
        .filter(plan=plan)
        .select_related("lead", "category")
        .prefetch_related(Prefetch("milestones", queryset=_active_milestones()))
        .order_by("position", "code")
    )


def archived_workstreams_for_plan(*, plan: RecoveryPlan) -> QuerySet[Workstream]:
    return (
        Workstream.objects.filter(plan=plan, archived_on__isnull=False)
        .select_related("lead", "category")
        .order_by("position", "code")
    )


def workstreams_for_council(*, council: Council) -> QuerySet[Workstream]:
    """Any workstream of the council (archived too), for looking one up by id: other councils' are absent."""
    return Workstream.objects.filter(plan__council=council).select_related("plan", "lead", "category")


def workstream_page(*, council: Council) -> QuerySet[Workstream]:
    """One workstream with what its page shows: savings, active milestones with leads. 3 queries."""
    return workstreams_for_council(council=council).prefetch_related(
        "savings",
        Prefetch("milestones", queryset=_active_milestones().select_related("lead").with_flags()),
    )


def archived_milestones_for_workstream(*, workstream: Workstream) -> QuerySet[Milestone]:
    return Milestone.objects.filter(workstream=workstream, archived_on__isnull=False).order_by("position")


def _plan_milestones(plan: RecoveryPlan) -> QuerySet[Milestone]:
    return (
        Milestone.objects.active()
        .filter(workstream__plan=plan)
        .select_related("workstream", "lead")
        .order_by("workstream__position", "workstream__code", "position", "pk")
    )


def milestones_for_plan(*, plan: RecoveryPlan) -> QuerySet[Milestone]:
    """Active milestones of the plan's active workstreams, with the flags and RAG order tables sort on."""
    return _plan_milestones(plan).with_flags().with_rag_severity()


# What the milestones table shows of a milestone, its workstream and its lead (workstreams.tables).
TABLE_FIELDS = (
    "title", "rag", "rag_hold_reason", "baseline_due", "forecast_due", "completed_on", "percent_complete",
    "updated_at", "workstream", "workstream__code", "workstream__title", "lead", "lead__name",
    "lead__initials",
)  # fmt: skip


def milestones_for_table(*, plan: RecoveryPlan, rag_order: bool = False) -> QuerySet[Milestone]:
    """Active milestones of the plan's active workstreams in plan order, as the milestones table reads them:
    only the fields it shows (TABLE_FIELDS), and no flag annotations (its cells work out flags and RAG in
    Python); `rag_order` adds the RAG severity its RAG column sorts on (a CASE over the effective RAG, most
    of the query's cost to build: only when the table is sorted by RAG)."""
    milestones = _plan_milestones(plan).only(*TABLE_FIELDS)
    return milestones.with_rag_severity() if rag_order else milestones


def milestones_led_by(*, plan: RecoveryPlan, user) -> QuerySet[Milestone]:
    """ "My milestones": those of every lead record linked to this sign-in (Milestone.objects.of_leads: led
    or shared), open before completed; overdue first, then by forecast date."""
    return (
        milestones_for_plan(plan=plan)
        .of_leads(LeadOfficer.objects.filter(user=user, council_id=plan.council_id))
        .order_by(
            "-overdue_flag",
            F("completed_on").asc(nulls_first=True),  # open ones first, on SQLite and PostgreSQL alike
            F("forecast_due").asc(nulls_last=True),
            "pk",
        )
    )


def milestones_for_council(*, council: Council) -> QuerySet[Milestone]:
    """Any milestone of the council (archived too), for looking one up by id."""
    return Milestone.objects.filter(workstream__plan__council=council).select_related(
        "workstream__plan", "lead", "updated_by"
    )


def milestone_timeline(*, milestone: Milestone) -> QuerySet[MilestoneUpdate]:
    """Every update of a milestone, newest first."""
    return (
        MilestoneUpdate.objects.filter(milestone=milestone)
        .select_related("author")
        .order_by("-created_at", "-pk")
    )


def updates_since(*, milestone: Milestone, version: int) -> QuerySet[MilestoneUpdate]:
    """Updates saved after `version` of a milestone (what someone missed while their form was open)."""
    return milestone_timeline(milestone=milestone).filter(version__gt=version)


def updates_for_workstream(*, workstream: Workstream, limit: int = 10) -> list[MilestoneUpdate]:
    return list(
        MilestoneUpdate.objects.filter(milestone__workstream=workstream)
        .select_related("milestone", "author")
        .order_by("-created_at", "-pk")[:limit]
    )


def updates_for_council(*, council: Council, since: date) -> QuerySet[MilestoneUpdate]:
    """Updates across the council from the start of `since` (local time), newest first."""
    start = timezone.make_aware(datetime.combine(since, time.min))
    return (
        MilestoneUpdate.objects.filter(milestone__workstream__plan__council=council, created_at__gte=start)
        .select_related("milestone__workstream", "author")
        .order_by("-created_at", "-pk")
    )


def leads_for_council(*, council: Council) -> QuerySet[LeadOfficer]:
    """Each lead with the number of their milestones (Milestone.objects.of_leads) and how many are open,
    as My milestones and the update return count them: 1 query."""
    return (
        LeadOfficer.objects.filter(council=council)
        .select_related("user")
        .annotate(
            n_workstreams=Count(
                "workstreams", filter=Q(workstreams__archived_on__isnull=True), distinct=True
            ),
            n_milestones=Milestone.objects.count_of_lead(OuterRef("pk")),
            n_open_milestones=Milestone.objects.filter(completed_on__isnull=True).count_of_lead(
                OuterRef("pk")
            ),
        )
        .order_by("name")
    )


def categories_for_plan(*, plan: RecoveryPlan) -> QuerySet[Category]:
    return (
        Category.objects.filter(plan=plan)
        .annotate(n_workstreams=Count("workstreams", filter=Q(workstreams__archived_on__isnull=True)))
        .order_by("position", "name")
    )


def council_members(*, council: Council):
    """Sign-ins that belong to the council: the people a lead officer may be linked to."""
    return (
        get_user_model()
        .objects.filter(memberships__council=council)
        .order_by("first_name", "last_name", "username")
    )


def tracker_for_plan(*, plan: RecoveryPlan) -> list[Workstream]:
    """The plan as its tracker spreadsheet holds it: active workstreams with lead, category and active
    milestones, each with its lead, shared leads and updates (newest first, with author). 5 queries."""
    milestones = (
        _active_milestones()
        .select_related("lead")
        .prefetch_related(
            "other_leads",
            Prefetch(
                "updates",
                queryset=MilestoneUpdate.objects.select_related("author").order_by("-created_at", "-pk"),
            ),
        )
    )
    return list(
        Workstream.objects.active()
        .filter(plan=plan)
        .select_related("lead", "category")
        .prefetch_related(Prefetch("milestones", queryset=milestones))
        .order_by("position", "code")
    )
