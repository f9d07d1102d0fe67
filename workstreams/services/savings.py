"""Workstream savings per financial year, and carrying them forward into later years."""

from collections.abc import Mapping
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from core.errors import Refused
from core.financial_years import fy_label
from recovery.data_version import council_lock, council_lock_for
from recovery.models import RecoveryPlan
from workstreams.models import Workstream, WorkstreamSaving
from workstreams.services.recording import recorded


class StaleSavings(Refused):  # noqa: N818 - the name says what happened
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
        recorded(saving, user).save()


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
            recorded(copy, user).save()
            added += 1
    return added
