"""Reads about councils and plans, shaped for pages."""

from recovery.models import Council, PlanStatus, RecoveryPlan


def plan_for_council(*, council: Council) -> RecoveryPlan | None:
    """The council's active plan, else its most recent one (None if it has none yet)."""
    plans = RecoveryPlan.objects.filter(council=council)
    plan = plans.filter(status=PlanStatus.ACTIVE).first() or plans.order_by("-first_year", "-pk").first()
    if plan is not None:
        plan.council = council  # the council asked about: no join, no second Council built
    return plan
