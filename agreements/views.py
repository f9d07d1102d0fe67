"""The agreement pages: everyone of the council reads them; finance and council admins change them."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import FINANCE_EDITORS, REPORT_PUBLISHERS, CouncilAccess, council_access
from accounts.pages import council_page
from agreements import choices, services
from agreements.forms import (
    AgreementForm,
    CapitalProjectForm,
    ConditionForm,
    ConditionUpdateForm,
    CostAvoidanceForm,
    GrantSpendForm,
    PaymentForm,
    ReturnCreateForm,
    ReturnForm,
    SectionCreateForm,
    SectionForm,
    StatusForm,
    TrajectoryYearForm,
)
from agreements.models import Agreement
from agreements.selectors import (
    agreement_for,
    agreement_view,
    agreements_for_council,
    capital_project_for,
    condition_for,
    grant_spend_for,
    payment_for,
    return_contents,
    return_for,
    section_for,
    trajectory_for,
    version_for,
)
from core.errors import Refused
from core.forms import as_fraction, as_per_cent, money_input_text
from core.money import pounds
from recovery.selectors import plan_for_council


def _agreement(access: CouncilAccess, pk: int) -> Agreement:
    agreement = agreement_for(council=access.council, agreement_id=pk)
    if agreement is None:
        raise Http404("No such agreement")
    return agreement


def _detail_url(agreement: Agreement) -> str:
    return reverse("agreement_detail", args=[agreement.council.slug, agreement.pk])


def _form_page(
    request: HttpRequest,
    access: CouncilAccess,
    form,
    save: Callable[[dict], object],
    *,
    heading: str,
    button: str,
    back: str,
    done: str,
    agreement: Agreement | None = None,
    intro: str = "",
) -> HttpResponse:
    """A form page: on a valid post, call ``save`` (a service); a refusal goes on its field."""
    if request.method == "POST" and form.is_valid():
        try:
            result = save(form.cleaned_data)
        except Refused as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, done)
            return redirect(result if isinstance(result, str) else back)
    return council_page(
        request,
        "agreements/form.html",
        access,
        form=form,
        heading=heading,
        button=button,
        back=back,
        agreement=agreement,
        intro=intro,
    )


@dataclass
class FormPage:
    """What an agreement's form page differs by: its form, the service that saves it, and its words."""

    form: forms.Form
    save: Callable[[dict], object]
    heading: str
    button: str
    done: str
    intro: str = ""
    anchor: str = ""  # where on the agreement's page to come back to


def agreement_form(view: Callable[..., FormPage]) -> Callable[..., HttpResponse]:
    """An agreement's form page (finance and council admins): resolve the council and the agreement (another
    council's is a 404), let ``view(request, agreement, **ids)`` say what the page holds, then show it or
    save it (_form_page), returning to the agreement's page."""

    @login_required
    @require_http_methods(["GET", "POST"])
    @wraps(view)
    def page(request: HttpRequest, slug: str, pk: int, **ids) -> HttpResponse:
        access = council_access(request.user, slug, FINANCE_EDITORS)
        agreement = _agreement(access, pk)
        p = view(request, agreement, **ids)
        return _form_page(
            request,
            access,
            p.form,
            p.save,
            heading=p.heading,
            button=p.button,
            back=_detail_url(agreement) + (f"#{p.anchor}" if p.anchor else ""),
            done=p.done,
            agreement=agreement,
            intro=p.intro,
        )

    return page


def _details(data: dict) -> services.AgreementDetails:
    return services.AgreementDetails(
        kind=data["kind"],
        title=data["title"],
        agreed_on=data["agreed_on"],
        first_year=data["first_year"],
        last_year=data["last_year"],
        dfe_contribution=data["dfe_contribution"] or 0,
        council_contribution=data["council_contribution"] or 0,
        tolerance=as_fraction(data["tolerance"]),
    )


@login_required
def agreement_list(request, slug):
    access = council_access(request.user, slug)
    return council_page(
        request,
        "agreements/agreement_list.html",
        access,
        agreements=agreements_for_council(council=access.council),
    )


@login_required
@require_http_methods(["GET", "POST"])
def agreement_create(request, slug):
    access = council_access(request.user, slug, FINANCE_EDITORS)
    plan = plan_for_council(council=access.council)
    if plan is None:
        raise Http404("The council has no plan to deliver an agreement")
    form = AgreementForm(request.POST or None)

    def save(data):
        agreement = services.agreement_create(
            council=access.council, plan=plan, user=request.user, details=_details(data)
        )
        return _detail_url(agreement)

    return _form_page(
        request,
        access,
        form,
        save,
        heading="New agreement with the DfE",
        button="Save agreement",
        back=reverse("agreement_list", args=[slug]),
        done="Agreement saved.",
        intro=f"Delivered by the workstreams of {plan.title}.",
    )


@agreement_form
def agreement_edit(request, agreement):
    form = AgreementForm(
        request.POST or None,
        initial={
            "kind": agreement.kind,
            "title": agreement.title,
            "agreed_on": agreement.agreed_on,
            "first_year": agreement.first_year,
            "last_year": agreement.last_year,
            "dfe_contribution": money_input_text(agreement.dfe_contribution),
            "council_contribution": money_input_text(agreement.council_contribution),
            "tolerance": as_per_cent(agreement.tolerance),
        },
    )
    return FormPage(
        form,
        lambda d: services.agreement_edit(agreement=agreement, user=request.user, details=_details(d)),
        heading="Change the agreement",
        button="Save agreement",
        done="Agreement saved.",
    )


@login_required
def agreement_detail(request, slug, pk):
    access = council_access(request.user, slug)
    agreement = _agreement(access, pk)
    return council_page(
        request, "agreements/agreement_detail.html", access, view=agreement_view(agreement=agreement)
    )


@agreement_form
def agreement_status(request, agreement):
    return FormPage(
        StatusForm(request.POST or None, initial={"status": agreement.status}),
        lambda d: services.agreement_status_set(
            agreement=agreement, user=request.user, status=d["status"], note=d["note"]
        ),
        heading="Change the agreement's status",
        button="Save status",
        done="Status changed.",
    )


@agreement_form
def trajectory_year_edit(request, agreement):
    return FormPage(
        TrajectoryYearForm(request.POST or None),
        lambda d: services.trajectory_year_set(
            agreement=agreement, user=request.user, figures=services.TrajectoryFigures(**d)
        ),
        heading="A year of the agreed trajectory",
        button="Save year",
        done="Trajectory year saved.",
        intro=f"The agreement runs {agreement.term_label}. Saving a year already entered corrects it.",
        anchor="trajectory",
    )


@login_required
@require_POST
def trajectory_revise(request, slug, pk):
    """A revised agreement: the current trajectory is copied to a new revision (the earlier one is kept, for
    comparison); its years are then corrected one by one."""
    access = council_access(request.user, slug, FINANCE_EDITORS)
    agreement = _agreement(access, pk)
    years = [
        services.TrajectoryFigures(
            t.financial_year, t.deficit_excluding_dfe, t.deficit_including_dfe, t.in_year_target
        )
        for t in trajectory_for(agreement=agreement)
    ]
    try:
        revision = services.trajectory_revise(agreement=agreement, user=request.user, years=years)
    except Refused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Revision {revision} started: correct its years; the earlier one is kept.")
    return redirect("agreement_detail", slug, pk)


@agreement_form
def payment_create(request, agreement):
    return FormPage(
        PaymentForm(request.POST or None),
        lambda d: services.payment_record(agreement=agreement, user=request.user, **d),
        heading="Record a DfE payment",
        button="Save payment",
        done="Payment recorded.",
        anchor="payments",
    )


def _removed(
    request, access: CouncilAccess, agreement: Agreement, *, what: str, remove: Callable[[], str], back: str
) -> HttpResponse:
    """Ask first (a GET shows what would go, with Remove and Cancel); on the confirming post, call the
    removing service and say what went (or why nothing did) on the agreement's page."""
    if request.method != "POST":
        return council_page(
            request, "agreements/remove_confirm.html", access, agreement=agreement, what=what, back=back
        )
    try:
        words = remove()
    except Refused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Removed: {words}.")
    return redirect(back)


@login_required
@require_http_methods(["GET", "POST"])
def payment_delete(request, slug, pk, payment_pk):
    access = council_access(request.user, slug, FINANCE_EDITORS)
    agreement = _agreement(access, pk)
    payment = payment_for(agreement=agreement, payment_id=payment_pk)
    if payment is None:
        raise Http404("No such payment")
    return _removed(
        request,
        access,
        agreement,
        what=services.payment_words(payment),
        remove=lambda: services.payment_delete(payment=payment, user=request.user),
        back=_detail_url(agreement) + "#payments",
    )


def _condition_form(request, agreement):
    return ConditionForm(
        request.POST or None,
        leads=choices.leads_for_agreement(agreement=agreement),
        workstreams=choices.workstreams_for_agreement(agreement=agreement),
    )


def _condition_details(d: dict) -> services.ConditionDetails:
    return services.ConditionDetails(
        number=d["number"],
        text=d["text"],
        owner=d["owner"],
        due=d["due"],
        workstreams=tuple(d["workstreams"]),
    )


@agreement_form
def condition_create(request, agreement):
    return FormPage(
        _condition_form(request, agreement),
        lambda d: services.condition_create(
            agreement=agreement, user=request.user, details=_condition_details(d)
        ),
        heading="Add a condition",
        button="Save condition",
        done="Condition saved.",
        anchor="conditions",
    )


def _condition(agreement: Agreement, condition_pk: int):
    condition = condition_for(agreement=agreement, condition_id=condition_pk)
    if condition is None:
        raise Http404("No such condition")
    return condition


@agreement_form
def condition_edit(request, agreement, condition_pk):
    condition = _condition(agreement, condition_pk)
    form = _condition_form(request, agreement)
    if not form.is_bound:
        form.initial = {
            "number": condition.number,
            "text": condition.text,
            "owner": condition.owner_id,
            "due": condition.due,
            "workstreams": list(condition.workstreams.values_list("pk", flat=True)),
        }
    return FormPage(
        form,
        lambda d: services.condition_edit(
            condition=condition, user=request.user, details=_condition_details(d)
        ),
        heading=f"Change condition {condition.number}",
        button="Save condition",
        done="Condition saved.",
        anchor=f"condition-{condition.number}",
    )


@agreement_form
def condition_update(request, agreement, condition_pk):
    condition = _condition(agreement, condition_pk)
    form = ConditionUpdateForm(
        request.POST or None,
        initial={
            "rag": condition.rag,
            "commentary": condition.commentary,
            "hold_reason": condition.hold_reason,
            "met_on": condition.met_on,
        },
    )
    return FormPage(
        form,
        lambda d: services.condition_update(condition=condition, user=request.user, **d),
        heading=f"Condition {condition.number}: RAG and commentary",
        button="Save",
        done=f"Condition {condition.number} saved.",
        intro=condition.text,
        anchor=f"condition-{condition.number}",
    )


@agreement_form
def return_create(request, agreement):
    def save(d):
        ret = services.return_create(agreement=agreement, user=request.user, **d)
        return reverse("return_detail", args=[agreement.council.slug, agreement.pk, ret.pk])

    return FormPage(
        ReturnCreateForm(request.POST or None),
        save,
        heading="Start a quarterly return",
        button="Start return",
        done="Return started.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def return_detail(request, slug, pk, return_pk):
    """The return: its figures, conditions and narrative; a draft's text is edited here."""
    access = council_access(request.user, slug)
    agreement = _agreement(access, pk)
    ret = return_for(agreement=agreement, return_id=return_pk)
    if ret is None or not (ret.is_submitted or access.sees_drafts):
        raise Http404("No such return")  # a draft is hidden from Schools Forum members, as drafts are
    form = None
    if access.can_edit_finance and not ret.is_submitted:
        form = ReturnForm(
            request.POST or None,
            initial={"narrative": ret.narrative, "risks": ret.risks},
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.return_edit(quarterly_return=ret, user=request.user, **form.cleaned_data)
            except Refused as error:
                messages.error(request, str(error))
            else:
                messages.success(request, "Return saved.")
            return redirect("return_detail", slug, pk, return_pk)
    elif request.method == "POST":
        if not access.can_edit_finance:
            raise PermissionDenied("Your role in this council cannot change returns.")
        messages.error(request, f"The return for {ret.label} is submitted, so it cannot be changed.")
        return redirect("return_detail", slug, pk, return_pk)
    return council_page(
        request,
        "agreements/return_detail.html",
        access,
        agreement=agreement,
        quarterly_return=ret,
        contents=return_contents(quarterly_return=ret),
        form=form,
    )


def _capital_project_details(d: dict) -> services.CapitalProjectDetails:
    return services.CapitalProjectDetails(
        name=d["name"],
        budget=d["budget"],
        spent=d["spent"] or 0,
        status=d["status"],
        expected_completion=d["expected_completion"],
        commentary=d["commentary"],
    )


@agreement_form
def capital_project_create(request, agreement):
    return FormPage(
        CapitalProjectForm(request.POST or None),
        lambda d: services.capital_project_set(
            agreement=agreement, user=request.user, details=_capital_project_details(d)
        ),
        heading="Add a capital project",
        button="Save project",
        done="Capital project saved.",
        intro="The next quarterly return submitted freezes the projects as they stand.",
        anchor="capital-projects",
    )


def _capital_project(agreement: Agreement, project_pk: int):
    project = capital_project_for(agreement=agreement, project_id=project_pk)
    if project is None:
        raise Http404("No such capital project")
    return project


@agreement_form
def capital_project_edit(request, agreement, project_pk):
    project = _capital_project(agreement, project_pk)
    form = CapitalProjectForm(
        request.POST or None,
        initial={
            "name": project.name,
            "budget": money_input_text(project.budget),
            "spent": money_input_text(project.spent),
            "status": project.status,
            "expected_completion": project.expected_completion,
            "commentary": project.commentary,
        },
    )
    return FormPage(
        form,
        lambda d: services.capital_project_set(
            agreement=agreement, user=request.user, details=_capital_project_details(d), project=project
        ),
        heading=f"Change the capital project “{project.name}”",
        button="Save project",
        done="Capital project saved.",
        anchor="capital-projects",
    )


@login_required
@require_http_methods(["GET", "POST"])
def capital_project_delete(request, slug, pk, project_pk):
    access = council_access(request.user, slug, FINANCE_EDITORS)
    agreement = _agreement(access, pk)
    project = _capital_project(agreement, project_pk)
    return _removed(
        request,
        access,
        agreement,
        what=services.capital_project_words(project),
        remove=lambda: services.capital_project_delete(project=project, user=request.user),
        back=_detail_url(agreement) + "#capital-projects",
    )


def _plan_workstreams(agreement: Agreement):
    return choices.workstreams_for_agreement(agreement=agreement)


@agreement_form
def grant_spend_edit(request, agreement):
    return FormPage(
        GrantSpendForm(request.POST or None, workstreams=_plan_workstreams(agreement)),
        lambda d: services.grant_spend_set(agreement=agreement, user=request.user, **d),
        heading="DBV grant: allocation and spend",
        button="Save",
        done="Grant allocation and spend saved.",
        intro=f"The grant is {pounds(agreement.dfe_contribution)}. Saving a workstream's year corrects it.",
        anchor="grant",
    )


@login_required
@require_http_methods(["GET", "POST"])
def grant_spend_delete(request, slug, pk, grant_spend_pk):
    access = council_access(request.user, slug, FINANCE_EDITORS)
    agreement = _agreement(access, pk)
    row = grant_spend_for(agreement=agreement, grant_spend_id=grant_spend_pk)
    if row is None:
        raise Http404("No such allocation")
    return _removed(
        request,
        access,
        agreement,
        what=services.grant_spend_words(row),
        remove=lambda: services.grant_spend_delete(grant_spend=row, user=request.user),
        back=_detail_url(agreement) + "#grant",
    )


@agreement_form
def cost_avoidance_edit(request, agreement):
    return FormPage(
        CostAvoidanceForm(request.POST or None, workstreams=_plan_workstreams(agreement)),
        lambda d: services.cost_avoidance_set(agreement=agreement, user=request.user, **d),
        heading="Cost avoidance",
        button="Save",
        done="Cost avoidance saved.",
    )


@agreement_form
def section_create(request, agreement):
    return FormPage(
        SectionCreateForm(request.POST or None),
        lambda d: services.section_create(agreement=agreement, user=request.user, **d),
        heading="Add a section",
        button="Add section",
        done="Section added.",
        anchor="sections",
    )


@agreement_form
def section_edit(request, agreement, section_pk):
    section = section_for(agreement=agreement, section_id=section_pk)
    if section is None:
        raise Http404("No such section")
    form = SectionForm(
        request.POST or None,
        initial={
            "narrative": section.narrative,
            "self_assessment": section.self_assessment,
            "evidence": section.evidence,
            "workstreams": list(section.workstreams.all()),
            "levers": list(section.levers.all()),
            "indicators": list(section.indicators.all()),
            "dfe_series": section.dfe_series,
        },
        workstreams=_plan_workstreams(agreement),
        levers=choices.levers_for_agreement(agreement=agreement),
        indicators=choices.indicators_for_agreement(agreement=agreement),
    )

    def save(d):
        return services.section_edit(
            section=section,
            user=request.user,
            narrative=d["narrative"],
            self_assessment=d["self_assessment"],
            evidence=d["evidence"],
            workstreams=tuple(d["workstreams"]),
            levers=tuple(d["levers"]),
            indicators=tuple(d["indicators"]),
            dfe_series=tuple(d["dfe_series"]),
        )

    return FormPage(
        form,
        save,
        heading=f"{section.principle}: narrative and self-assessment",
        button="Save section",
        done=f"Section “{section.principle}” saved.",
        intro=section.description,
        anchor=f"section-{section.pk}",
    )


@login_required
@require_POST
def section_move(request, slug, pk, section_pk):
    access = council_access(request.user, slug, FINANCE_EDITORS)
    agreement = _agreement(access, pk)
    section = section_for(agreement=agreement, section_id=section_pk)
    direction = request.POST.get("direction")
    if section is None or direction not in ("up", "down"):
        raise Http404("No such section, or no direction to move it")
    services.section_move(section=section, user=request.user, direction=direction)
    messages.success(request, f"Section “{section.principle}” moved {direction}.")
    return redirect(_detail_url(agreement) + f"#section-{section.pk}")


@login_required
@require_POST
def reform_plan_publish(request, slug, pk):
    """Council admins publish the reform plan, as they publish Forum reports."""
    access = council_access(request.user, slug, REPORT_PUBLISHERS)
    agreement = _agreement(access, pk)
    try:
        version = services.reform_plan_publish(agreement=agreement, user=request.user)
    except Refused as error:
        messages.error(request, str(error))
        return redirect("agreement_detail", slug, pk)
    messages.success(request, f"Version {version.number} published.")
    return redirect("reform_version_detail", slug, pk, version.pk)


@login_required
def reform_version_detail(request, slug, pk, version_pk):
    access = council_access(request.user, slug)
    agreement = _agreement(access, pk)
    version = version_for(agreement=agreement, version_id=version_pk)
    if version is None:
        raise Http404("No such version")
    return council_page(
        request,
        "agreements/reform_version.html",
        access,
        agreement=agreement,
        version=version,
        contents=version.snapshot,
    )
