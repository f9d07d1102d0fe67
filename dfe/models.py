"""The DfE's figures for every local authority, each with where it came from (release, file, line).

Local authorities are the DfE's, by three-digit code, including councils that no longer exist (kept for
history, with their successors named, never merged into them). A council of the app reads the figures of the
local authority with its LA code. Imports run as jobs (ImportJob) so a national file never holds a request.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Family(models.TextChoices):
    SEN2 = "sen2", "Education, health and care plans"
    DSG = "dsg", "Dedicated schools grant allocations"
    S251 = "s251", "LA and school expenditure (section 251)"
    NEIGHBOURS = "neighbours", "Children's services statistical neighbours"
    LA_CODES = "la_codes", "Local authorities and their codes"
    POPULATION = "population", "ONS population estimates and projections"


class LocalAuthority(models.Model):
    la_code = models.CharField("LA code", max_length=3, unique=True)
    gss_code = models.CharField("GSS code", max_length=9, blank=True)
    name = models.CharField(max_length=120)
    region = models.CharField(max_length=60, blank=True)
    current = models.BooleanField(default=True)
    ended = models.CharField(
        max_length=7, blank=True, help_text='The April the council ended, e.g. "2021-04".'
    )
    successors = models.CharField(
        max_length=40, blank=True, help_text="LA codes of the councils that replaced it"
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "local authorities"

    def __str__(self) -> str:
        return f"{self.name} ({self.la_code})"


class Release(models.Model):
    """One file (or release zip) as imported: what it is, who imported it when, and what it changed."""

    family = models.CharField(max_length=20, choices=Family.choices)
    title = models.CharField(max_length=120)
    published = models.CharField(max_length=40, help_text='As pages cite it, e.g. "June 2025".')
    as_of = models.DateField(help_text="Orders releases: a newer one replaces the figures it covers.")
    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64, db_index=True)
    imported_at = models.DateTimeField()
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    figures_added = models.PositiveIntegerField(default=0)
    figures_changed = models.PositiveIntegerField(default=0)
    report = models.TextField(blank=True)

    class Meta:
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return self.citation

    @property
    def citation(self) -> str:
        return cite(self.family, self.title, self.published)


def cite(family: str, title: str, published: str) -> str:
    """How pages cite a release: "DfE, Education, health and care plans, June 2025"."""
    return title if family == Family.POPULATION else f"DfE, {title}, {published}"


class Figure(models.Model):
    area = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="figures")
    series = models.CharField(max_length=60)
    breakdown = models.CharField(max_length=60, blank=True)
    period = models.CharField(max_length=7)
    value = models.DecimalField(max_digits=18, decimal_places=2, null=True, blank=True)
    symbol = models.CharField(max_length=4, blank=True, help_text="The DfE's symbol when there is no number.")
    release = models.ForeignKey(Release, on_delete=models.PROTECT, related_name="figures")
    file = models.CharField(max_length=255)
    line = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["area", "series", "breakdown", "period"], name="dfe_one_figure"),
            models.CheckConstraint(
                condition=models.Q(value__isnull=False) | ~models.Q(symbol=""), name="dfe_value_or_symbol"
            ),
        ]
        indexes = [models.Index(fields=["series", "period"])]

    def __str__(self) -> str:
        shown = self.symbol if self.value is None else self.value
        return f"{self.series} {self.breakdown} {self.period}: {shown}"


class Neighbour(models.Model):
    area = models.ForeignKey(LocalAuthority, on_delete=models.CASCADE, related_name="neighbours")
    rank = models.PositiveSmallIntegerField()
    neighbour = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="+")
    closeness = models.CharField(max_length=40, blank=True)
    release = models.ForeignKey(Release, on_delete=models.PROTECT, related_name="+")
    line = models.PositiveIntegerField()

    class Meta:
        ordering = ["area", "rank"]
        constraints = [models.UniqueConstraint(fields=["area", "rank"], name="dfe_one_neighbour_per_rank")]

    def __str__(self) -> str:
        return f"{self.rank}. {self.neighbour_id} ({self.closeness})"


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Finished"
    FAILED = "failed", "Failed"


class ImportJob(models.Model):
    """An import as a background job: the file, progress, the outcome in words, and errors."""

    file_name = models.CharField(max_length=255)
    data = models.BinaryField(editable=False)
    dry_run = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    message = models.CharField(max_length=255, blank=True)
    report = models.TextField(blank=True)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    task_id = models.CharField(max_length=64, blank=True)
    release = models.ForeignKey(Release, null=True, blank=True, on_delete=models.SET_NULL)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Import of {self.file_name}"

    @property
    def progress(self) -> str:
        return self.message or self.get_status_display()
