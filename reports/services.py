"""Every write to Forum reports: keyword-only, atomic, recorded (simple-history keeps each change)."""

import secrets
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from recovery import services as recovery_services
from recovery.models import ForumMeeting, RecoveryPlan
from reports.forum_report import report_content
from reports.models import ForumReport, ReportStatus


class ReportFrozen(Exception):
    """A published report is never changed."""

    def __init__(self, report: ForumReport):
        super().__init__(
            f"“{report.title}” was published on {report.published_at:%-d %B %Y} and cannot be changed."
        )


def _check_meeting_date_free(
    *, plan: RecoveryPlan, meeting_date: date, exclude_pk: int | None = None
) -> None:
    taken = ForumReport.objects.filter(plan=plan, meeting_date=meeting_date).exclude(pk=exclude_pk)
    if taken.exists():
        raise ValidationError(
            {"meeting_date": f"There is already a report for the meeting on {meeting_date:%-d %B %Y}."}
        )


@transaction.atomic
def report_create(
    *,
    plan: RecoveryPlan,
    user,
    meeting_date: date,
    title: str,
    summary: str = "",
    recommendations: str = "",
    purpose: str = "",
    background: str = "",
) -> ForumReport:
    _check_meeting_date_free(plan=plan, meeting_date=meeting_date)
    report = ForumReport(
        plan=plan,
        meeting_date=meeting_date,
        title=title.strip(),
        purpose=purpose.strip(),
        background=background.strip(),
        summary=summary.strip(),
        recommendations=recommendations.strip(),
        created_by=user,
    )
    report._history_user = user
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError as exc:  # a concurrent create for the same meeting
        raise ValidationError({"meeting_date": "There is already a report for that meeting."}) from exc
    return report


@transaction.atomic
def report_update(
    *,
    report: ForumReport,
    user,
    meeting_date: date,
    title: str,
    summary: str,
    recommendations: str,
    purpose: str = "",
    background: str = "",
) -> ForumReport:
    report = ForumReport.objects.select_for_update().get(pk=report.pk)
    if report.is_published:
        raise ReportFrozen(report)
    _check_meeting_date_free(plan=report.plan, meeting_date=meeting_date, exclude_pk=report.pk)
    report.meeting_date = meeting_date
    report.title = title.strip()
    report.purpose, report.background = purpose.strip(), background.strip()
    report.summary = summary.strip()
    report.recommendations = recommendations.strip()
    report._history_user = user
    report.save()
    return report


@transaction.atomic
def report_publish(*, report: ForumReport, user, now: datetime | None = None) -> ForumReport:
    """Freeze the report: store every figure and text as it is now. Refuses a second publication."""
    now = now or timezone.now()
    report = ForumReport.objects.select_for_update().select_related("plan__council").get(pk=report.pk)
    if report.is_published:
        raise ReportFrozen(report)
    report.snapshot = report_content(report=report, council=report.plan.council, now=now)
    report.status = ReportStatus.PUBLISHED
    report.published_at = now
    report.published_by = user
    report._history_user = user
    report.save()
    return report


@transaction.atomic
def report_set_public(*, report: ForumReport, user, public: bool) -> ForumReport:
    """Give a published report an unguessable public URL, or withdraw it (the old URL then stops working)."""
    report = ForumReport.objects.select_for_update().get(pk=report.pk)
    if not report.is_published:
        raise ValidationError("Only a published report can be made public.")
    report.public_token = secrets.token_urlsafe(32) if public else None
    report._history_user = user
    report.save(update_fields=["public_token"])
    return report


# --- the Forum calendar, where it meets the reports ------------------------------------------------------


def _report_for_meeting(meeting: ForumMeeting) -> ForumReport | None:
    """The report that belongs to a meeting: the one for its date (the date is the link, not a copy)."""
    return (
        ForumReport.objects.select_for_update()
        .filter(plan__council_id=meeting.council_id, meeting_date=meeting.meets_on)
        .first()
    )


@transaction.atomic
def forum_meeting_edit(
    *, meeting: ForumMeeting, user, meets_on: date, papers_due: date, updates_due: date, location: str = ""
) -> ForumMeeting:
    """Move or change a meeting; a draft report for it moves with it, a published one pins its date."""
    report = _report_for_meeting(meeting)
    if report is not None and meets_on != meeting.meets_on:
        if report.is_published:
            raise ValidationError(
                {
                    "meets_on": f"“{report.title}” was published for this meeting, so its date cannot move. "
                    "Add the new date as another meeting."
                }
            )
        _check_meeting_date_free(plan=report.plan, meeting_date=meets_on, exclude_pk=report.pk)
    meeting = recovery_services.meeting_edit(
        meeting=meeting,
        user=user,
        meets_on=meets_on,
        papers_due=papers_due,
        updates_due=updates_due,
        location=location,
    )
    if report is not None and report.meeting_date != meets_on:
        report.meeting_date = meets_on
        report._history_user = user
        report.save(update_fields=["meeting_date"])
    return meeting


@transaction.atomic
def forum_meeting_delete(*, meeting: ForumMeeting, user) -> None:
    report = _report_for_meeting(meeting)
    if report is not None:
        raise ValidationError(
            f"“{report.title}” belongs to this meeting: move the report to another date before you remove it."
        )
    recovery_services.meeting_delete(meeting=meeting, user=user)
