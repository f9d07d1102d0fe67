"""Councils, their recovery plans, their lead officers, and who may do what in each council."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from core.financial_years import fy_label


class Programme(models.TextChoices):
    NONE = "none", "None"
    DBV = "dbv", "Delivering Better Value"
    SAFETY_VALVE = "safety_valve", "Safety Valve"


class ProgrammeNotRead(RuntimeError):
    """A council's programme was asked for without reading it (it is derived, not a field)."""


class Region(models.TextChoices):
    NORTH_EAST = "north_east", "North East"
    NORTH_WEST = "north_west", "North West"
    YORKSHIRE = "yorkshire", "Yorkshire and the Humber"
    EAST_MIDLANDS = "east_midlands", "East Midlands"
    WEST_MIDLANDS = "west_midlands", "West Midlands"
    EAST = "east", "East of England"
    LONDON = "london", "London"
    SOUTH_EAST = "south_east", "South East"
    SOUTH_WEST = "south_west", "South West"


class Council(models.Model):
    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    la_code = models.CharField(
        "LA code",
        max_length=3,
        unique=True,
        validators=[RegexValidator(r"^\d{3}$", "The DfE LA code is three digits, e.g. 857.")],
        help_text="DfE local authority number, e.g. 857 for Rutland.",
    )
    gss_code = models.CharField(
        "GSS code",
        max_length=9,
        blank=True,
        validators=[RegexValidator(r"^E\d{8}$", "A GSS code is E followed by eight digits.")],
    )
    region = models.CharField(max_length=20, choices=Region.choices)
    # The council's data version: every recorded write to the council or anything of its plans bumps it
    # (recovery.data_version), so cached pages and figures keyed by it are never stale. Never saved by
    # save(): a form holding an older value must not put it back.
    data_version = models.PositiveBigIntegerField(default=0, editable=False)

    # The termly cycle, as each council runs it (council admins change these on the Forum calendar page).
    paper_clear_days = models.PositiveSmallIntegerField(
        "Clear days before the meeting",
        default=5,
        validators=[MinValueValidator(0), MaxValueValidator(30)],
        help_text="Papers go out this many clear days before a Schools Forum meeting (5 is usual).",
    )
    update_days_before_papers = models.PositiveSmallIntegerField(
        "Days for updates before the paper deadline",
        default=3,
        validators=[MinValueValidator(0), MaxValueValidator(30)],
        help_text="Leads update their milestones this many days before the paper deadline.",
    )
    reminder_days = models.PositiveSmallIntegerField(
        "Days of notice for reminders",
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text="Each lead gets one email this many days before updates are due.",
    )
    update_due_days = models.PositiveSmallIntegerField(
        "Days before a milestone needs an update",
        default=42,
        validators=[MinValueValidator(7), MaxValueValidator(366)],
        help_text='A milestone not updated for this many days shows as "update due".',
    )

    history = HistoricalRecords(excluded_fields=["data_version"])

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if self.pk is not None and kwargs.get("update_fields") is None and not kwargs.get("force_insert"):
            kwargs["update_fields"] = [
                f.name for f in self._meta.concrete_fields if not f.primary_key and f.name != "data_version"
            ]
        super().save(*args, **kwargs)

    @property
    def programme(self) -> str:
        """The national programme the council is in (a Programme value), derived from its agreements with the
        DfE and never stored: read through agreements.selectors (councils_with_programme annotates a list in
        its own query; programme_for_council reads one). A council read without it raises, rather than show
        "none" for a council that is in a programme."""
        try:
            return self.__dict__["programme_key"]
        except KeyError:
            raise ProgrammeNotRead(
                "Council.programme is derived from the council's agreements: read the council through "
                "agreements.selectors.councils_with_programme."
            ) from None

    def get_programme_display(self) -> str:
        return Programme(self.programme).label


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ACTIVE = "active", "Active"
    CLOSED = "closed", "Closed"


class RecoveryPlan(models.Model):
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="plans")
    title = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    first_year = models.PositiveSmallIntegerField(
        help_text="Financial year the plan starts, e.g. 2024 for 2024-25."
    )
    last_year = models.PositiveSmallIntegerField(
        help_text="Financial year the plan ends, e.g. 2028 for 2028-29."
    )
    annual_investment = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Pounds a year invested in the plan.",
    )
    success_rate = models.DecimalField(
        max_digits=5,
        decimal_places=4,
        default=Decimal("0.75"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
        help_text="Share of planned savings assumed to be achieved (0.75 = 75%).",
    )
    approved_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["council__name", "-first_year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_year__gte=models.F("first_year")), name="plan_years_in_order"
            ),
            models.CheckConstraint(
                condition=Q(success_rate__gte=0) & Q(success_rate__lte=1), name="plan_success_rate_0_to_1"
            ),
            # A council runs one active plan at a time; closed and draft ones are kept.
            models.UniqueConstraint(
                fields=["council"], condition=Q(status="active"), name="one_active_plan_per_council"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.council}: {self.title}"

    @property
    def period_label(self) -> str:
        return f"{fy_label(self.first_year)} to {fy_label(self.last_year)}"


class LeadOfficer(models.Model):
    """Someone who leads workstreams or milestones; the papers write them as initials (LCJ, HC/AM)."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="leads")
    name = models.CharField(max_length=120)
    initials = models.CharField(max_length=10)
    job_title = models.CharField(max_length=120, blank=True)
    email = models.EmailField(blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lead_roles",
        help_text="The sign-in of this officer, so 'My milestones' can find their milestones.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["council__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["council", "initials"], name="lead_initials_unique_per_council"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.initials})"
