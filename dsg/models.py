"""The DSG ledger: the whole Dedicated Schools Grant of a council, per financial year and block.

A line holds what someone entered or what the DfE's allocations gave (income, expenditure, a brought-forward
balance where one is stated), each with its basis. Everything else is derived, never stored: the block's
transfers (from DsgTransfer rows), the in-year position, the brought forward of a year without a stated one
(the year before's carried forward) and the carried forward. The High Needs rows of forecast years are not
stored either: dsg.selectors reads them from the council's current forecast.

Balances follow the s251 return's sign (line 1.9.3): a surplus is positive, a deficit negative.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from core.financial_years import fy_label
from forum.models import ForumMeeting
from recovery.models import Council

MONEY = {"max_digits": 14, "decimal_places": 2}


class Block(models.TextChoices):
    SCHOOLS = "schools", "Schools"
    CENTRAL = "central", "Central School Services"
    EARLY_YEARS = "early_years", "Early Years"
    HIGH_NEEDS = "high_needs", "High Needs"


class Position(models.TextChoices):
    """An ended year has one position (its outturn); a forecast year has two."""

    OUTTURN = "outturn", "Outturn"
    UNMITIGATED = "unmitigated", "Unmitigated"
    MITIGATED = "mitigated", "Mitigated"


class Basis(models.TextChoices):
    S251_OUTTURN = "s251_outturn", "s251 outturn"
    S251_BUDGET = "s251_budget", "s251 budget"
    COUNCIL_FORECAST = "forecast", "Council forecast"
    DSG_ALLOCATION = "allocation", "DSG allocation"
    ENTERED = "entered", "Entered"


class DsgLine(models.Model):
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="dsg_lines")
    financial_year = models.PositiveSmallIntegerField(help_text="Start year, e.g. 2024 for 2024-25.")
    block = models.CharField(max_length=12, choices=Block.choices)
    position = models.CharField(max_length=12, choices=Position.choices, default=Position.OUTTURN)
    income = models.DecimalField(**MONEY, null=True, blank=True)
    income_basis = models.CharField(max_length=12, choices=Basis.choices, default=Basis.ENTERED)
    expenditure = models.DecimalField(**MONEY, null=True, blank=True)
    expenditure_basis = models.CharField(max_length=12, choices=Basis.choices, default=Basis.ENTERED)
    brought_forward = models.DecimalField(
        **MONEY,
        null=True,
        blank=True,
        help_text="Only where a balance is stated (the first year, a restatement); otherwise the year "
        "before's carried forward.",
    )
    brought_forward_basis = models.CharField(max_length=12, choices=Basis.choices, default=Basis.ENTERED)

    history = HistoricalRecords()

    class Meta:
        ordering = ["council", "financial_year", "block", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "financial_year", "block", "position"], name="one_dsg_line_per_block"
            ),
            models.CheckConstraint(condition=Q(income__gte=0) | Q(income__isnull=True), name="dsg_income_0"),
            models.CheckConstraint(
                condition=Q(expenditure__gte=0) | Q(expenditure__isnull=True), name="dsg_expenditure_0"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.council} {fy_label(self.financial_year)} {self.get_block_display()} ({self.position})"


class DsgTransfer(models.Model):
    """Money moved from one block to another in a year, on a Schools Forum decision. One row is both sides:
    out of ``from_block`` and into ``to_block`` (so a transfer always has its counterpart)."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="dsg_transfers")
    financial_year = models.PositiveSmallIntegerField()
    from_block = models.CharField(max_length=12, choices=Block.choices)
    to_block = models.CharField(max_length=12, choices=Block.choices)
    amount = models.DecimalField(**MONEY)
    meeting = models.ForeignKey(ForumMeeting, on_delete=models.PROTECT, related_name="dsg_transfers")
    note = models.CharField(max_length=250, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["council", "financial_year", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="dsg_transfer_positive"),
            models.CheckConstraint(condition=~Q(from_block=F("to_block")), name="dsg_transfer_two_blocks"),
        ]

    def __str__(self) -> str:
        return f"{fy_label(self.financial_year)} {self.from_block} → {self.to_block}"


class EvidenceSource(models.TextChoices):
    """The five figures the DfE compares for the High Needs Stability Grant (finance settlement, Feb 2026)."""

    S251 = "s251", "s251 outturn return (line 1.9.3)"
    DSG_NOTE = "dsg_note", "DSG note in the statement of accounts"
    ASSURANCE = "assurance", "Chief finance officer's DSG assurance sign-off"
    REVENUE_OUTTURN = "revenue_outturn", "Revenue Outturn return"
    ACCOUNTS = "accounts", "Published statement of accounts"


class StabilityFigure(models.Model):
    """One of the five figures of the high-needs deficit at the end of a year, with its source document."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="stability_figures")
    financial_year = models.PositiveSmallIntegerField(help_text="2025 for the year ending 31 March 2026.")
    source = models.CharField(max_length=16, choices=EvidenceSource.choices)
    deficit = models.DecimalField(**MONEY, help_text="The high-needs deficit, a positive amount.")
    document = models.CharField(max_length=250)
    document_date = models.DateField()
    explanation = models.TextField(blank=True, help_text="Why this figure differs from the lowest.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["council", "financial_year", "source"]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "financial_year", "source"], name="one_stability_figure_per_source"
            ),
            models.CheckConstraint(condition=Q(deficit__gte=0), name="stability_deficit_0"),
        ]

    def __str__(self) -> str:
        return f"{self.council} {fy_label(self.financial_year)} {self.source}"


class StabilityClaim(models.Model):
    """The part of the deficit that is not high needs (excluded from the grant), per council and year."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="stability_claims")
    financial_year = models.PositiveSmallIntegerField()
    non_high_needs = models.DecimalField(**MONEY)
    note = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["council", "financial_year"], name="one_stability_claim"),
            models.CheckConstraint(condition=Q(non_high_needs__gte=0), name="stability_non_high_needs_0"),
        ]

    def __str__(self) -> str:
        return f"{self.council} {fy_label(self.financial_year)} stability claim"


# --- the DSG management plan ---------------------------------------------------------------------------


class EngagementGroup(models.TextChoices):
    """The stakeholder groups of the DfE's DSG management plan template (its stakeholder engagement tab)."""

    SCHOOLS_FORUM = "schools_forum", "Schools Forum"
    SETTINGS = "settings", "Education settings"
    PARENTS = "parents", "Parents and carers"
    YOUNG_PEOPLE = "young_people", "Children and young people"
    MEMBERS = "members", "Elected members"
    HEALTH = "health", "Health partners"


class StakeholderEngagement(models.Model):
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="stakeholder_engagements")
    group = models.CharField(max_length=16, choices=EngagementGroup.choices)
    held_on = models.DateField()
    discussed = models.TextField()
    changed = models.TextField(blank=True, help_text="What changed in the plan because of it.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["council", "-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.council} {self.get_group_display()} {self.held_on}"


class SignOffRole(models.TextChoices):
    DCS = "dcs", "Director of Children's Services"
    S151 = "s151", "Section 151 officer"
    FORUM_CHAIR = "forum_chair", "Schools Forum chair"


class PlanSignOff(models.Model):
    """One sign-off of the plan: every sign-off is kept (the plan is signed off again at each review)."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="plan_sign_offs")
    role = models.CharField(max_length=12, choices=SignOffRole.choices)
    name = models.CharField(max_length=120)
    signed_on = models.DateField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["council", "-signed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.council} {self.role} {self.signed_on}"


class NarrativeSection(models.TextChoices):
    """The narrative tab of the template: one text per section, kept from one review to the next."""

    FINANCIAL_PLAN = "financial_plan", "Financial plan"
    TRENDS = "trends", "High-needs trends"
    OUTCOMES = "outcomes", "Outcomes"


class PlanNarrative(models.Model):
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="plan_narratives")
    section = models.CharField(max_length=16, choices=NarrativeSection.choices)
    text = models.TextField()

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["council", "section"], name="one_narrative_per_section")
        ]

    def __str__(self) -> str:
        return f"{self.council} {self.section}"


class PlanVersion(models.Model):
    """A published version of the DSG management plan: its content frozen as presented (as Forum reports are
    frozen), numbered 1, 2, 3… per council. The live plan carries on from it."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="plan_versions")
    number = models.PositiveSmallIntegerField()
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    snapshot = models.JSONField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["council", "-number"]
        constraints = [models.UniqueConstraint(fields=["council", "number"], name="one_plan_version_number")]

    def __str__(self) -> str:
        return f"{self.council} DSG management plan version {self.number}"
