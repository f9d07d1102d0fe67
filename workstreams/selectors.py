"""Reads about workstreams and milestones, each a fixed number of queries whatever the data size."""

from django.db.models import Prefetch, QuerySet

from recovery.models import RecoveryPlan
from workstreams.models import Milestone, Workstream


def workstreams_for_plan(*, plan: RecoveryPlan) -> QuerySet[Workstream]:
    """Active workstreams with lead, category and active milestones (for the derived RAG): 2 queries."""
    return (
        Workstream.objects.active()
        .filter(plan=plan)
        .select_related("lead", "category")
        .prefetch_related(
            Prefetch("milestones", queryset=Milestone.objects.filter(archived_on__isnull=True).order_by("position"))
        )
        .order_by("position", "code")
    )
