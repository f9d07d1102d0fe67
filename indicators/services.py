"""Every write to indicators, targets and values. Keyword-only, typed, atomic, and recorded (a simple-history
row naming the user for every row created, changed or deleted; ``recorded_by``/``recorded_at`` on values).

The rules live here, not in forms or views: periods written for the indicator's period type, per cent within
0 to 100, counts and ratios not negative, tolerances 0 <= amber <= red. Bad input raises
``IndicatorInputError`` naming the field, and nothing is written. Saving what is already there writes
nothing (no history row), so re-running an import or the demo loader changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from core.errors import Refused
from indicators.formatting import COUNT, PERCENT, POUNDS, value_text
from indicators.models import (
    SEN2_SOURCE,
    Availability,
    Indicator,
    IndicatorValue,
    Sen2Measure,
    Target,
    ValueKind,
)
from indicators.periods import CALENDAR_YEAR, Period, PeriodError, describe, parse_period
from indicators.rag import HIGHER, LOWER
from recovery.data_version import data_changed
from recovery.models import RecoveryPlan
from workstreams.models import Workstream

User = AbstractBaseUser
LIMIT = Decimal(10) ** 12


class IndicatorInputError(Refused):
    """Bad input; ``field`` names the form field it belongs to ("" when it concerns several)."""


@dataclass(frozen=True)
class IndicatorDetails:
    name: str
    unit: str
    direction: str
    period_type: str
    workstream: Workstream | None = None
    baseline_period: str = ""
    baseline_value: Decimal | None = None
    source: str = ""
    notes: str = ""
    sen2_measure: str = ""


def _save(obj, user, **kwargs) -> None:
    obj._history_user = user  # simple-history records who, even outside a request
    obj.save(**kwargs)


def check_number(*, unit: str, value: Decimal | None, field: str, label: str) -> None:
    """The one range rule for a figure of an indicator (values, baselines, targets)."""
    if value is None:
        return
    if not value.is_finite() or abs(value) >= LIMIT:
        raise IndicatorInputError(f"{label} must be less than 1,000,000,000,000", field)
    if unit == PERCENT and not Decimal(0) <= value <= Decimal(100):
        raise IndicatorInputError(f"{label} must be between 0% and 100%", field)
    if unit != POUNDS and value < 0:
        raise IndicatorInputError(f"{label} must not be negative", field)


def check_period(*, period_type: str, text: str, field: str, label: str) -> Period:
    try:
        return parse_period(period_type, text)
    except PeriodError as error:
        raise IndicatorInputError(f"{label}: {error}", field) from None


def _check_details(plan: RecoveryPlan, details: IndicatorDetails) -> Period | None:
    if not details.name.strip():
        raise IndicatorInputError("Enter the indicator's name", "name")
    if details.workstream is not None and details.workstream.plan_id != plan.pk:
        raise IndicatorInputError("Choose a workstream of this plan", "workstream")
    baseline = None
    if details.baseline_period.strip():
        baseline = check_period(
            period_type=details.period_type,
            text=details.baseline_period,
            field="baseline_period",
            label="Baseline period",
        )
    elif details.baseline_value is not None:
        raise IndicatorInputError("Enter the period the baseline describes", "baseline_period")
    check_number(
        unit=details.unit, value=details.baseline_value, field="baseline_value", label="Baseline value"
    )
    return baseline


def _apply(indicator: Indicator, details: IndicatorDetails, baseline: Period | None) -> None:
    indicator.name = details.name.strip()
    indicator.unit = details.unit
    indicator.direction = details.direction
    indicator.period_type = details.period_type
    indicator.workstream = details.workstream
    indicator.baseline_period = baseline.label if baseline else ""
    indicator.baseline_start = baseline.start if baseline else None
    indicator.baseline_value = details.baseline_value
    indicator.source = details.source.strip()
    indicator.notes = details.notes.strip()
    indicator.sen2_measure = details.sen2_measure


FIELDS = [
    "name",
    "unit",
    "direction",
    "period_type",
    "workstream_id",
    "baseline_period",
    "baseline_start",
    "baseline_value",
    "source",
    "notes",
    "sen2_measure",
]


def _duplicate(plan: RecoveryPlan, details: IndicatorDetails, exclude: int | None) -> None:
    others = Indicator.objects.filter(plan=plan).exclude(pk=exclude)
    if others.filter(name__iexact=details.name.strip()).exists():
        raise IndicatorInputError(
            f"This plan already has an indicator called “{details.name.strip()}”", "name"
        )
    if details.sen2_measure and others.filter(sen2_measure=details.sen2_measure).exists():
        raise IndicatorInputError("Another indicator of this plan already takes that SEN2 measure", "")


@transaction.atomic
def indicator_create(*, plan: RecoveryPlan, user: User | None, details: IndicatorDetails) -> Indicator:
    baseline = _check_details(plan, details)
    _duplicate(plan, details, None)
    last = (
        Indicator.objects.filter(plan=plan).order_by("-position").values_list("position", flat=True).first()
    )
    indicator = Indicator(plan=plan, position=(last or 0) + 1)
    _apply(indicator, details, baseline)
    try:
        with transaction.atomic():
            _save(indicator, user)
    except IntegrityError:  # a race with someone creating the same name: a message, never a 500
        raise IndicatorInputError(
            f"This plan already has an indicator called “{indicator.name}”", "name"
        ) from None
    return indicator


@transaction.atomic
def indicator_update(*, indicator: Indicator, user: User | None, details: IndicatorDetails) -> Indicator:
    fresh = Indicator.objects.select_for_update().get(pk=indicator.pk)
    baseline = _check_details(fresh.plan, details)
    _duplicate(fresh.plan, details, fresh.pk)
    if details.period_type != fresh.period_type and (fresh.values.exists() or fresh.targets.exists()):
        raise IndicatorInputError(
            f"This indicator has values or targets by {describe(fresh.period_type)}: its period type "
            "cannot change. Create a new indicator instead.",
            "period_type",
        )
    if details.unit != fresh.unit:
        for row in [*fresh.values.exclude(value=None), *fresh.targets.all()]:
            check_number(unit=details.unit, value=row.value, field="unit", label=f"The {row.period} figure")
    before = [getattr(fresh, name) for name in FIELDS]
    _apply(fresh, details, baseline)
    if [getattr(fresh, name) for name in FIELDS] != before:
        _save(fresh, user)
    return fresh


@transaction.atomic
def target_set(
    *,
    indicator: Indicator,
    user: User | None,
    period: str,
    value: Decimal,
    amber_tolerance: Decimal = Decimal(0),
    red_tolerance: Decimal = Decimal(0),
) -> Target:
    """Set (or change) the target of one period."""
    when = check_period(period_type=indicator.period_type, text=period, field="period", label="Period")
    check_number(unit=indicator.unit, value=value, field="value", label="Target")
    for name, label, amount in (
        ("amber_tolerance", "Amber tolerance", amber_tolerance),
        ("red_tolerance", "Red tolerance", red_tolerance),
    ):
        if amount < 0:
            raise IndicatorInputError(f"{label} must not be negative", name)
        check_number(unit=indicator.unit, value=amount, field=name, label=label)
    if red_tolerance < amber_tolerance:
        raise IndicatorInputError("Red tolerance must not be less than the amber tolerance", "red_tolerance")
    target = Target.objects.select_for_update().filter(indicator=indicator, period=when.label).first()
    if target is None:
        target = Target(indicator=indicator, period=when.label, period_start=when.start)
    elif (target.value, target.amber_tolerance, target.red_tolerance) == (
        value,
        amber_tolerance,
        red_tolerance,
    ):
        return target
    target.value, target.amber_tolerance, target.red_tolerance = value, amber_tolerance, red_tolerance
    _save(target, user)
    return target


@transaction.atomic
def target_delete(*, target: Target, user: User | None) -> None:
    target._history_user = user
    target.delete()


@dataclass(frozen=True)
class Recorded:
    value: IndicatorValue
    created: bool
    changed: bool


@transaction.atomic
def value_record(
    *,
    indicator: Indicator,
    user: User | None,
    period: str,
    value: Decimal | None,
    availability: str = Availability.VALUE,
    kind: str = ValueKind.ACTUAL,
    note: str = "",
    source: str = "",
) -> Recorded:
    """Record (or correct) one period's value; ``value`` only with ``availability`` "value"."""
    when = check_period(period_type=indicator.period_type, text=period, field="period", label="Period")
    if kind not in ValueKind.values:
        raise IndicatorInputError("Choose whether this is an actual figure or a forecast", "kind")
    if availability not in Availability.values:
        raise IndicatorInputError("Choose whether there is a figure", "availability")
    if availability == Availability.VALUE and value is None:
        raise IndicatorInputError("Enter the value, or say it is not available", "value")
    if availability != Availability.VALUE:
        value = None
    check_number(unit=indicator.unit, value=value, field="value", label="Value")
    row = (
        IndicatorValue.objects.select_for_update()
        .filter(indicator=indicator, period=when.label, kind=kind)
        .first()
    )
    created = row is None
    if row is None:
        row = IndicatorValue(indicator=indicator, period=when.label, period_start=when.start, kind=kind)
    elif (row.availability, row.value, row.note, row.source) == (availability, value, note.strip(), source):
        return Recorded(row, created=False, changed=False)
    row.availability, row.value, row.note, row.source = availability, value, note.strip(), source
    row.recorded_at, row.recorded_by = timezone.now(), user if getattr(user, "pk", None) else None
    _save(row, user)
    return Recorded(row, created=created, changed=not created)


@transaction.atomic
def value_delete(*, value: IndicatorValue, user: User | None) -> None:
    value._history_user = user
    value.delete()


# --- the DfE SEN2 import --------------------------------------------------------------------------------

# The indicators an import keeps up to date: created on the first import with these units and directions
# (the plans aim for more children in mainstream, fewer in special and other settings, slower growth of
# EHC plans); people may rename them or change direction later: the measure key keeps them linked.
SEN2_DEFAULTS: dict[str, tuple[str, str]] = {
    Sen2Measure.TOTAL: (COUNT, LOWER),
    Sen2Measure.MAINSTREAM: (COUNT, HIGHER),
    Sen2Measure.MAINSTREAM_SHARE: (PERCENT, HIGHER),
    Sen2Measure.SPECIAL: (COUNT, LOWER),
    Sen2Measure.SPECIAL_SHARE: (PERCENT, LOWER),
    Sen2Measure.OTHER: (COUNT, LOWER),
    Sen2Measure.OTHER_SHARE: (PERCENT, LOWER),
}


@dataclass
class Sen2Result:
    """What an import did (or, in a dry run, would do)."""

    indicators_created: list[str] = field(default_factory=list)
    values_created: list[str] = field(default_factory=list)
    values_changed: list[str] = field(default_factory=list)
    unchanged: int = 0
    dry_run: bool = False

    @property
    def changes(self) -> int:
        return len(self.indicators_created) + len(self.values_created) + len(self.values_changed)


def sen2_import(*, plan: RecoveryPlan, user: User | None, extract, dry_run: bool = False) -> Sen2Result:
    """Load a Sen2Extract into the plan's SEN2 indicators, all or nothing, with history naming ``user``.

    The figures are compared with what the plan holds in one read, then written in bulk, so an import costs
    a fixed number of queries whatever the years; a dry run reports exactly that comparison, writing nothing.
    """
    result = Sen2Result(dry_run=dry_run)
    with transaction.atomic():
        existing = {
            i.sen2_measure: i
            for i in Indicator.objects.select_for_update().filter(plan=plan).exclude(sen2_measure="")
        }
        for indicator in existing.values():
            if indicator.period_type != CALENDAR_YEAR:
                raise IndicatorInputError(
                    f"“{indicator.name}” is recorded by {describe(indicator.period_type)}; SEN2 figures "
                    "are by calendar year (the January census). Nothing was imported."
                )
        held = {
            (v.indicator_id, v.period): v
            for v in IndicatorValue.objects.filter(
                indicator__in=list(existing.values()), kind=ValueKind.ACTUAL
            ).select_for_update()
        }
        now = timezone.now()
        recorder = user if getattr(user, "pk", None) else None
        creates: list[tuple[str, IndicatorValue]] = []  # (measure, row), for indicators made below
        updates: list[IndicatorValue] = []
        for measure, (unit, _direction) in SEN2_DEFAULTS.items():
            indicator = existing.get(measure)
            if indicator is None:
                result.indicators_created.append(Sen2Measure(measure).label)
            for year in extract.years:
                figure = year.figures[measure]
                when = check_period(period_type=CALENDAR_YEAR, text=year.year, field="", label="Census year")
                check_number(unit=unit, value=figure.value, field="", label=f"{year.year} figure")
                new = (figure.availability, figure.value, figure.note, SEN2_SOURCE)
                row = held.get((indicator.pk, when.label)) if indicator is not None else None
                name = indicator.name if indicator is not None else Sen2Measure(measure).label
                label = f"{name}, {when.label}: {_figure_text(unit, figure)}"
                if row is not None and (row.availability, row.value, row.note, row.source) == new:
                    result.unchanged += 1
                    continue
                if row is None:
                    row = IndicatorValue(indicator=indicator, period=when.label, period_start=when.start)
                    creates.append((measure, row))
                    result.values_created.append(label)
                else:
                    updates.append(row)
                    result.values_changed.append(label)
                row.availability, row.value, row.note, row.source = new
                row.recorded_at, row.recorded_by = now, recorder
        if dry_run:
            return result
        for measure, (unit, direction) in SEN2_DEFAULTS.items():
            if measure not in existing:
                existing[measure] = indicator_create(
                    plan=plan,
                    user=user,
                    details=IndicatorDetails(
                        name=Sen2Measure(measure).label,
                        unit=unit,
                        direction=direction,
                        period_type=CALENDAR_YEAR,
                        source=SEN2_SOURCE,
                        notes="Counted at the January census each year (DfE SEN2). "
                        "Kept up to date by the SEN2 import.",
                        sen2_measure=measure,
                    ),
                )
        for measure, row in creates:
            row.indicator = existing[measure]
        if creates:
            bulk_create_with_history([row for _, row in creates], IndicatorValue, default_user=user)
        if updates:
            bulk_update_with_history(
                updates,
                IndicatorValue,
                ["availability", "value", "note", "source", "recorded_at", "recorded_by"],
                default_user=user,
            )
        if creates or updates:
            data_changed(plan_id=plan.pk)  # bulk history writes send no signal: bump the version
    return result


def _figure_text(unit: str, figure) -> str:
    if figure.value is None:
        return Availability(figure.availability).label
    return value_text(unit, figure.value)
