"""Schools Forum reports. Publishing freezes a report: its `snapshot` holds every figure and text shown."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core.fields import JSONText
from core.models import StoredPlanRow
from forum.models import ForumMeeting
from recovery.models import RecoveryPlan


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class ForumReportQuerySet(models.QuerySet):
    def visible_to(self, access) -> "ForumReportQuerySet":
        """The council's reports the reader may see: Forum members see published reports only (DESIGN.md);
        everyone else in the council, drafts too. `access` is an accounts.access.CouncilAccess."""
        reports = self.filter(plan__council=access.council)
        return reports if access.sees_drafts else reports.published()

    def published(self) -> "ForumReportQuerySet":
        return self.filter(status=ReportStatus.PUBLISHED)


class ForumReport(models.Model):
    plan = models.ForeignKey(RecoveryPlan, on_delete=models.PROTECT, related_name="forum_reports")
    # The Schools Forum meeting the report goes to. Moving a meeting moves its draft report with it; once
    # the report is published, the meeting's date is pinned (forum.services.meetings.meeting_pin).
    meeting = models.ForeignKey(ForumMeeting, on_delete=models.PROTECT, related_name="reports")
    title = models.CharField(max_length=200)
    purpose = models.TextField(
        blank=True, help_text="Why the paper comes to Forum, e.g. “To update members of Schools Forum on …”."
    )
    background = models.TextField(blank=True, help_text="What Forum members need to know to read the paper.")
    summary = models.TextField(blank=True, help_text="What Forum members most need to know this term.")
    # Sections many councils' papers carry (Rutland's "Value for money", Leicestershire's "Measuring success",
    # everyone's "Next steps"); shown only when written.
    value_for_money = models.TextField("Value for money", blank=True)
    measuring_success = models.TextField("Measuring success", blank=True)
    next_steps = models.TextField("Next steps", blank=True)
    recommendations = models.TextField(
        blank=True, help_text="What Schools Forum is asked to do, e.g. “note the progress to date”."
    )
    status = models.CharField(max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    # Filled once, at publication; the published page is rendered from it and nothing else.
    snapshot = models.JSONField(null=True, blank=True, editable=False)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Set only when a council admin makes a published report public; the URL cannot be guessed.
    public_token = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords(excluded_fields=["snapshot"])
    objects = ForumReportQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "-meeting__meets_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "meeting"], name="one_forum_report_per_meeting"),
            models.CheckConstraint(
                condition=Q(status="draft") | (Q(snapshot__isnull=False) & Q(published_at__isnull=False)),
                name="published_report_has_snapshot",
            ),
            models.CheckConstraint(
                condition=Q(public_token__isnull=True) | Q(status="published"),
                name="only_published_reports_are_public",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.meeting_date:%d %b %Y})"

    @property
    def meeting_date(self):
        """The date of its meeting (select_related("meeting") where many reports are shown)."""
        return self.meeting.meets_on

    @property
    def is_published(self) -> bool:
        return self.status == ReportStatus.PUBLISHED

    @property
    def is_public(self) -> bool:
        return self.public_token is not None


class DashboardMeasures(models.Model):
    """The three benchmarking measures a council shows on its dashboard (keys of
    reports.benchmarking.MEASURES, comma-separated, in order). Without a row, the dashboard takes the first
    three with figures."""

    council = models.OneToOneField(
        "recovery.Council", on_delete=models.CASCADE, related_name="dashboard_measures"
    )
    measures = models.CharField(max_length=200)
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "dashboard measures"

    def __str__(self) -> str:
        return self.measures

    @property
    def keys(self) -> list[str]:
        return [k for k in self.measures.split(",") if k]


class PlanSummary(models.Model):
    """What the national overview shows of one active plan, computed when the plan's council is written
    (reports.summaries: every write that bumps the council's data version refreshes it when it commits),
    so the overview reads one row per council and no aggregate over milestones.

    `figures` holds facts, not today's answers: each open milestone's forecast due date by RAG (so the
    effective RAG and "overdue" are counted for whatever day it is read) and the current forecast's headline
    series. A row is used only while `data_version` equals its council's; otherwise the overview computes it
    as it reads.

    `figures` is JSON kept as text (core.fields.JSONText): the overview reads all of them on every view and
    never queries into them. The Trajectory cell's markup is a column of its own (`sparkline`, "" for none):
    a quarter of the figures' JSON, it is read as the string it is, with nothing to decode."""

    plan = models.OneToOneField(
        RecoveryPlan, on_delete=models.CASCADE, primary_key=True, related_name="summary"
    )
    data_version = models.PositiveBigIntegerField()
    figures = JSONText()
    sparkline = models.TextField(blank=True, default="")

    def __str__(self) -> str:
        return f"Summary of plan {self.plan_id} at version {self.data_version}"


class StoredPicture(StoredPlanRow):
    """What the dashboard shows of a plan that depends on its data alone (its workstreams and milestones, the
    RAG trend replayed from its update history, its indicators' summaries, and its council's programme,
    agreed trajectory, DfE headlines and latest published report), worked out after each write by the job
    worker at the council's new data version, or by the first view at it if the worker is behind
    (reports.stored_picture), and read as one row by the views, whatever their role, until the next write
    moves the version on.

    A row is used only at its council's data version and the code's format (core.models.StoredPlanRow)."""

    plan = models.OneToOneField(
        RecoveryPlan, on_delete=models.CASCADE, primary_key=True, related_name="stored_picture"
    )
    # payload: core.stored_rows.dumps of reports.stored_picture.DashboardParts

    def __str__(self) -> str:
        return f"Stored dashboard picture of plan {self.plan_id} at version {self.data_version}"


class StoredReportParts(StoredPlanRow):
    """What a plan's draft Forum reports show that depends on its data alone (its workstreams and milestones
    with when each workstream was added, the milestone update history and the RAG trend replayed from it,
    the milestones' shared leads, the indicators section's rows and values), worked out once per council
    data version (reports.stored_report) and read as one row with the plan by the report views after it.

    A row is used only at its council's data version and the code's format (core.models.StoredPlanRow)."""

    plan = models.OneToOneField(
        RecoveryPlan, on_delete=models.CASCADE, primary_key=True, related_name="stored_report_parts"
    )
    # payload: core.stored_rows.dumps of reports.stored_report.ReportParts

    def __str__(self) -> str:
        return f"Stored report parts of plan {self.plan_id} at version {self.data_version}"


class StoredBenchmarks(models.Model):
    """What a council's benchmarking shows against one comparator group (the Benchmarking page's areas,
    standings and charts; the dashboard panel's standings and the Forum report's section), worked out by the
    first view (reports.benchmarking_stored) and read as one row by the views after it.

    Keyed by what it is worked out from, not by the council's data version, which every milestone save moves:
    the DfE's figures, LA list and neighbours (every import that changes any of them records a new release
    first: `dfe_release` is the latest one's id), the council's LA code, and, for the panel, the measures the
    council chose. A row is used only while all of them, and `format`, are the current ones; otherwise it is
    worked out live (and stored). Nothing is invalidated by hand."""

    council = models.ForeignKey("recovery.Council", on_delete=models.CASCADE, related_name="+")
    comparator = models.CharField(max_length=20)
    dfe_release = models.PositiveBigIntegerField()  # the latest DfE release's id when worked out (0: none)
    la_code = models.CharField(max_length=10, blank=True)
    chosen = models.CharField(max_length=200, blank=True)  # DashboardMeasures.measures, for the panel
    format = models.PositiveSmallIntegerField()
    payload = models.BinaryField()  # deflated pickle of reports.benchmarking_stored's picture or summary

    class Meta:
        verbose_name_plural = "stored benchmarks"
        constraints = [
            models.UniqueConstraint(fields=["council", "comparator"], name="stored_benchmarks_one_per_group")
        ]

    def __str__(self) -> str:
        return f"Benchmarks of council {self.council_id} ({self.comparator}), DfE release {self.dfe_release}"
