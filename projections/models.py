"""Forecast versions of the High Needs Block deficit, their figures per year, scenario and bound, and actuals.

Sign convention used throughout: a deficit is a positive number of pounds (as councils write "£16m
deficit"); a surplus is negative.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from recovery.financial_years import fy_label
from recovery.models import RecoveryPlan


class ForecastStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class ForecastKind(models.TextChoices):
    COMPUTED = "computed", "Computed in this app"
    PUBLISHED_FIGURES = "figures", "Published figures only"


class Scenario(models.TextChoices):
    UNMITIGATED = "unmitigated", "Unmitigated"
    TARGET = "target", "Target mitigated"
    STRETCH = "stretch", "Stretch mitigated"


class Bound(models.TextChoices):
    SINGLE = "single", "Single estimate"
    UPPER = "upper", "Upper bound"
    LOWER = "lower", "Lower bound"


class Forecast(models.Model):
    plan = models.ForeignKey(RecoveryPlan, on_delete=models.PROTECT, related_name="forecasts")
    name = models.CharField(max_length=200)
    as_at = models.DateField(help_text="The date the figures describe.")
    status = models.CharField(max_length=10, choices=ForecastStatus.choices, default=ForecastStatus.DRAFT)
    kind = models.CharField(max_length=10, choices=ForecastKind.choices, default=ForecastKind.COMPUTED)
    is_current = models.BooleanField(default=False, help_text="The forecast the plan's dashboards use.")
    source = models.CharField(max_length=200, blank=True, help_text="Where the figures come from.")
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "-as_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan"], condition=Q(is_current=True), name="one_current_forecast"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.as_at:%d %b %Y})"

    @property
    def is_frozen(self) -> bool:
        """Published forecasts are never changed: copy one to change it."""
        return self.status == ForecastStatus.PUBLISHED


class ForecastYear(models.Model):
    forecast = models.ForeignKey(Forecast, on_delete=models.CASCADE, related_name="years")
    financial_year = models.PositiveSmallIntegerField(help_text="Start year, e.g. 2024 for 2024-25.")
    scenario = models.CharField(max_length=12, choices=Scenario.choices)
    bound = models.CharField(max_length=6, choices=Bound.choices, default=Bound.SINGLE)
    funding = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    spend = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    cumulative_deficit = models.DecimalField(max_digits=14, decimal_places=2)

    history = HistoricalRecords()

    class Meta:
        ordering = ["forecast", "scenario", "bound", "financial_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["forecast", "financial_year", "scenario", "bound"], name="one_figure_per_year_scenario_bound"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year_label} {self.scenario}/{self.bound}"

    @property
    def year_label(self) -> str:
        return fy_label(self.financial_year)

    @property
    def in_year_deficit(self):
        if self.funding is None or self.spend is None:
            return None
        return self.spend - self.funding


class Actual(models.Model):
    """The outturn of one financial year, as the council's accounts record it."""

    plan = models.ForeignKey(RecoveryPlan, on_delete=models.PROTECT, related_name="actuals")
    financial_year = models.PositiveSmallIntegerField()
    funding = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    spend = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    cumulative_deficit = models.DecimalField(max_digits=14, decimal_places=2)

    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "financial_year"]
        constraints = [models.UniqueConstraint(fields=["plan", "financial_year"], name="one_actual_per_plan_year")]

    def __str__(self) -> str:
        return f"{self.plan.council} {self.year_label} actual"

    @property
    def year_label(self) -> str:
        return fy_label(self.financial_year)
