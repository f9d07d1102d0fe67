"""The SEND performance framework: indicators of a plan, their targets per period and their values.

An indicator's RAG is derived (never stored): its latest actual value with a figure, against the target for
that period (or the latest earlier target), in its good direction (indicators.rag). The derived facts read
the prefetched ``values`` and ``targets`` (indicators.selectors), so a page of indicators costs a fixed
number of queries.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from indicators import formatting, periods
from indicators.rag import DIRECTIONS, HIGHER, indicator_rag
from recovery.models import RecoveryPlan
from workstreams.models import Workstream
from workstreams.rag import Rag

VALUE_DIGITS = {"max_digits": 16, "decimal_places": 4}


class Unit(models.TextChoices):
    COUNT = formatting.COUNT, "Count"
    PERCENT = formatting.PERCENT, "Per cent (0 to 100)"
    POUNDS = formatting.POUNDS, "Pounds (£)"
    RATIO = formatting.RATIO, "Ratio"


class Direction(models.TextChoices):
    HIGHER = "higher", DIRECTIONS["higher"]
    LOWER = "lower", DIRECTIONS["lower"]


class PeriodType(models.TextChoices):
    FINANCIAL_YEAR = periods.FINANCIAL_YEAR, periods.PERIOD_TYPES[periods.FINANCIAL_YEAR]
    ACADEMIC_YEAR = periods.ACADEMIC_YEAR, periods.PERIOD_TYPES[periods.ACADEMIC_YEAR]
    CALENDAR_YEAR = periods.CALENDAR_YEAR, periods.PERIOD_TYPES[periods.CALENDAR_YEAR]
    TERM = periods.TERM, periods.PERIOD_TYPES[periods.TERM]
    MONTH = periods.MONTH, periods.PERIOD_TYPES[periods.MONTH]


class Sen2Measure(models.TextChoices):
    """What the DfE SEN2 import keeps up to date (one indicator per measure per plan)."""

    TOTAL = "ehcp_total", "Children and young people with an EHC plan"
    MAINSTREAM = "mainstream_count", "EHC plans in mainstream schools"
    MAINSTREAM_SHARE = "mainstream_share", "Share of EHC plans in mainstream schools"
    SPECIAL = "special_count", "EHC plans in special schools"
    SPECIAL_SHARE = "special_share", "Share of EHC plans in special schools"
    OTHER = "other_count", "EHC plans in other settings"
    OTHER_SHARE = "other_share", "Share of EHC plans in other settings"


class Availability(models.TextChoices):
    VALUE = "value", "A figure"
    NOT_AVAILABLE = "not_available", formatting.NOT_AVAILABLE_TEXT
    NOT_APPLICABLE = "not_applicable", formatting.NOT_APPLICABLE_TEXT


class ValueKind(models.TextChoices):
    ACTUAL = "actual", "Actual"
    FORECAST = "forecast", "Forecast"


SEN2_SOURCE = "DfE SEN2"


class Indicator(models.Model):
    plan = models.ForeignKey(RecoveryPlan, on_delete=models.PROTECT, related_name="indicators")
    workstream = models.ForeignKey(
        Workstream,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="indicators",
        help_text="The workstream this indicator measures, if one.",
    )
    name = models.CharField(max_length=200)
    unit = models.CharField(max_length=10, choices=Unit.choices, default=Unit.COUNT)
    direction = models.CharField(max_length=6, choices=Direction.choices, default=Direction.HIGHER)
    period_type = models.CharField(
        max_length=14, choices=PeriodType.choices, default=PeriodType.ACADEMIC_YEAR
    )
    baseline_period = models.CharField(max_length=20, blank=True)
    baseline_start = models.DateField(null=True, blank=True)
    baseline_value = models.DecimalField(**VALUE_DIGITS, null=True, blank=True)
    source = models.CharField(max_length=200, blank=True, help_text="Where the figures come from.")
    sen2_measure = models.CharField(max_length=20, choices=Sen2Measure.choices, blank=True)
    notes = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "position", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "name"], name="indicator_name_unique_per_plan"),
            models.UniqueConstraint(
                fields=["plan", "sen2_measure"],
                condition=~Q(sen2_measure=""),
                name="one_indicator_per_sen2_measure",
            ),
            models.CheckConstraint(
                condition=Q(baseline_period="") | Q(baseline_start__isnull=False),
                name="indicator_baseline_has_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def text(self, value: Decimal | None) -> str:
        return formatting.value_text(self.unit, value)

    @property
    def baseline_text(self) -> str:
        return self.text(self.baseline_value)

    # Derived facts, over the prefetched values and targets (ordered by period).

    @property
    def actuals(self) -> list[IndicatorValue]:
        return [v for v in self.values.all() if v.kind == ValueKind.ACTUAL]

    @property
    def forecasts(self) -> list[IndicatorValue]:
        return [v for v in self.values.all() if v.kind == ValueKind.FORECAST]

    @property
    def latest(self) -> IndicatorValue | None:
        """The latest actual value with a figure (a suppressed later year does not hide the last known)."""
        with_figure = [v for v in self.actuals if v.value is not None]
        return with_figure[-1] if with_figure else None

    @property
    def latest_recorded(self) -> IndicatorValue | None:
        """The latest actual period recorded at all, figure or not."""
        actuals = self.actuals
        return actuals[-1] if actuals else None

    def target_for(self, value: IndicatorValue | None) -> Target | None:
        """The target for the value's period, or else the latest target set for an earlier period."""
        if value is None:
            return None
        earlier = [t for t in self.targets.all() if t.period_start <= value.period_start]
        return earlier[-1] if earlier else None

    def rag_of(self, value: IndicatorValue | None) -> Rag | None:
        target = self.target_for(value)
        if value is None or target is None:
            return None
        return indicator_rag(
            direction=self.direction,
            value=value.value,
            target=target.value,
            amber_tolerance=target.amber_tolerance,
            red_tolerance=target.red_tolerance,
        )

    @property
    def latest_target(self) -> Target | None:
        return self.target_for(self.latest)

    @property
    def rag(self) -> Rag | None:
        return self.rag_of(self.latest)

    @property
    def is_higher_better(self) -> bool:
        return self.direction == HIGHER


class Target(models.Model):
    """The target for one period; tolerances are in the indicator's unit (see indicators.rag)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    period = models.CharField(max_length=20)
    period_start = models.DateField()
    value = models.DecimalField(**VALUE_DIGITS)
    amber_tolerance = models.DecimalField(**VALUE_DIGITS, default=Decimal(0))
    red_tolerance = models.DecimalField(**VALUE_DIGITS, default=Decimal(0))

    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "period_start"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period"], name="one_target_per_period"),
            models.CheckConstraint(
                condition=Q(amber_tolerance__gte=0) & Q(red_tolerance__gte=F("amber_tolerance")),
                name="target_tolerances_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.period} target"

    @property
    def text(self) -> str:
        return self.indicator.text(self.value)

    @property
    def amber_text(self) -> str:
        return self.indicator.text(self.amber_tolerance)

    @property
    def red_text(self) -> str:
        return self.indicator.text(self.red_tolerance)


class IndicatorValue(models.Model):
    """One period's figure (actual or forecast), or why there is none. ``value`` is set only for figures."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    period = models.CharField(max_length=20)
    period_start = models.DateField()
    kind = models.CharField(max_length=10, choices=ValueKind.choices, default=ValueKind.ACTUAL)
    availability = models.CharField(max_length=16, choices=Availability.choices, default=Availability.VALUE)
    value = models.DecimalField(**VALUE_DIGITS, null=True, blank=True)
    note = models.TextField(blank=True)
    source = models.CharField(max_length=200, blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "period_start", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period", "kind"], name="one_value_per_period_kind"),
            models.CheckConstraint(
                condition=(Q(availability="value") & Q(value__isnull=False))
                | (~Q(availability="value") & Q(value__isnull=True)),
                name="value_only_for_figures",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.period} {self.kind}"

    @property
    def text(self) -> str:
        if self.availability != Availability.VALUE:
            return Availability(self.availability).label
        return self.indicator.text(self.value)
