"""Every write to Forum reports: keyword-only, atomic, recorded (simple-history keeps each change)."""

import secrets
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.errors import Refused
from forum.models import ForumMeeting
from forum.services.meetings import meeting_for_date, meeting_pin
from recovery.models import RecoveryPlan
from reports.forum_report import report_content
from reports.models import ForumReport, ReportStatus


class ReportFrozen(Refused):
    """A published report is never changed."""

    def __init__(self, report: ForumReport):
        super().__init__(
            f"“{report.title}” was published on {report.published_at:%-d %B %Y} and cannot be changed."
        )


def _check_meeting_date_free(
    *, plan: RecoveryPlan, meeting_date: date, exclude_pk: int | None = None
) -> None:
    taken = ForumReport.objects.filter(plan=plan, meeting__meets_on=meeting_date).exclude(pk=exclude_pk)
    if taken.exists():
        raise ValidationError(
            {"meeting_date": f"There is already a report for the meeting on {meeting_date:%-d %B %Y}."}
        )


def _meeting(*, plan: RecoveryPlan, user, meeting_date: date) -> ForumMeeting:
    """The meeting a report goes to, added to the calendar if it is not there yet; its problems are the
    report form's (the form asks for the meeting date)."""
    try:
        return meeting_for_date(council=plan.council, user=user, meets_on=meeting_date)
    except ValidationError as error:
        messages = (
            error.message_dict.get("meets_on", error.messages)
            if hasattr(error, "error_dict")
            else error.messages
        )
        raise ValidationError({"meeting_date": messages}) from error


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
    value_for_money: str = "",
    measuring_success: str = "",
    next_steps: str = "",
) -> ForumReport:
    _check_meeting_date_free(plan=plan, meeting_date=meeting_date)
    report = ForumReport(
        plan=plan,
        meeting=_meeting(plan=plan, user=user, meeting_date=meeting_date),
        title=title.strip(),
        purpose=purpose.strip(),
        background=background.strip(),
        summary=summary.strip(),
        recommendations=recommendations.strip(),
        value_for_money=value_for_money.strip(),
        measuring_success=measuring_success.strip(),
        next_steps=next_steps.strip(),
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
    value_for_money: str = "",
    measuring_success: str = "",
    next_steps: str = "",
) -> ForumReport:
    report = (
        ForumReport.objects.select_for_update().select_related("plan__council", "meeting").get(pk=report.pk)
    )
    if report.is_published:
        raise ReportFrozen(report)
    _check_meeting_date_free(plan=report.plan, meeting_date=meeting_date, exclude_pk=report.pk)
    if meeting_date != report.meeting_date:
        report.meeting = _meeting(plan=report.plan, user=user, meeting_date=meeting_date)
    report.title = title.strip()
    report.purpose, report.background = purpose.strip(), background.strip()
    report.summary = summary.strip()
    report.recommendations = recommendations.strip()
    report.value_for_money, report.measuring_success = value_for_money.strip(), measuring_success.strip()
    report.next_steps = next_steps.strip()
    report._history_user = user
    report.save()
    return report


@transaction.atomic
def report_publish(*, report: ForumReport, user, now: datetime | None = None) -> ForumReport:
    """Freeze the report: store every figure and text as it is now. Refuses a second publication."""
    now = now or timezone.now()
    report = (
        ForumReport.objects.select_for_update().select_related("plan__council", "meeting").get(pk=report.pk)
    )
    if report.is_published:
        raise ReportFrozen(report)
    meeting_pin(meeting=report.meeting, user=user, paper_title=report.title)
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
