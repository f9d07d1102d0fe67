"""Forecast versions of the High Needs Block deficit, their figures per year, scenario and bound, and actuals.

Sign convention used throughout: a deficit is a positive number of pounds (as councils write "£16m
deficit"); a surplus is negative.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core.financial_years import fy_label
from core.models import StoredPlanRow
from core.money import MILLIONS, POUNDS
from dfe.models import JobStatus
from projections.demand import REASONS
from projections.engine import PROVISION_TYPES
from recovery.models import RecoveryPlan
from workstreams.models import Workstream


class ForecastStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class ForecastKind(models.TextChoices):
    COMPUTED = "computed", "Computed in this app"
    PUBLISHED_FIGURES = "figures", "Published figures only"


class FiguresUnit(models.TextChoices):
    """Published papers give forecasts in pounds or in £ millions (seed 003: "£ 16m"); shown as given."""

    POUNDS = POUNDS, "Pounds"
    MILLIONS = MILLIONS, "£ millions"


class Scenario(models.TextChoices):
    UNMITIGATED = "unmitigated", "Unmitigated"
    TARGET = "target", "Target mitigated"
    STRETCH = "stretch", "Stretch mitigated"


class Bound(models.TextChoices):
    SINGLE = "single", "Single estimate"
    UPPER = "upper", "Upper bound"
    LOWER = "lower", "Lower bound"


class ForecastQuerySet(models.QuerySet):
    def visible_to(self, access) -> "ForecastQuerySet":
        """The council's forecasts the reader may see: Schools Forum members see published ones only
        (DESIGN.md); everyone else in the council, drafts too. `access`: an accounts.access.CouncilAccess."""
        forecasts = self.filter(plan__council=access.council)
        return forecasts if access.sees_drafts else forecasts.filter(status=ForecastStatus.PUBLISHED)


class Forecast(models.Model):
    plan = models.ForeignKey(RecoveryPlan, on_delete=models.PROTECT, related_name="forecasts")
    name = models.CharField(max_length=200)
    as_at = models.DateField(help_text="The date the figures describe.")
    status = models.CharField(max_length=10, choices=ForecastStatus.choices, default=ForecastStatus.DRAFT)
    kind = models.CharField(max_length=10, choices=ForecastKind.choices, default=ForecastKind.COMPUTED)
    is_current = models.BooleanField(default=False, help_text="The forecast the plan's dashboards use.")
    source = models.CharField(max_length=200, blank=True, help_text="Where the figures come from.")
    first_year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="First financial year forecast, e.g. 2024 for 2024-25."
    )
    last_year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Last financial year forecast, e.g. 2028 for 2028-29."
    )
    has_bounds = models.BooleanField(
        default=False,
        help_text="Published-figures forecasts only: the table has upper and lower bound rows. "
        "A computed forecast has bounds when its inputs give growth adjustments.",
    )
    figures_unit = models.CharField(
        max_length=10,
        choices=FiguresUnit.choices,
        default=FiguresUnit.POUNDS,
        help_text="How the figures are written: pounds, or £ millions for a paper that gives them so.",
    )
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()
    objects = ForecastQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "-as_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan"], condition=Q(is_current=True), name="one_current_forecast"
            ),
            models.CheckConstraint(
                condition=Q(first_year__isnull=True)
                | Q(last_year__isnull=True)
                | Q(last_year__gte=F("first_year")),
                name="forecast_years_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.as_at:%d %b %Y})"

    @property
    def is_frozen(self) -> bool:
        """Published forecasts are never changed: copy one to change it."""
        return self.status == ForecastStatus.PUBLISHED

    @property
    def is_computed(self) -> bool:
        return self.kind == ForecastKind.COMPUTED

    @property
    def is_draft(self) -> bool:
        return self.status == ForecastStatus.DRAFT

    @property
    def period_label(self) -> str:
        if self.first_year is None or self.last_year is None:
            return ""
        return f"{fy_label(self.first_year)} to {fy_label(self.last_year)}"

    @property
    def years_count(self) -> int:
        if self.first_year is None or self.last_year is None:
            return 0
        return self.last_year - self.first_year + 1


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
                fields=["forecast", "financial_year", "scenario", "bound"],
                name="one_figure_per_year_scenario_bound",
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
        constraints = [
            models.UniqueConstraint(fields=["plan", "financial_year"], name="one_actual_per_plan_year")
        ]

    def __str__(self) -> str:
        return f"{self.plan.council} {self.year_label} actual"

    @property
    def year_label(self) -> str:
        return fy_label(self.financial_year)


RATE_DIGITS = {"max_digits": 9, "decimal_places": 6}  # a yearly fraction: 0.083333 = 8.3333%
MONEY_DIGITS = {"max_digits": 14, "decimal_places": 2}


class ForecastInput(models.Model):
    """The assumptions of a computed forecast, stored so the forecast can be run again to the same pounds.

    Growth rates and the success rate are fractions (0.08 = 8%). Together with the forecast's lines,
    transfers and the savings snapshot taken at the last run, these are exactly the engine's
    ``ProjectionInput``.
    """

    forecast = models.OneToOneField(Forecast, on_delete=models.CASCADE, related_name="inputs")
    opening_deficit = models.DecimalField(
        **MONEY_DIGITS, default=0, help_text="Cumulative deficit brought forward (a surplus is negative)."
    )
    funding = models.DecimalField(
        **MONEY_DIGITS, default=0, help_text="High Needs Block funding in the first year."
    )
    funding_growth = models.DecimalField(**RATE_DIGITS, default=0, help_text="Yearly growth in funding.")
    success_rate = models.DecimalField(
        max_digits=5,
        decimal_places=4,
        default=Decimal("0.75"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
        help_text="Share of the workstreams' planned savings assumed to be achieved.",
    )
    upper_adjustment = models.DecimalField(
        **RATE_DIGITS, null=True, blank=True, help_text="Added to every growth rate for the upper bound."
    )
    lower_adjustment = models.DecimalField(
        **RATE_DIGITS, null=True, blank=True, help_text="Added to every growth rate for the lower bound."
    )
    updated_at = models.DateTimeField(default=timezone.now, help_text="When the inputs last changed.")
    run_at = models.DateTimeField(null=True, blank=True, help_text="When the figures were last computed.")
    run_success_rate = models.DecimalField(
        max_digits=5,
        decimal_places=4,
        null=True,
        blank=True,
        help_text="The success rate the stored figures were computed with (the inputs may change since).",
    )

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(success_rate__gte=0) & Q(success_rate__lte=1), name="forecast_success_rate_0_to_1"
            ),
            models.CheckConstraint(
                condition=Q(upper_adjustment__isnull=True, lower_adjustment__isnull=True)
                | Q(upper_adjustment__isnull=False, lower_adjustment__isnull=False),
                name="forecast_bounds_both_or_neither",
            ),
        ]

    def __str__(self) -> str:
        return f"Inputs of {self.forecast}"

    @property
    def has_bounds(self) -> bool:
        return self.upper_adjustment is not None and self.lower_adjustment is not None

    @property
    def is_stale(self) -> bool:
        """True when the stored figures do not come from these inputs (never run, or changed since).

        The one stale-version rule: publishing refuses stale figures and pages warn about them.
        """
        return self.run_at is None or self.run_at < self.updated_at

    @property
    def has_current_figures(self) -> bool:
        return not self.is_stale


class ProvisionType(models.TextChoices):
    """The engine's provision types (projections.engine.PROVISION_TYPES), in the same order."""

    MAINSTREAM_TOP_UPS = "mainstream_top_ups", PROVISION_TYPES["mainstream_top_ups"]
    SPECIAL_SCHOOLS = "special_schools", PROVISION_TYPES["special_schools"]
    INMSS = "inmss", PROVISION_TYPES["inmss"]
    POST16 = "post16", PROVISION_TYPES["post16"]
    ALTERNATIVE_PROVISION = "alternative_provision", PROVISION_TYPES["alternative_provision"]
    SUPPORT_SERVICES = "support_services", PROVISION_TYPES["support_services"]


class ForecastLine(models.Model):
    """One provision type's baseline spend in the first year and how it grows."""

    forecast = models.ForeignKey(Forecast, on_delete=models.CASCADE, related_name="lines")
    provision_type = models.CharField(max_length=24, choices=ProvisionType.choices)
    places = models.DecimalField(
        max_digits=12, decimal_places=2, default=0, help_text="Places or plans in the first year."
    )
    unit_cost = models.DecimalField(**MONEY_DIGITS, default=0, help_text="Average yearly cost of one place.")
    places_growth = models.DecimalField(**RATE_DIGITS, default=0, help_text="Yearly growth in numbers.")
    unit_cost_growth = models.DecimalField(**RATE_DIGITS, default=0, help_text="Yearly growth in unit cost.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["forecast", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["forecast", "provision_type"], name="one_line_per_provision_type"
            ),
            models.CheckConstraint(condition=Q(places__gte=0), name="forecast_line_places_not_negative"),
            models.CheckConstraint(condition=Q(unit_cost__gte=0), name="forecast_line_cost_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.forecast}: {self.get_provision_type_display()}"

    @property
    def first_year_spend(self) -> Decimal:
        return self.places * self.unit_cost


class ForecastTransfer(models.Model):
    """A Schools Block (or other) transfer into the High Needs Block in one financial year."""

    forecast = models.ForeignKey(Forecast, on_delete=models.CASCADE, related_name="transfers")
    financial_year = models.PositiveSmallIntegerField(help_text="Start year, e.g. 2024 for 2024-25.")
    amount = models.DecimalField(**MONEY_DIGITS)

    history = HistoricalRecords()

    class Meta:
        ordering = ["forecast", "financial_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["forecast", "financial_year"], name="one_transfer_per_forecast_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.forecast}: transfer {self.year_label}"

    @property
    def year_label(self) -> str:
        return fy_label(self.financial_year)


class ForecastSaving(models.Model):
    """The workstream savings a computed forecast was last run with: a copy, so the forecast stays
    reproducible when the plan's savings change later. ``workstream`` may be gone; ``workstream_name``
    keeps what it was called."""

    forecast = models.ForeignKey(Forecast, on_delete=models.CASCADE, related_name="savings_used")
    workstream = models.ForeignKey(
        Workstream, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    workstream_name = models.CharField(max_length=220)
    financial_year = models.PositiveSmallIntegerField()
    target = models.DecimalField(**MONEY_DIGITS)
    stretch = models.DecimalField(**MONEY_DIGITS)

    history = HistoricalRecords()

    class Meta:
        ordering = ["forecast", "workstream_name", "financial_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["forecast", "workstream_name", "financial_year"], name="one_saving_used_per_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.forecast}: {self.workstream_name} {self.year_label}"

    @property
    def year_label(self) -> str:
        return fy_label(self.financial_year)


REASON_CHOICES = [(key, f"Because {words}") for key, words in REASONS.items()]


class DemandLever(models.Model):
    """A workstream's lever on the demand model (projections.demand.Lever), in the target or stretch scenario.

    The stretch scenario applies the target levers and its own; the unmitigated one applies none.
    """

    class Kind(models.TextChoices):
        JOINERS = "joiners", "Scale new plans"
        MOVE = "move", "Move a share of new plans to another setting group"
        LEAVERS = "leavers", "Scale ceased plans"

    plan = models.ForeignKey(RecoveryPlan, on_delete=models.CASCADE, related_name="demand_levers")
    workstream = models.ForeignKey(
        "workstreams.Workstream", on_delete=models.CASCADE, related_name="demand_levers"
    )
    scenario = models.CharField(
        max_length=12,
        choices=[(Scenario.TARGET, Scenario.TARGET.label), (Scenario.STRETCH, Scenario.STRETCH.label)],
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    start_year = models.PositiveSmallIntegerField(help_text="First financial year, e.g. 2027 for 2027-28.")
    age_from = models.PositiveSmallIntegerField(default=0)
    age_to = models.PositiveSmallIntegerField(default=25)
    factor = models.DecimalField(max_digits=6, decimal_places=4, default=Decimal("1"))
    group = models.CharField(max_length=12, blank=True)
    to_group = models.CharField(max_length=12, blank=True)
    share = models.DecimalField(max_digits=5, decimal_places=4, default=Decimal("0"))
    reason = models.CharField(
        max_length=20,
        blank=True,
        choices=REASON_CHOICES,
        help_text="Ceased plans only: the reason whose part of the leavers it scales; blank: every reason.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "scenario", "start_year", "pk"]

    def __str__(self) -> str:
        return f"{self.workstream} {self.kind} from {self.start_year}"

    def clean(self) -> None:
        """The same refusals as the model's (a count never negative), named by field."""
        from django.core.exceptions import ValidationError

        from projections.demand import GROUPS

        errors = {}
        if self.workstream_id and self.plan_id and self.workstream.plan_id != self.plan_id:
            errors["workstream"] = "The workstream must belong to the lever's plan."
        if not (0 <= self.age_from <= self.age_to <= 25):
            errors["age_to"] = "Ages run from 0 to 25, the first no later than the last."
        if self.factor is not None and self.factor < 0:
            errors["factor"] = "A factor below 0 would make the number of plans negative."
        if self.share is not None and not (0 <= self.share <= 1):
            errors["share"] = "A share is between 0 and 1."
        for name in ("group", "to_group"):
            value = getattr(self, name)
            if value and value not in GROUPS:
                errors[name] = f"One of: {', '.join(GROUPS)}."
        if self.reason and self.kind != self.Kind.LEAVERS:
            errors["reason"] = "A reason is for a lever on ceased plans only."
        if self.kind == self.Kind.MOVE and not (self.group and self.to_group):
            errors["to_group"] = "A move needs the group it moves from and the group it moves to."
        if errors:
            raise ValidationError(errors)


class DemandRun(models.Model):
    """One council's demand model run as a background job: its status, progress in words, and outcome."""

    council = models.ForeignKey("recovery.Council", on_delete=models.CASCADE, related_name="demand_runs")
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    message = models.CharField(max_length=255, blank=True)
    error = models.TextField(blank=True)
    forecast = models.ForeignKey(Forecast, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    simulations = models.PositiveIntegerField(default=1000)
    task_id = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Demand model for {self.council} ({self.get_status_display()})"


class DemandBacktest(models.Model):
    """A national rolling-origin backtest of the demand model on the dfe store: its table, every council's."""

    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    simulations = models.PositiveIntegerField()
    summary = models.JSONField(
        help_text="Per horizon: councils, forecasts, median MAPE per method, coverage."
    )
    councils = models.JSONField(help_text="Per council: name, and per horizon MAPE per method and coverage.")
    skipped = models.JSONField(default=list, help_text="Origins the model could not forecast, and why.")

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Demand model backtest of {self.created_at:%d %b %Y %H:%M}"


class S251Mapping(models.Model):
    """One version of how a council maps the DfE's s251 high-needs groups to the forecast's provision types.

    Versions are never changed, only added: the latest is the one in use, the earlier ones say who mapped what
    when. A council without a version uses projections.s251_mapping.DEFAULT_MAPPING.
    """

    council = models.ForeignKey("recovery.Council", on_delete=models.CASCADE, related_name="s251_mappings")
    version = models.PositiveSmallIntegerField()
    assignments = models.JSONField(
        help_text="Per s251 group: a provision type, 'by_phase' (split by phase columns) or 'left_out'."
    )
    note = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["council", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["council", "version"], name="one_s251_mapping_per_version")
        ]

    def __str__(self) -> str:
        return f"s251 mapping {self.version} of {self.council}"


class DemandTransitions(models.Model):
    """A council's own pupil-level data for the demand model: witan.send's transitions.csv (and optionally
    population.csv) as uploaded, and the placement group of each of the council's setting codes. When it is
    there and every code has a group, the model is calibrated from these observed transitions."""

    council = models.OneToOneField(
        "recovery.Council", on_delete=models.CASCADE, related_name="demand_transitions"
    )
    file_name = models.CharField(max_length=255)
    transitions = models.TextField(help_text="transitions.csv as uploaded (UTF-8).")
    population_file_name = models.CharField(max_length=255, blank=True)
    population = models.TextField(blank=True, help_text="population.csv as uploaded, if any.")
    mapping = models.JSONField(default=dict, help_text="Setting code → placement group ('' for none yet).")
    transitions_count = models.PositiveIntegerField()
    first_year = models.PositiveSmallIntegerField()
    last_year = models.PositiveSmallIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "demand transitions"

    def __str__(self) -> str:
        return f"Transitions of {self.council} ({self.first_year}–{self.last_year})"

    @property
    def unmapped(self) -> list[str]:
        from projections.demand import GROUPS

        return sorted(code for code, group in self.mapping.items() if group not in GROUPS)


class StoredFigures(StoredPlanRow):
    """A plan's forecast figures as the dashboard and the Forum report read them (the current forecast,
    the earlier published ones, the actuals, and the deficit and mitigation charts), worked out when the
    plan's council is written (projections.stored_figures: every write that bumps the council's data version
    refreshes it when it commits), so those pages read one row instead of the forecasts, their years, their
    savings and the actuals, and build no forecast chart.

    A row is used only at its council's data version and the code's format (core.models.StoredPlanRow)."""

    plan = models.OneToOneField(
        RecoveryPlan, on_delete=models.CASCADE, primary_key=True, related_name="stored_figures"
    )
    # payload: core.stored_rows.dumps of projections.stored_figures.PlanForecast

    def __str__(self) -> str:
        return f"Stored forecast figures of plan {self.plan_id} at version {self.data_version}"
