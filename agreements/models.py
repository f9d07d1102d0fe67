"""A council's agreements with the DfE beside its DSG deficit management plan (issue 26).

The plan (recovery.RecoveryPlan) stays what it was: the DSG deficit management plan, one active per council,
that every existing page reads. An agreement is a record of its own, linked to the council and to the plan
whose workstreams deliver it, so a council may hold several at once (a Safety Valve agreement beside its
local SEND reform plan) and a workstream may serve several (through a condition's workstreams).

A Safety Valve agreement has a trajectory (kept per revision, so a revised agreement keeps the earlier one),
payments, numbered conditions with a RAG, and quarterly returns frozen when submitted.
"""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from agreements.reform import Assessment
from core.durations import long_date
from core.financial_years import fy_label
from recovery.models import Council, LeadOfficer, RecoveryPlan
from workstreams.models import Workstream
from workstreams.rag import Rag, effective_rag


class AgreementKind(models.TextChoices):
    SAFETY_VALVE = "safety_valve", "Safety Valve agreement"
    DBV = "dbv", "Delivering Better Value plan"
    REFORM_PLAN = "reform_plan", "Local SEND reform plan"


class AgreementStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    UNDER_REVIEW = "under_review", "Under review"
    EXTENDED = "extended", "Extended"
    SUSPENDED = "suspended", "Suspended"
    ENDED = "ended", "Ended"


class Agreement(models.Model):
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="agreements")
    plan = models.ForeignKey(
        RecoveryPlan,
        on_delete=models.PROTECT,
        related_name="agreements",
        help_text="The plan whose workstreams deliver this agreement.",
    )
    kind = models.CharField(max_length=20, choices=AgreementKind.choices)
    title = models.CharField(max_length=200)
    agreed_on = models.DateField("Date of the agreement")
    first_year = models.PositiveSmallIntegerField(help_text="First financial year, e.g. 2024 for 2024-25.")
    last_year = models.PositiveSmallIntegerField(help_text="Last financial year, e.g. 2029 for 2029-30.")
    dfe_contribution = models.DecimalField("DfE contribution", max_digits=14, decimal_places=2)
    council_contribution = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal(0))
    status = models.CharField(max_length=20, choices=AgreementStatus.choices, default=AgreementStatus.ACTIVE)
    status_note = models.CharField(max_length=300, blank=True)
    tolerance = models.DecimalField(
        max_digits=5,
        decimal_places=4,
        default=Decimal("0.05"),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(1))],
        help_text="A year is off track when the forecast exceeds the agreed deficit by more than this share.",
    )
    trajectory_revision = models.PositiveSmallIntegerField(default=1)

    history = HistoricalRecords()

    class Meta:
        ordering = ["council__name", "-agreed_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_year__gte=models.F("first_year")), name="agreement_years_in_order"
            ),
            models.CheckConstraint(condition=Q(dfe_contribution__gte=0), name="agreement_dfe_contribution_0"),
        ]

    def __str__(self) -> str:
        return f"{self.council}: {self.title}"

    @property
    def term_label(self) -> str:
        return f"{fy_label(self.first_year)} to {fy_label(self.last_year)}"


class TrajectoryYear(models.Model):
    """One year of one revision of the agreed trajectory. A revision never changes an earlier one."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="trajectory")
    revision = models.PositiveSmallIntegerField(default=1)
    financial_year = models.PositiveSmallIntegerField()
    deficit_excluding_dfe = models.DecimalField(
        "Cumulative deficit excluding DfE payments", max_digits=14, decimal_places=2
    )
    deficit_including_dfe = models.DecimalField(
        "Cumulative deficit including DfE payments", max_digits=14, decimal_places=2
    )
    in_year_target = models.DecimalField("In-year target", max_digits=14, decimal_places=2)

    history = HistoricalRecords()

    class Meta:
        ordering = ["agreement", "revision", "financial_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "revision", "financial_year"], name="trajectory_year_once_per_revision"
            )
        ]

    def __str__(self) -> str:
        return f"{self.label} (revision {self.revision})"

    @property
    def label(self) -> str:
        return fy_label(self.financial_year)


class PaymentKind(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    PAID = "paid", "Paid"
    WITHHELD = "withheld", "Withheld"
    BACKDATED = "backdated", "Backdated"


class Payment(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="payments")
    kind = models.CharField(max_length=10, choices=PaymentKind.choices)
    on = models.DateField("Date")
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    note = models.CharField(max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["agreement", "on", "pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount} on {self.on}"


class Condition(models.Model):
    """A numbered condition of the agreement, with the RAG rules of milestones (effective RAG included)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="conditions")
    number = models.PositiveSmallIntegerField()
    text = models.TextField()
    owner = models.ForeignKey(LeadOfficer, on_delete=models.PROTECT, related_name="conditions")
    due = models.DateField(null=True, blank=True, help_text="When the condition is to be met, if dated.")
    met_on = models.DateField(null=True, blank=True)
    rag = models.CharField("RAG", max_length=5, choices=Rag.choices, blank=True)
    hold_reason = models.CharField(
        max_length=300, blank=True, help_text="Why the RAG stands although the condition is overdue."
    )
    commentary = models.TextField(blank=True)
    workstreams = models.ManyToManyField(Workstream, blank=True, related_name="conditions")

    history = HistoricalRecords(m2m_fields=[])

    class Meta:
        ordering = ["agreement", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "number"], name="condition_number_once_per_agreement"
            )
        ]

    def __str__(self) -> str:
        return f"Condition {self.number}"

    @property
    def is_overdue(self) -> bool:
        return self.met_on is None and self.due is not None and self.due < timezone.localdate()

    @property
    def effective_rag(self) -> str:
        return effective_rag(rag=self.rag, overdue=self.is_overdue, hold_reason=self.hold_reason)


class ReturnStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"


class QuarterlyReturn(models.Model):
    """A quarterly return to the DfE; frozen when submitted (its snapshot is what the page, the workbook and
    the Word paper show from then on)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="returns")
    financial_year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(4)])
    narrative = models.TextField(blank=True)
    risks = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=ReturnStatus.choices, default=ReturnStatus.DRAFT)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    snapshot = models.JSONField(null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["snapshot"])

    class Meta:
        ordering = ["agreement", "-financial_year", "-quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "financial_year", "quarter"], name="return_once_per_quarter"
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1) & Q(quarter__lte=4), name="return_quarter_1_4"
            ),
        ]

    def __str__(self) -> str:
        return f"Return for {self.label}"

    @property
    def label(self) -> str:
        return f"{fy_label(self.financial_year)} quarter {self.quarter}"

    @property
    def is_submitted(self) -> bool:
        return self.status == ReturnStatus.SUBMITTED

    @property
    def quarter_end(self) -> date:
        month = {1: 6, 2: 9, 3: 12, 4: 3}[self.quarter]
        year = self.financial_year + (1 if self.quarter == 4 else 0)
        day = 30 if month in (6, 9) else 31
        return date(year, month, day)


class CapitalStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    IN_PROGRESS = "in_progress", "In progress"
    DELAYED = "delayed", "Delayed"
    COMPLETE = "complete", "Complete"


class CapitalProject(models.Model):
    """A capital project a Safety Valve agreement reports on each quarter (a new special school, a resource
    base): its budget, spend to date, status and expected completion, and a commentary. The quarterly return
    freezes them, as they stand, when it is submitted."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="capital_projects")
    name = models.CharField(max_length=200)
    budget = models.DecimalField(max_digits=14, decimal_places=2)
    spent = models.DecimalField("Spend to date", max_digits=14, decimal_places=2, default=Decimal(0))
    status = models.CharField(max_length=12, choices=CapitalStatus.choices, default=CapitalStatus.PLANNED)
    expected_completion = models.DateField(null=True, blank=True)
    commentary = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["agreement", "expected_completion", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "name"], name="capital_project_name_once"),
            models.CheckConstraint(condition=Q(budget__gte=0) & Q(spent__gte=0), name="capital_project_0"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def status_label(self) -> str:
        return self.get_status_display()

    @property
    def expected_completion_label(self) -> str:
        return long_date(self.expected_completion) if self.expected_completion else ""


class GrantSpend(models.Model):
    """A DBV grant's allocation to one workstream in one year, and what was spent of it."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="grant_spend")
    workstream = models.ForeignKey(Workstream, on_delete=models.PROTECT, related_name="grant_spend")
    financial_year = models.PositiveSmallIntegerField()
    allocated = models.DecimalField(max_digits=14, decimal_places=2)
    spent = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal(0))

    history = HistoricalRecords()

    class Meta:
        ordering = ["agreement", "financial_year", "workstream__position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "workstream", "financial_year"], name="grant_spend_once_per_year"
            ),
            models.CheckConstraint(condition=Q(allocated__gte=0) & Q(spent__gte=0), name="grant_spend_0"),
        ]

    def __str__(self) -> str:
        return f"{self.workstream} {fy_label(self.financial_year)}"

    @property
    def label(self) -> str:
        return fy_label(self.financial_year)


class CostAvoidance(models.Model):
    """Spend a workstream avoided in one year, against the unmitigated forecast (DBV's savings)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="cost_avoidance")
    workstream = models.ForeignKey(Workstream, on_delete=models.PROTECT, related_name="cost_avoidance")
    financial_year = models.PositiveSmallIntegerField()
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    note = models.CharField(max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["agreement", "financial_year", "workstream__position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "workstream", "financial_year"], name="cost_avoidance_once_per_year"
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="cost_avoidance_0"),
        ]

    def __str__(self) -> str:
        return f"{self.workstream} {fy_label(self.financial_year)}"

    @property
    def label(self) -> str:
        return fy_label(self.financial_year)


class ReformSection(models.Model):
    """A section of a local SEND reform plan: one of its principles, with the narrative, the workstreams and
    demand-model levers that serve it, the indicators that show it, and a self-assessment with evidence."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField(default=0)
    principle = models.CharField(max_length=120)
    description = models.CharField(max_length=300, blank=True)
    narrative = models.TextField(blank=True)
    self_assessment = models.CharField(max_length=1, choices=Assessment.choices, blank=True)
    evidence = models.TextField(blank=True)
    workstreams = models.ManyToManyField(Workstream, blank=True, related_name="reform_sections")
    levers = models.ManyToManyField("projections.DemandLever", blank=True, related_name="reform_sections")
    indicators = models.ManyToManyField("indicators.Indicator", blank=True, related_name="reform_sections")
    dfe_series = models.JSONField(
        "DfE figures", default=list, blank=True, help_text="Keys of dfe.series.SERIES that show the section."
    )

    history = HistoricalRecords(m2m_fields=[])

    class Meta:
        ordering = ["agreement", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "principle"], name="reform_section_principle_once")
        ]

    def __str__(self) -> str:
        return self.principle


class ReformPlanVersion(models.Model):
    """A published version of a local SEND reform plan: its sections frozen as they were (as Forum reports
    freeze a snapshot), numbered 1, 2, …; the Word paper is built from it."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    snapshot = models.JSONField()

    history = HistoricalRecords(excluded_fields=["snapshot"])

    class Meta:
        ordering = ["agreement", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="reform_version_number_once")
        ]

    def __str__(self) -> str:
        return f"Version {self.number}"
