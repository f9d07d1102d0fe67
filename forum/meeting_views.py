"""The Schools Forum calendar: every member of the council sees the meetings, their deadlines and which
report belongs to which; council admins add, move and remove meetings and set the cycle's rules."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from accounts.access import PLAN_MANAGERS, council_access
from accounts.pages import council_page
from core.durations import long_date
from forum.forms import ForumCycleForm, ForumMeetingForm
from forum.selectors import calendar_rows, forum_meetings
from forum.services import meetings as services


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    else:
        form.add_error(None, error)


@login_required
def meeting_list(request, slug):
    access = council_access(request.user, slug)
    today = timezone.localdate()
    rows = calendar_rows(access=access)
    return council_page(
        request,
        "forum/meeting_list.html",
        access,
        upcoming=[row for row in rows if row.meeting.meets_on >= today],
        past=[row for row in reversed(rows) if row.meeting.meets_on < today],
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request, slug):
    access = council_access(request.user, slug, PLAN_MANAGERS)
    form = ForumMeetingForm(request.POST or None, council=access.council)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(council=access.council, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                f"Meeting on {long_date(meeting.meets_on)} added: papers due "
                f"{long_date(meeting.papers_due)}, updates due {long_date(meeting.updates_due)}.",
            )
            return redirect("meeting_list", slug)
    return council_page(request, "forum/meeting_form.html", access, form=form, meeting=None)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request, slug, meeting_id):
    access = council_access(request.user, slug, PLAN_MANAGERS)
    meeting = get_object_or_404(forum_meetings(council=access.council), pk=meeting_id)
    initial = {name: getattr(meeting, name) for name in ("meets_on", "papers_due", "updates_due", "location")}
    form = ForumMeetingForm(
        request.POST or None, initial=initial, council=access.council, editing=True, meeting=meeting
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.meeting_edit(meeting=meeting, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                f"Meeting saved: {long_date(saved.meets_on)}, papers due {long_date(saved.papers_due)}, "
                f"updates due {long_date(saved.updates_due)}.",
            )
            return redirect("meeting_list", slug)
    return council_page(request, "forum/meeting_form.html", access, form=form, meeting=meeting)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_delete(request, slug, meeting_id):
    access = council_access(request.user, slug, PLAN_MANAGERS)
    meeting = get_object_or_404(forum_meetings(council=access.council), pk=meeting_id)
    problem = ""
    if request.method == "POST":
        try:
            services.meeting_delete(meeting=meeting, user=request.user)
        except ValidationError as error:
            problem = " ".join(error.messages)
        else:
            messages.success(request, f"The meeting on {long_date(meeting.meets_on)} was removed.")
            return redirect("meeting_list", slug)
    return council_page(request, "forum/meeting_delete.html", access, meeting=meeting, problem=problem)


@login_required
@require_http_methods(["GET", "POST"])
def forum_cycle_edit(request, slug):
    access = council_access(request.user, slug, PLAN_MANAGERS)
    council = access.council
    names = ("paper_clear_days", "update_days_before_papers", "reminder_days", "update_due_days")
    form = ForumCycleForm(request.POST or None, initial={name: getattr(council, name) for name in names})
    if request.method == "POST" and form.is_valid():
        try:
            services.forum_cycle_update(council=council, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request, "Settings saved. Meetings already on the calendar keep their deadlines."
            )
            return redirect("meeting_list", slug)
    return council_page(request, "forum/forum_cycle_form.html", access, form=form)
