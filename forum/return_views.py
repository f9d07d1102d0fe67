"""The update return (a lead's open milestones on one page, saved together) and, for council admins, each
lead's return status with a chaser button."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import MILESTONE_EDITORS, PLAN_MANAGERS, council_access
from accounts.pages import council_page
from forum.returns import cycle_for, is_updated_since, milestones_for_return, return_statuses
from forum.services.reminders import chaser_send
from forum.services.returns import ReturnEntry, return_save
from recovery.models import LeadOfficer
from recovery.selectors import plan_for_council
from workstreams.forms import ReturnRowForm
from workstreams.rag import RAG_DEFINITIONS


def _plan_or_404(council):
    plan = plan_for_council(council=council)
    if plan is None:
        raise Http404("This council has no recovery plan yet")
    return plan


def _row_forms(milestones, data=None) -> list[ReturnRowForm]:
    return [ReturnRowForm(data, milestone=m, prefix=f"m{m.pk}") for m in milestones]


@login_required
def return_mine(request, slug):
    """The signed-in lead's own return, or a page saying they are not linked to a lead record."""
    access = council_access(request.user, slug, MILESTONE_EDITORS)
    lead = LeadOfficer.objects.filter(council=access.council, user=request.user).first()
    if lead is not None:
        return redirect("update_return", slug, lead.pk)
    return council_page(request, "forum/return_not_a_lead.html", access)


@login_required
@require_http_methods(["GET", "POST"])
def update_return(request, slug, lead_id):
    access = council_access(request.user, slug, MILESTONE_EDITORS)
    lead = get_object_or_404(LeadOfficer.objects.filter(council=access.council), pk=lead_id)
    plan = _plan_or_404(access.council)
    milestones = milestones_for_return(plan=plan, lead=lead)
    saved, unchanged = [], False
    forms = _row_forms(milestones, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        changed = [form for form in forms if form.has_changed()]
        valid = [form for form in changed if form.is_valid()]
        result = return_save(
            user=request.user,
            entries=[ReturnEntry(form.milestone, form.update_kwargs()) for form in valid],
        )
        for form in valid:
            for field, errors in result.problems.get(form.milestone.pk, {}).items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        saved = result.saved
        failed = [form for form in changed if form.errors]
        if not changed:
            unchanged = True
        elif not failed:
            messages.success(
                request,
                f"{len(saved)} milestone{'s' if len(saved) != 1 else ''} saved: "
                + "; ".join(m.title for m in saved)
                + ".",
            )
            return redirect("update_return", slug, lead.pk)
        # Saved rows start again from what is now stored (their new version); the others keep their input.
        milestones = milestones_for_return(plan=plan, lead=lead)
        keep = {form.milestone.pk: form for form in failed}
        forms = [keep.get(form.milestone.pk, form) for form in _row_forms(milestones)]
    # Only the page reads the termly cycle (2 queries): a return saved without a problem just redirects.
    cycle = cycle_for(council=access.council, today=timezone.localdate())
    rows = [(form, is_updated_since(form.milestone, cycle)) for form in forms]
    return council_page(
        request,
        "forum/update_return.html",
        access,
        lead=lead,
        cycle=cycle,
        rows=rows,
        updated=sum(done for _, done in rows),
        saved=saved,
        failed=[form for form, _ in rows if form.errors],
        unchanged=unchanged,
        rag_key=[(rag.label, words) for rag, words in RAG_DEFINITIONS.items()],
    )


@login_required
def return_status(request, slug):
    access = council_access(request.user, slug, PLAN_MANAGERS)
    plan = _plan_or_404(access.council)
    cycle = cycle_for(council=access.council, today=timezone.localdate())
    statuses = return_statuses(plan=plan, cycle=cycle)
    return council_page(
        request,
        "forum/return_status.html",
        access,
        cycle=cycle,
        statuses=statuses,
        done=sum(s.is_done for s in statuses),
    )


@login_required
@require_POST
def return_chase(request, slug, lead_id):
    access = council_access(request.user, slug, PLAN_MANAGERS)
    lead = get_object_or_404(
        LeadOfficer.objects.filter(council=access.council).select_related("user"), pk=lead_id
    )
    plan = _plan_or_404(access.council)
    cycle = cycle_for(council=access.council, today=timezone.localdate())
    if cycle.next is None:
        messages.error(request, "There is no Schools Forum meeting on the calendar to chase updates for.")
        return redirect("return_status", slug)
    try:
        reminder = chaser_send(
            lead=lead,
            meeting=cycle.next,
            plan=plan,
            user=request.user,
            base_url=request.build_absolute_uri("/"),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Chaser sent to {lead.name} at {reminder.sent_to}.")
    return redirect(reverse("return_status", args=[slug]) + f"#lead-{lead.pk}")
