"""Writes to councils and their plans: keyword-only, atomic, recorded by simple-history with who did it."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from recovery.models import Council, PlanStatus, RecoveryPlan


@transaction.atomic
def plan_create(
    *, council: Council, user: AbstractBaseUser | None, title: str, first_year: int, last_year: int
) -> RecoveryPlan:
    """A new active plan for a council that has none (e.g. when its tracker is first imported)."""
    plan = RecoveryPlan(
        council=council,
        title=title.strip()[:200],
        status=PlanStatus.ACTIVE,
        first_year=first_year,
        last_year=max(first_year, last_year),
    )
    plan._history_user = user
    plan.save()
    return plan
