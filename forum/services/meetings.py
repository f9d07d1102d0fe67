"""The Schools Forum calendar: meetings, their deadlines and the council's cycle settings."""

from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from core.durations import long_date
from core.financial_years import EARLIEST_DATE, LATEST_DATE
from forum.deadlines import deadlines_following, proposed_deadlines
from forum.models import ForumMeeting
from recovery.models import Council


def _check_meeting(
    *, council: Council, meets_on: date, papers_due: date, updates_due: date, exclude_pk: int | None = None
) -> None:
    problems = {}
    if not EARLIEST_DATE <= meets_on <= LATEST_DATE:
        problems["meets_on"] = f"Enter a meeting date between {EARLIEST_DATE.year} and {LATEST_DATE.year}"
    elif ForumMeeting.objects.filter(council=council, meets_on=meets_on).exclude(pk=exclude_pk).exists():
        problems["meets_on"] = f"{council.name} already has a Schools Forum meeting on {long_date(meets_on)}"
    if papers_due >= meets_on:
        problems["papers_due"] = "The paper deadline must be before the meeting"
    if updates_due > papers_due:
        problems["updates_due"] = "Updates must be due on or before the paper deadline"
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def meeting_create(
    *,
    council: Council,
    user: AbstractBaseUser,
    meets_on: date,
    papers_due: date | None = None,
    updates_due: date | None = None,
    location: str = "",
) -> ForumMeeting:
    """Add a Schools Forum meeting; deadlines not given are proposed from the council's settings."""
    proposed = proposed_deadlines(
        meets_on=meets_on,
        paper_clear_days=council.paper_clear_days,
        update_days_before_papers=council.update_days_before_papers,
    )
    papers_due = papers_due or proposed.papers_due
    updates_due = updates_due or min(proposed.updates_due, papers_due)
    _check_meeting(council=council, meets_on=meets_on, papers_due=papers_due, updates_due=updates_due)
    meeting = ForumMeeting(
        council=council,
        meets_on=meets_on,
        papers_due=papers_due,
        updates_due=updates_due,
        location=location.strip(),
    )
    meeting._history_user = user
    try:
        with transaction.atomic():
            meeting.save()
    except IntegrityError as exc:  # the same meeting added by two people at once
        raise ValidationError({"meets_on": "That meeting has just been added by someone else"}) from exc
    return meeting


def meeting_for_date(*, council: Council, user: AbstractBaseUser, meets_on: date) -> ForumMeeting:
    """The council's meeting on that day, added (with the proposed deadlines) if the calendar lacks it: a
    report is written for a meeting, whether or not the clerk has put it on the calendar yet."""
    meeting = ForumMeeting.objects.filter(council=council, meets_on=meets_on).first()
    if meeting is None:
        try:
            meeting = meeting_create(council=council, user=user, meets_on=meets_on)
        except ValidationError:
            # Someone added it at the same moment (two reports for one new date): theirs is the meeting.
            meeting = ForumMeeting.objects.filter(council=council, meets_on=meets_on).first()
            if meeting is None:
                raise
    return meeting


@transaction.atomic
def meeting_edit(
    *,
    meeting: ForumMeeting,
    user: AbstractBaseUser,
    meets_on: date,
    papers_due: date,
    updates_due: date,
    location: str = "",
) -> ForumMeeting:
    """Move or change a meeting. Its draft report moves with it (the report points to the meeting); a
    published paper pins its date. A deadline still as proposed for the old date follows the meeting to its
    new date unless the admin changed it in the same edit; one set by hand stays where it is."""
    meeting = ForumMeeting.objects.select_for_update().select_related("council").get(pk=meeting.pk)
    if meeting.is_pinned and meets_on != meeting.meets_on:
        raise ValidationError(
            {
                "meets_on": f"{meeting.pinned_by}, so its date cannot move. "
                "Add the new date as another meeting."
            }
        )
    council = meeting.council
    if meets_on != meeting.meets_on:
        settings = {
            "paper_clear_days": council.paper_clear_days,
            "update_days_before_papers": council.update_days_before_papers,
        }
        following = deadlines_following(
            meets_on=meeting.meets_on,
            papers_due=meeting.papers_due,
            updates_due=meeting.updates_due,
            **settings,
        )
        proposed = proposed_deadlines(meets_on=meets_on, **settings)
        if following.papers_due and papers_due == meeting.papers_due:
            papers_due = proposed.papers_due
        if following.updates_due and updates_due == meeting.updates_due:
            updates_due = min(proposed.updates_due, papers_due)
    _check_meeting(
        council=meeting.council,
        meets_on=meets_on,
        papers_due=papers_due,
        updates_due=updates_due,
        exclude_pk=meeting.pk,
    )
    meeting.meets_on, meeting.papers_due, meeting.updates_due = meets_on, papers_due, updates_due
    meeting.location = location.strip()
    meeting._history_user = user
    meeting.save()
    return meeting


@transaction.atomic
def meeting_pin(*, meeting: ForumMeeting, user: AbstractBaseUser, paper_title: str) -> ForumMeeting:
    """A paper for the meeting has been published: its date can no longer move (called by the one service
    that publishes, reports.services.report_publish)."""
    meeting = ForumMeeting.objects.select_for_update().get(pk=meeting.pk)
    if not meeting.is_pinned:
        meeting.pinned_by = f"“{paper_title}” was published for this meeting"[:250]
        meeting._history_user = user
        meeting.save(update_fields=["pinned_by"])
    return meeting


@transaction.atomic
def meeting_delete(*, meeting: ForumMeeting, user: AbstractBaseUser) -> None:
    """Take a cancelled meeting off the calendar (its reminders go with it; the history keeps the row). A
    meeting a report belongs to stays: the report must move first."""
    meeting = ForumMeeting.objects.select_for_update().get(pk=meeting.pk)
    meeting._history_user = user
    try:
        with transaction.atomic():
            meeting.delete()
    except ProtectedError as error:
        paper = next(iter(error.protected_objects))
        title = getattr(paper, "title", paper)
        raise ValidationError(
            f"“{title}” belongs to this meeting: move the report to another date before you remove it."
        ) from error


@transaction.atomic
def forum_cycle_update(
    *,
    council: Council,
    user: AbstractBaseUser,
    paper_clear_days: int,
    update_days_before_papers: int,
    reminder_days: int,
    update_due_days: int,
) -> Council:
    """The council's termly-cycle settings. Meetings already on the calendar keep their deadlines."""
    council = Council.objects.select_for_update().get(pk=council.pk)
    council.paper_clear_days = paper_clear_days
    council.update_days_before_papers = update_days_before_papers
    council.reminder_days = reminder_days
    council.update_due_days = update_due_days
    council.full_clean(exclude=["name", "slug", "la_code", "gss_code", "region"])
    council._history_user = user
    council.save()
    return council
