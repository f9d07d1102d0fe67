"""Writes for benchmarking: the council's choice of the three measures its dashboard shows."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from recovery.models import Council
from reports.benchmarking import MEASURE_BY_KEY
from reports.models import DashboardMeasures

DASHBOARD_COUNT = 3


class BadChoice(ValueError):
    pass


@transaction.atomic
def dashboard_measures_set(*, council: Council, user: AbstractBaseUser, keys: list[str]) -> DashboardMeasures:
    """Keep the council's three dashboard measures, in order (recorded: who, when, what)."""
    unknown = [k for k in keys if k not in MEASURE_BY_KEY]
    if unknown:
        raise BadChoice(f"“{unknown[0]}” is not a benchmarking measure")
    if len(keys) != DASHBOARD_COUNT or len(set(keys)) != DASHBOARD_COUNT:
        raise BadChoice(f"Choose {DASHBOARD_COUNT} different measures")
    choice = DashboardMeasures.objects.select_for_update().filter(council=council).first()
    if choice is None:
        choice = DashboardMeasures(council=council)
    choice.measures = ",".join(keys)
    choice._history_user = user
    choice.save()
    return choice
