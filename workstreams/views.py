"""Workstream and milestone pages. Thin: resolve the council and role, call a selector or a service, render.

Every object is looked up through the resolved council, so another council's id is a 404 like its slug.
"""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from accounts.access import MILESTONE_EDITORS, PLAN_MANAGERS, SAVINGS_EDITORS, CouncilAccess, council_access
from accounts.page_cache import Params, cache_timeout, page_key
from accounts.pages import council_page
from core.financial_years import fy_range
from recovery.models import LeadOfficer, RecoveryPlan
from recovery.selectors import plan_for_council
from workstreams import selectors, services
from workstreams.filters import NOT_RATED, MilestoneFilter
from workstreams.forms import (
    CategoryForm,
    LeadForm,
    MilestoneChangesForm,
    MilestoneForm,
    MilestoneUpdateForm,
    WorkstreamForm,
    savings_form,
)
from workstreams.models import Milestone, Workstream
from workstreams.rag import Rag
from workstreams.tables import MilestoneTable, UpdateTable, WorkstreamTable

PER_PAGE = 50
CHANGES_DEFAULT_DAYS = 14


def _plan_or_404(access: CouncilAccess) -> RecoveryPlan:
    plan = plan_for_council(council=access.council)
    if plan is None:
        raise Http404("This council has no recovery plan yet")
    return plan


def _direction(request) -> str:
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        raise Http404("Move up or down")
    return direction


# --- Milestone tables -------------------------------------------------------------------------------------


@login_required
def milestone_list(request, slug):
    access = council_access(request.user, slug)

    def filtered_table():
        plan = plan_for_council(council=access.council)
        # The RAG severity is worked out in SQL only for a sort that names the RAG column ("rag", "-rag").
        by_rag = "rag" in request.GET.get("sort", "")
        queryset = (
            selectors.milestones_for_table(plan=plan, rag_order=by_rag) if plan else Milestone.objects.none()
        )
        filterset = MilestoneFilter(request.GET or None, queryset=queryset, plan=plan, council=access.council)
        table = MilestoneTable(filterset.qs, slug=slug, update_due_days=access.council.update_due_days)
        RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
        return {"plan": plan, "filter": filterset, "table": table}

    # Read and built only when the cached fragment (keyed by the validated parameters too) is missing.
    built = SimpleLazyObject(filtered_table)
    params = (
        Params(request)
        .row("workstream", Workstream.objects.active().filter(plan__council=access.council))
        .row("lead", LeadOfficer.objects.filter(council=access.council))
        .choice("rag", [*Rag.values, NOT_RATED])
        .choice("progress", ["open", "completed"])
        .integer("due_within", 1, 3650)
        .flag("overdue")
        .flag("slipped")
        .sort(MilestoneTable)
        .integer("page", 1, 100_000)
        .integer("per_page", 1, 1000)
    )
    return council_page(
        request,
        "workstreams/milestone_list.html",
        access,
        page_key=page_key(access, params),
        cache_timeout=cache_timeout(params),
        plan=SimpleLazyObject(lambda: built["plan"]),
        filter=SimpleLazyObject(lambda: built["filter"]),
        table=SimpleLazyObject(lambda: built["table"]),
    )


@login_required
def milestone_mine(request, slug):
    access = council_access(request.user, slug)
    plan = plan_for_council(council=access.council)
    queryset = selectors.milestones_led_by(plan=plan, user=request.user) if plan else Milestone.objects.none()
    table = MilestoneTable(
        queryset, slug=slug, update_due_days=access.council.update_due_days, exclude=("lead",)
    )
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    return council_page(request, "workstreams/milestone_mine.html", access, plan=plan, table=table)


@login_required
def milestone_changes(request, slug):
    access = council_access(request.user, slug)
    # The date boxes post since-day/-month/-year; a shared link may carry since=ISO. Either is the person's
    # choice; with neither, the changes since the last Schools Forum (else the last two weeks).
    if MilestoneChangesForm.base_fields["since"].widget.value_omitted_from_data(request.GET, {}, "since"):
        today = timezone.localdate()
        # The Forum cycle lives in the app above this one: its meetings are reached through the council.
        meeting = access.council.forum_meetings.filter(meets_on__lt=today).order_by("-meets_on").first()
        default_since = meeting.meets_on if meeting else today - timedelta(days=CHANGES_DEFAULT_DAYS)
        form = MilestoneChangesForm({"since": default_since.isoformat()})
    else:
        form = MilestoneChangesForm(request.GET)
    table = None
    if form.is_valid():
        updates = selectors.updates_for_council(council=access.council, since=form.cleaned_data["since"])
        table = UpdateTable(updates, slug=slug)
        RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    return council_page(request, "workstreams/milestone_changes.html", access, form=form, table=table)


# --- One milestone ----------------------------------------------------------------------------------------


@login_required
def milestone_detail(request, slug, pk):
    access = council_access(request.user, slug)
    milestone = get_object_or_404(selectors.milestones_for_council(council=access.council), pk=pk)
    timeline = selectors.milestone_timeline(milestone=milestone)
    return council_page(
        request, "workstreams/milestone_detail.html", access, milestone=milestone, timeline=timeline
    )


def _conflict(request, milestone: Milestone, opened_version: int) -> tuple[MilestoneUpdateForm, list]:
    """The form again with the person's input, now against the current version, and what they missed."""
    data = request.POST.copy()
    data["version"] = str(milestone.version)
    form = MilestoneUpdateForm(data, milestone=milestone)
    form.is_valid()
    author = milestone.updated_by
    who = (author.get_full_name() or author.username) if author else "someone"
    when = timezone.localtime(milestone.updated_at)
    at = (
        f"{when:%H:%M}" if when.date() == timezone.localdate() else f"{when:%H:%M} on {when.day} {when:%B %Y}"
    )
    form.add_error(
        None,
        f"This milestone was changed by {who} at {at} after you opened it. Your update has not been saved: "
        "check their change below, then save again to record yours.",
    )
    return form, list(selectors.updates_since(milestone=milestone, version=opened_version))


@login_required
def milestone_update(request, slug, pk):
    access = council_access(request.user, slug, roles=MILESTONE_EDITORS)
    milestones = selectors.milestones_for_council(council=access.council).filter(archived_on__isnull=True)
    milestone = get_object_or_404(milestones, pk=pk)
    form = MilestoneUpdateForm(request.POST or None, milestone=milestone)
    missed = []
    if request.method == "POST":
        opened = form.data.get("version", "")
        if opened.isdigit() and int(opened) != milestone.version:
            form, missed = _conflict(request, milestone, int(opened))
        elif form.is_valid():
            try:
                services.milestone_update(milestone=milestone, user=request.user, **form.update_kwargs())
            except services.StaleMilestone:  # someone saved between our read and our write
                milestone = get_object_or_404(milestones, pk=pk)
                form, missed = _conflict(request, milestone, form.cleaned_data["version"])
            except ValidationError as error:  # a rule the form cannot see (an archived workstream)
                form.add_error(None, error)
            else:
                messages.success(
                    request, f"Update saved: the milestone is now {milestone.get_rag_display()}."
                )
                return redirect("milestone_detail", slug, pk)
    return council_page(
        request, "workstreams/milestone_update.html", access, milestone=milestone, form=form, missed=missed
    )


# --- Workstreams ------------------------------------------------------------------------------------------


@login_required
def workstream_list(request, slug):
    access = council_access(request.user, slug)
    plan = plan_for_council(council=access.council)
    workstreams = selectors.workstreams_for_plan(plan=plan) if plan else Workstream.objects.none()
    table = WorkstreamTable(workstreams, slug=slug, can_manage=access.can_manage_plan, request=request)
    archived = selectors.archived_workstreams_for_plan(plan=plan) if plan and access.can_manage_plan else []
    return council_page(
        request, "workstreams/workstream_list.html", access, plan=plan, table=table, archived=archived
    )


@login_required
def workstream_detail(request, slug, pk):
    access = council_access(request.user, slug)
    workstream = get_object_or_404(selectors.workstream_page(council=access.council), pk=pk)
    context = {
        "workstream": workstream,
        "milestones": workstream.milestones.all(),
        "savings": workstream.savings.all(),
        "updates": selectors.updates_for_workstream(workstream=workstream),
        "archived_milestones": (
            selectors.archived_milestones_for_workstream(workstream=workstream)
            if access.can_manage_plan
            else []
        ),
    }
    return council_page(request, "workstreams/workstream_detail.html", access, **context)


@login_required
def workstream_create(request, slug):
    access = council_access(request.user, slug, roles=PLAN_MANAGERS)
    plan = _plan_or_404(access)
    form = WorkstreamForm(request.POST or None, plan=plan, instance=Workstream(plan=plan))
    if request.method == "POST" and form.is_valid():
        workstream = services.workstream_create(plan=plan, user=request.user, details=form.details())
        messages.success(request, f"Workstream {workstream} added.")
        return redirect("workstream_detail", slug, workstream.pk)
    return council_page(request, "workstreams/workstream_form.html", access, form=form, workstream=None)


@login_required
def workstream_edit(request, slug, pk):
    access = council_access(request.user, slug, roles=PLAN_MANAGERS)
    workstream = get_object_or_404(selectors.workstreams_for_council(council=access.council), pk=pk)
    form = WorkstreamForm(request.POST or None, plan=workstream.plan, instance=workstream)
    if request.method == "POST" and form.is_valid():
        services.workstream_edit(workstream=workstream, user=request.user, details=form.details())
        messages.success(request, "Workstream saved.")
        return redirect("workstream_detail", slug, pk)
    return council_page(request, "workstreams/workstream_form.html", access, form=form, workstream=workstream)


@login_required
def workstream_savings(request, slug, pk):
    access = council_access(request.user, slug, roles=SAVINGS_EDITORS)
    workstream = get_object_or_404(selectors.workstream_page(council=access.council), pk=pk)
    existing = {s.financial_year: (s.target, s.stretch) for s in workstream.savings.all()}
    years = sorted(set(fy_range(workstream.plan.first_year, workstream.plan.last_year)) | set(existing))
    form = savings_form(years=years, savings=existing, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.workstream_savings_set(
                workstream=workstream,
                user=request.user,
                savings=form.savings(),
                expected=form.cleaned_data["seen"],
            )
        except services.StaleSavings as error:
            # Keep what they typed, but as a change from what is saved now, so saving again is deliberate.
            data = request.POST.copy()
            data["seen"] = form.initial["seen"]
            form = savings_form(years=years, savings=existing, data=data)
            form.is_valid()
            form.add_error(None, str(error))
        else:
            messages.success(request, "Savings saved.")
            return redirect("workstream_detail", slug, pk)
    return council_page(
        request, "workstreams/workstream_savings.html", access, form=form, workstream=workstream
    )


@login_required
@require_POST
def workstream_archive(request, slug, pk):
    access = council_access(request.user, slug, roles=PLAN_MANAGERS)
    workstream = get_object_or_404(selectors.workstreams_for_council(council=access.council), pk=pk)
    archive = request.POST.get("action") != "restore"
    services.workstream_archive(workstream=workstream, user=request.user, archived=archive)
    messages.success(request, f"Workstream {workstream} {'archived' if archive else 'restored'}.")
    return redirect("workstream_detail", slug, pk)


@login_required
@require_POST
def workstream_move(request, slug, pk):
    access = council_access(request.user, slug, roles=PLAN_MANAGERS)
    workstream = get_object_or_404(selectors.workstreams_for_council(council=access.council), pk=pk)
    services.workstream_move(workstream=workstream, user=request.user, direction=_direction(request))
    return redirect("workstream_list", slug)


# --- Managing milestones ----------------------------------------------------------------------------------


@login_required
def milestone_create(request, slug, pk):
    access = council_access(request.user, slug, roles=PLAN_MANAGERS)
    workstreams = selectors.workstreams_for_council(council=access.council).filter(archived_on__isnull=True)
    workstream = get_object_or_404(workstreams, pk=pk)
    form = MilestoneForm(request.POST or None, council=access.council, creating=True)
    if request.method == "POST" and form.is_valid():
        milestone = services.milestone_create(
            workstream=workstream,
            user=request.user,
            details=form.details(),
            forecast_due=form.cleaned_data["forecast_due"],
        )
        messages.success(request, "Milestone added.")
        return redirect("milestone_detail", slug, milestone.pk)
    return council_page(
        request, "workstreams/milestone_form.html", access, form=form, workstream=workstream, milestone=None
    )


@login_required
def milestone_edit(request, slug, pk):
    access = council_access(request.user, slug, roles=PLAN_MANAGERS)
    milestone = get_object_or_404(selectors.milestones_for_council(council=access.council), pk=pk)
    form = MilestoneForm(request.POST or None, council=access.council, instance=milestone)
    if request.method == "POST" and form.is_valid():
        services.milestone_edit(milestone=milestone, user=request.user, details=form.details())
        messages.success(request, "Milestone saved.")
        return redirect("milestone_detail", slug, pk)
    context = {"form": form, "workstream": milestone.workstream, "milestone": milestone}
    return council_page(request, "workstreams/milestone_form.html", access, **context)


@login_required
@require_POST
def milestone_archive(request, slug, pk):
    access = council_access(request.user, slug, roles=PLAN_MANAGERS)
    milestone = get_object_or_404(selectors.milestones_for_council(council=access.council), pk=pk)
    archive = request.POST.get("action") != "restore"
    services.milestone_archive(milestone=milestone, user=request.user, archived=archive)
    messages.success(request, f"Milestone {'archived' if archive else 'restored'}.")
    return redirect("milestone_detail", slug, pk)


@login_required
@require_POST
def milestone_move(request, slug, pk):
    access = council_access(request.user, slug, roles=PLAN_MANAGERS)
    milestone = get_object_or_404(selectors.milestones_for_council(council=access.council), pk=pk)
    services.milestone_move(milestone=milestone, user=request.user, direction=_direction(request))
    return redirect("workstream_detail", slug, milestone.workstream_id)


# --- Categories and lead officers -------------------------------------------------------------------------


@login_required
def category_list(request, slug):
    access = council_access(request.user, slug, roles=PLAN_MANAGERS)
    plan = _plan_or_404(access)
    form = CategoryForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        services.category_create(plan=plan, user=request.user, name=form.cleaned_data["name"])
        messages.success(request, f"Category “{form.cleaned_data['name']}” added.")
        return redirect("category_list", slug)
    categories = selectors.categories_for_plan(plan=plan)
    return council_page(
        request, "workstreams/category_list.html", access, form=form, categories=categories, plan=plan
    )


@login_required
def category_edit(request, slug, pk):
    access = council_access(request.user, slug, roles=PLAN_MANAGERS)
    plan = _plan_or_404(access)
    category = get_object_or_404(selectors.categories_for_plan(plan=plan), pk=pk)
    form = CategoryForm(request.POST or None, plan=plan, category=category)
    if request.method == "POST" and form.is_valid():
        services.category_rename(category=category, user=request.user, name=form.cleaned_data["name"])
        messages.success(request, "Category renamed.")
        return redirect("category_list", slug)
    return council_page(request, "workstreams/category_form.html", access, form=form, category=category)


@login_required
def lead_list(request, slug):
    access = council_access(request.user, slug, roles=PLAN_MANAGERS)
    leads = selectors.leads_for_council(council=access.council)
    return council_page(request, "workstreams/lead_list.html", access, leads=leads)


@login_required
def lead_create(request, slug):
    access = council_access(request.user, slug, roles=PLAN_MANAGERS)
    members = selectors.council_members(council=access.council)
    form = LeadForm(request.POST or None, council=access.council, members=members)
    if request.method == "POST" and form.is_valid():
        lead = services.lead_create(council=access.council, user=request.user, details=form.details())
        messages.success(request, f"Lead officer {lead} added.")
        return redirect("lead_list", slug)
    return council_page(request, "workstreams/lead_form.html", access, form=form, lead=None)


@login_required
def lead_edit(request, slug, pk):
    access = council_access(request.user, slug, roles=PLAN_MANAGERS)
    lead = get_object_or_404(selectors.leads_for_council(council=access.council), pk=pk)
    members = selectors.council_members(council=access.council)
    form = LeadForm(request.POST or None, council=access.council, members=members, lead=lead)
    if request.method == "POST" and form.is_valid():
        services.lead_edit(lead=lead, user=request.user, details=form.details())
        messages.success(request, "Lead officer saved.")
        return redirect("lead_list", slug)
    return council_page(request, "workstreams/lead_form.html", access, form=form, lead=lead)
