"""Workstreams (key improvement actions), their savings, milestones and the append-only update history."""

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core.durations import elapsed
from core.financial_years import fy_label
from recovery.models import LeadOfficer, RecoveryPlan
from workstreams.rag import RAG_SEVERITY, Rag, effective_rag, worst_rag


class Category(models.Model):
    """A plan's themes, e.g. Rutland's "supporting children early", "preventing escalation"."""

    plan = models.ForeignKey(RecoveryPlan, on_delete=models.CASCADE, related_name="categories")
    name = models.CharField(max_length=120)
    position = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "position", "name"]
        verbose_name_plural = "categories"
        constraints = [models.UniqueConstraint(fields=["plan", "name"], name="category_name_unique_per_plan")]

    def __str__(self) -> str:
        return self.name


class WorkstreamQuerySet(models.QuerySet):
    def active(self):
        return self.filter(archived_on__isnull=True)


class Workstream(models.Model):
    plan = models.ForeignKey(RecoveryPlan, on_delete=models.PROTECT, related_name="workstreams")
    code = models.CharField(max_length=10, help_text='Short reference used in papers, e.g. "1" or "a".')
    title = models.CharField(max_length=200)
    category = models.ForeignKey(
        Category, on_delete=models.SET_NULL, null=True, blank=True, related_name="workstreams"
    )
    description = models.TextField(blank=True)
    expected_outcomes = models.TextField(blank=True)
    risks = models.TextField(blank=True)
    lead = models.ForeignKey(
        LeadOfficer, on_delete=models.SET_NULL, null=True, blank=True, related_name="workstreams"
    )
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    investment = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    rag_override = models.CharField(
        "RAG override",
        max_length=5,
        choices=Rag.choices,
        blank=True,
        help_text="Leave blank to use the worst RAG of the open milestones.",
    )
    archived_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()
    objects = WorkstreamQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="workstream_code_unique_per_plan"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="workstream_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"

    @property
    def open_milestones(self) -> list["Milestone"]:
        # Uses .all() so a prefetch of milestones serves it without a query per workstream.
        return [m for m in self.milestones.all() if m.archived_on is None and m.completed_on is None]

    def derived_rag_on(self, today: date) -> Rag | None:
        return worst_rag(m.effective_rag_on(today) for m in self.open_milestones)

    @property
    def derived_rag(self) -> Rag | None:
        """The worst effective RAG among open milestones (an overdue one counts as Red)."""
        return self.derived_rag_on(timezone.localdate())

    def rag_on(self, today: date) -> Rag | None:
        """The override if set, else the worst effective RAG among open milestones on `today`."""
        return workstream_rag(
            rag_override=self.rag_override,
            open_milestone_rags=(m.effective_rag_on(today) for m in self.open_milestones),
        )

    @property
    def rag(self) -> Rag | None:
        return self.rag_on(timezone.localdate())

    @property
    def is_archived(self) -> bool:
        return self.archived_on is not None


class WorkstreamSaving(models.Model):
    """Planned saving to the High Needs Block in one financial year (seed 001 "Potential impact on HNB")."""

    workstream = models.ForeignKey(Workstream, on_delete=models.CASCADE, related_name="savings")
    financial_year = models.PositiveSmallIntegerField(help_text="Start year, e.g. 2024 for 2024-25.")
    target = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal("0"))
    stretch = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal("0"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["workstream", "financial_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["workstream", "financial_year"], name="one_saving_per_workstream_year"
            ),
            models.CheckConstraint(condition=Q(target__gte=0), name="saving_target_not_negative"),
            models.CheckConstraint(
                condition=Q(stretch__gte=F("target")), name="saving_stretch_at_least_target"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.workstream.code} {self.year_label}"

    @property
    def year_label(self) -> str:
        return fy_label(self.financial_year)


def workstream_rag(*, rag_override: str, open_milestone_rags: Iterable[str]) -> Rag | None:
    """A workstream's RAG: the override if set, else the worst effective RAG of its open milestones (the
    rule Workstream.rag_on applies; readers holding plain values call it directly)."""
    return Rag(rag_override) if rag_override else worst_rag(open_milestone_rags)


def is_overdue(*, forecast_due: date | None, completed_on: date | None, today: date) -> bool:
    """Open and past its forecast date: the one rule, for a milestone as stored or as a form proposes it."""
    return completed_on is None and forecast_due is not None and forecast_due < today


def overdue_q(*, today: date, prefix: str = "") -> Q:
    """Open and past its forecast date, as a filter: the SQL twin of is_overdue (tested to agree). For
    aggregates across a relation, prefix "workstreams__milestones__"."""
    return Q(**{f"{prefix}completed_on__isnull": True, f"{prefix}forecast_due__lt": today})


def effective_rag_q(rag: str, *, today: date, prefix: str = "") -> Q:
    """Open milestones whose effective RAG is `rag`, as a filter (for aggregates across a relation:
    prefix "workstreams__milestones__"). The SQL twin of workstreams.rag.effective_rag."""

    def q(**lookups) -> Q:
        return Q(**{prefix + name: value for name, value in lookups.items()})

    open_ = q(completed_on__isnull=True)
    overdue_unheld = overdue_q(today=today, prefix=prefix) & (q(rag="") | q(rag_hold_reason=""))
    if rag == Rag.RED:
        return open_ & (q(rag=Rag.RED) | overdue_unheld)
    return open_ & q(rag=rag) & ~overdue_unheld


def lead_milestones_q(lead) -> Q:
    """Led or shared by ``lead`` (a LeadOfficer, its pk or an OuterRef): see MilestoneQuerySet.of_leads."""
    return Q(lead=lead) | Q(other_leads=lead)


class MilestoneQuerySet(models.QuerySet):
    """The same rules as Milestone's properties, as SQL, so tables can filter and sort on them."""

    def active(self):
        return self.filter(archived_on__isnull=True, workstream__archived_on__isnull=True)

    def of_leads(self, leads):
        """The one definition of "a lead's milestones": the active milestones a lead leads or shares
        ("LCJ/CC"). My milestones, the update return, return status, reminders and the leads page all
        read it. ``leads`` is a LeadOfficer queryset (or list); a milestone appears once however many match.
        """
        mine = Milestone.objects.filter(Q(lead__in=leads) | Q(other_leads__in=leads))  # lead_milestones_q
        return self.active().filter(pk__in=mine.values("pk"))

    def count_of_lead(self, lead) -> "models.Subquery":
        """How many milestones of_leads gives for one lead (an OuterRef in a lead annotation), as a subquery:
        a milestone shared with several leads is joined once per lead, so count distinct ids."""
        distinct = models.Func(
            F("pk"), template="COUNT(DISTINCT %(expressions)s)", output_field=models.IntegerField()
        )
        return models.Subquery(
            self.active().filter(lead_milestones_q(lead)).order_by().annotate(n=distinct).values("n")
        )

    def in_due_order(self):
        """Soonest due first and undated last, on SQLite and PostgreSQL alike."""
        return self.order_by(F("forecast_due").asc(nulls_last=True), "workstream__position", "position", "pk")

    def overdue(self, today: date | None = None):
        today = today or timezone.localdate()
        return self.filter(overdue_q(today=today))

    def slipped(self):
        return self.filter(forecast_due__gt=F("baseline_due"))

    def due_within(self, days: int, today: date | None = None):
        """Open milestones forecast from today to `days` days ahead (overdue ones are not "due within")."""
        today = today or timezone.localdate()
        return self.filter(
            completed_on__isnull=True, forecast_due__gte=today, forecast_due__lte=today + timedelta(days=days)
        )

    def with_effective_rag(self, today: date | None = None):
        """`effective_rag_key`: workstreams.rag.effective_rag as SQL, so tables filter, sort and count on it.

        tests/workstreams/test_models.py checks the two agree on every combination of the facts.
        """
        today = today or timezone.localdate()
        # Red where effective_rag_q says so; otherwise the officer's own RAG (completed ones keep theirs).
        return self.annotate(
            effective_rag_key=Case(
                When(effective_rag_q(Rag.RED, today=today), then=Value(Rag.RED.value)),
                default=F("rag"),
                output_field=models.CharField(),
            )
        )

    def with_rag_severity(self, today: date | None = None):
        """`rag_severity` 0 (not rated) to 3 (Red) of the effective RAG: tables sort by how bad it is."""
        return self.with_effective_rag(today).annotate(
            rag_severity=Case(
                *[When(effective_rag_key=rag, then=Value(level)) for rag, level in RAG_SEVERITY.items()],
                default=Value(0),
                output_field=models.PositiveSmallIntegerField(),
            )
        )

    def with_flags(self, today: date | None = None):
        today = today or timezone.localdate()
        return self.annotate(
            overdue_flag=Case(
                When(overdue_q(today=today), then=Value(True)),
                default=Value(False),
                output_field=models.BooleanField(),
            ),
            slipped_flag=Case(
                When(forecast_due__gt=F("baseline_due"), then=Value(True)),
                default=Value(False),
                output_field=models.BooleanField(),
            ),
        )


class Milestone(models.Model):
    workstream = models.ForeignKey(Workstream, on_delete=models.PROTECT, related_name="milestones")
    title = models.CharField(max_length=300)
    lead = models.ForeignKey(
        LeadOfficer, on_delete=models.SET_NULL, null=True, blank=True, related_name="milestones"
    )
    other_leads = models.ManyToManyField(
        LeadOfficer,
        blank=True,
        related_name="shared_milestones",
        help_text='Officers who share the lead; trackers write them "LCJ/CC".',
    )
    start_date = models.DateField(null=True, blank=True, help_text="When work on the milestone starts.")
    baseline_due = models.DateField(
        null=True, blank=True, help_text="The date first agreed; it does not move when the forecast does."
    )
    forecast_due = models.DateField(null=True, blank=True, help_text="When it is now expected.")
    completed_on = models.DateField(null=True, blank=True)
    rag = models.CharField(
        "RAG", max_length=5, choices=Rag.choices, blank=True, help_text="The RAG the officer chose."
    )
    rag_hold_reason = models.TextField(
        "Reason to keep this RAG while overdue",
        blank=True,
        help_text="Why the milestone is not Red although its forecast date has passed.",
    )
    percent_complete = models.PositiveSmallIntegerField(
        default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    commentary = models.TextField(blank=True, help_text="Latest progress commentary.")
    position = models.PositiveSmallIntegerField(default=0)
    archived_on = models.DateField(null=True, blank=True)
    # Optimistic lock: every save through the service bumps it, and a save from a stale form is refused.
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()
    objects = MilestoneQuerySet.as_manager()

    class Meta:
        ordering = ["workstream", "position", "forecast_due", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent_complete__gte=0) & Q(percent_complete__lte=100),
                name="milestone_percent_0_to_100",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_complete(self) -> bool:
        return self.completed_on is not None

    @property
    def lead_initials(self) -> str:
        """ "LCJ/CC", as trackers write a shared lead (uses prefetched other_leads where present)."""
        leads = ([self.lead] if self.lead else []) + sorted(
            self.other_leads.all(), key=lambda lead: lead.initials
        )
        return "/".join(lead.initials for lead in leads)

    def is_overdue_on(self, today: date) -> bool:
        return is_overdue(forecast_due=self.forecast_due, completed_on=self.completed_on, today=today)

    @property
    def is_overdue(self) -> bool:
        return self.is_overdue_on(timezone.localdate())

    def effective_rag_on(self, today: date) -> str:
        """The RAG that counts (workstreams.rag.effective_rag): Red once overdue, unless held with reason."""
        return effective_rag(
            rag=self.rag, overdue=self.is_overdue_on(today), hold_reason=self.rag_hold_reason
        )

    @property
    def effective_rag(self) -> str:
        return self.effective_rag_on(timezone.localdate())

    def is_rag_held_on(self, today: date) -> bool:
        """Overdue, yet the officer keeps another RAG than Red with a recorded reason."""
        return self.is_overdue_on(today) and self.effective_rag_on(today) not in (Rag.RED, "")

    def overdue_for_on(self, today: date) -> str:
        """ "4 months": how long past its forecast date ("" when not overdue)."""
        return elapsed(self.forecast_due, today) if self.is_overdue_on(today) else ""

    def status_note_on(self, today: date) -> str:
        """What the effective RAG alone does not say, when the officer's RAG differs from plain "Red because
        overdue": "Green, set by officer · overdue 4 months: <reason>" for a held RAG, or that the officer's
        Green counts as Red for want of a reason. "" otherwise (the overdue flag says the rest)."""
        overdue_for = self.overdue_for_on(today)
        if not overdue_for or self.rag not in (Rag.GREEN, Rag.AMBER):
            return ""
        said = Rag(self.rag).label
        if self.is_rag_held_on(today):
            return f"{said}, set by officer · overdue {overdue_for}: {self.rag_hold_reason}"
        return f"{said}, set by officer · overdue {overdue_for}, so Red: no reason recorded to keep {said}"

    def is_update_due_on(self, today: date, *, days: int) -> bool:
        """Open and not updated for `days` days (the council's "update due" setting)."""
        return self.completed_on is None and timezone.localdate(self.updated_at) <= today - timedelta(
            days=days
        )

    @property
    def is_slipped(self) -> bool:
        """Forecast later than the baseline that was agreed."""
        return bool(self.baseline_due and self.forecast_due and self.forecast_due > self.baseline_due)

    def is_due_within(self, days: int, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        return (
            self.completed_on is None
            and self.forecast_due is not None
            and today <= self.forecast_due <= today + timedelta(days=days)
        )

    @property
    def is_archived(self) -> bool:
        return self.archived_on is not None

    @property
    def slippage_days(self) -> int:
        return (self.forecast_due - self.baseline_due).days if self.is_slipped else 0

    @property
    def slippage(self) -> str:
        """ "4 years 11 months": how far the forecast has moved past the baseline ("" when not slipped)."""
        return elapsed(self.baseline_due, self.forecast_due) if self.is_slipped else ""

    @property
    def rag_definition(self) -> str:
        """Seed 002's words for the RAG ("Potential risk of delay or missing target"); "" when not rated."""
        return Rag(self.rag).definition if self.rag else ""

    @property
    def status_key(self) -> str:
        """Key for the RAG tag: "complete" once done, else the effective RAG ("" when not yet rated)."""
        return self.status_key_on(timezone.localdate())

    def status_key_on(self, today: date) -> str:
        return "complete" if self.is_complete else self.effective_rag_on(today)


class MilestoneUpdate(models.Model):
    """One submission of the milestone form. Append-only: the app never edits or deletes these."""

    milestone = models.ForeignKey(Milestone, on_delete=models.PROTECT, related_name="updates")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    old_rag = models.CharField(max_length=5, choices=Rag.choices, blank=True)
    new_rag = models.CharField(max_length=5, choices=Rag.choices, blank=True)
    old_forecast_due = models.DateField(null=True, blank=True)
    new_forecast_due = models.DateField(null=True, blank=True)
    old_percent_complete = models.PositiveSmallIntegerField(default=0)
    new_percent_complete = models.PositiveSmallIntegerField(default=0)
    old_completed_on = models.DateField(null=True, blank=True)
    new_completed_on = models.DateField(null=True, blank=True)
    commentary = models.TextField(blank=True)
    date_change_reason = models.TextField(blank=True)
    rag_hold_reason = models.TextField(
        blank=True, help_text="Why the officer kept a RAG other than Red on an overdue milestone."
    )
    version = models.PositiveIntegerField(
        null=True, blank=True, help_text="The milestone's version this update produced (its optimistic lock)."
    )

    # Append-only in the app; the history table still shows any change made outside it (admin, shell).
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        get_latest_by = "created_at"

    def __str__(self) -> str:
        return f"{self.milestone} at {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def rag_changed(self) -> bool:
        return self.old_rag != self.new_rag

    @property
    def forecast_moved(self) -> bool:
        return self.old_forecast_due != self.new_forecast_due

    @property
    def completed_now(self) -> bool:
        return self.old_completed_on is None and self.new_completed_on is not None
