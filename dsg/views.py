"""The DSG ledger page (every role of the council reads it) and its forms (finance and council admins, or
staff: 403 for other roles). Another council's transfer id is a 404, checked before the role."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import FINANCE_EDITORS, council_access
from accounts.page_cache import cache_timeout, page_key
from accounts.pages import council_page
from core.financial_years import fy_label, parse_fy
from dsg import services
from dsg.charts import plan_charts
from dsg.forms import (
    EngagementForm,
    LedgerLineForm,
    NarrativeForm,
    SignOffForm,
    StabilityClaimForm,
    StabilityFigureForm,
    TransferForm,
)
from dsg.models import (
    DsgLine,
    EvidenceSource,
    NarrativeSection,
    PlanNarrative,
    StabilityClaim,
    StabilityFigure,
)
from dsg.plan import TABS, children_from_snapshot
from dsg.selectors import (
    ledger_for_council,
    management_plan_for_council,
    plan_version_for,
    stability_evidence_for_council,
    transfer_for,
)
from dsg.stability import stability_year_chosen, stability_years, year_end


@login_required
def ledger(request, slug):
    access = council_access(request.user, slug)
    # Read and built only when the cached fragment (keyed by the council's data version) misses.
    view = SimpleLazyObject(lambda: ledger_for_council(council=access.council))
    return council_page(
        request, "dsg/ledger.html", access, view=view,
        page_key=page_key(access), cache_timeout=cache_timeout(),
    )  # fmt: skip


def _refusal(form, error: ValidationError) -> None:
    field = getattr(error, "field", "")
    form.add_error(field if field in form.fields else None, str(error) if field else error)


@login_required
@require_http_methods(["GET", "POST"])
def line_edit(request, slug):
    access = council_access(request.user, slug, FINANCE_EDITORS)
    line = None
    if request.method == "GET" and {"year", "block", "position"} <= set(request.GET):
        try:
            year = parse_fy(request.GET["year"])
        except ValueError:
            raise Http404("Not a financial year") from None
        line = DsgLine.objects.filter(
            council=access.council, financial_year=year, block=request.GET["block"],
            position=request.GET["position"],
        ).first()  # fmt: skip
    form = LedgerLineForm(request.POST or None, line=line)
    if line is None and not form.is_bound:
        form.initial.update({k: request.GET[k] for k in ("block", "position") if k in request.GET})
        if "year" in request.GET:
            form.initial["financial_year"] = request.GET["year"]
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("unit")
        try:
            saved = services.dsg_line_record(council=access.council, user=request.user, **data)
        except ValidationError as error:
            _refusal(form, error)
        else:
            messages.success(request, f"{saved.get_block_display()} {fy_label(saved.financial_year)} saved.")
            return redirect("dsg_ledger", slug)
    return council_page(request, "dsg/line_form.html", access, form=form)


@login_required
@require_http_methods(["GET", "POST"])
def transfer_create(request, slug):
    access = council_access(request.user, slug, FINANCE_EDITORS)
    form = TransferForm(request.POST or None, council=access.council)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("unit")
        try:
            services.dsg_transfer_record(council=access.council, user=request.user, **data)
        except ValidationError as error:
            _refusal(form, error)
        else:
            messages.success(request, "Transfer recorded.")
            return redirect("dsg_ledger", slug)
    return council_page(request, "dsg/transfer_form.html", access, form=form)


@login_required
@require_http_methods(["GET", "POST"])
def transfer_delete(request, slug, pk):
    """Ask first (a GET names the transfer, with Remove and Cancel); the confirming post removes it."""
    access = council_access(request.user, slug)
    transfer = transfer_for(council=access.council, transfer_id=pk)
    if transfer is None:
        raise Http404("No such transfer")
    access = council_access(request.user, slug, FINANCE_EDITORS)
    if request.method != "POST":
        words = services.transfer_words(transfer)
        back = reverse("dsg_ledger", args=[slug]) + "#transfers"
        return council_page(request, "dsg/transfer_remove.html", access, what=words, back=back)
    words = services.dsg_transfer_delete(transfer=transfer, user=request.user)
    messages.success(request, f"Removed: {words}.")
    return redirect("dsg_ledger", slug)


@login_required
@require_POST
def income_from_dfe(request, slug, year):
    def fill(*, council, user, financial_year):
        changed = services.dsg_income_from_dfe(council=council, user=user, financial_year=financial_year)
        return (
            f"Income for {fy_label(financial_year)} set from the DfE's DSG allocations "
            f"({len(changed)} block figures changed)."
        )

    return _fill_year_from_dfe(request, slug, year, fill)


@login_required
@require_POST
def expenditure_from_s251(request, slug, year):
    def fill(*, council, user, financial_year):
        line = services.dsg_expenditure_from_s251(council=council, user=user, financial_year=financial_year)
        done = "set from" if line is not None else "already was"
        return f"High Needs expenditure for {fy_label(financial_year)} {done} the s251 outturn."

    return _fill_year_from_dfe(request, slug, year, fill)


def _fill_year_from_dfe(request, slug, year, fill):
    """One year of the ledger filled from the DfE store by `fill` (a service call that returns the message):
    finance and council admins only; a refusal is the message, and the ledger is shown again either way."""
    access = council_access(request.user, slug, FINANCE_EDITORS)
    try:
        financial_year = parse_fy(year)
    except ValueError:
        raise Http404("Not a financial year") from None
    try:
        message = fill(council=access.council, user=request.user, financial_year=financial_year)
    except ValidationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, message)
    return redirect("dsg_ledger", slug)


# --- the High Needs Stability Grant evidence (finance and council admins only) ------------------------------


def _stability_year(request) -> int:
    """The year asked for (``?year=2026-27``; the newest when none): one the DfE asks for, else a 404."""
    year = stability_year_chosen(request.GET.get("year"))
    if year is None:
        raise Http404("The DfE does not ask for evidence for that year")
    return year


def _year_query(year: int) -> str:
    """``?year=2025-26`` while the DfE asks for more than one year (links keep the year they are for)."""
    return f"?year={fy_label(year)}" if len(stability_years()) > 1 else ""


def _back(slug: str, year: int):
    """The evidence page of the year a form was for."""
    response = redirect("dsg_stability", slug)
    response["Location"] += _year_query(year)
    return response


@login_required
def stability(request, slug):
    access = council_access(request.user, slug, FINANCE_EDITORS)
    year = _stability_year(request)
    evidence = stability_evidence_for_council(council=access.council, financial_year=year)
    years = [(fy_label(y), year_end(y), y == year) for y in reversed(stability_years())]
    return council_page(
        request, "dsg/stability.html", access, evidence=evidence, years=years, year_query=_year_query(year)
    )


@login_required
@require_http_methods(["GET", "POST"])
def stability_figure_edit(request, slug, source):
    access = council_access(request.user, slug, FINANCE_EDITORS)
    if source not in EvidenceSource.values:
        raise Http404("No such figure")
    label = EvidenceSource(source).label
    year = _stability_year(request)
    figure = StabilityFigure.objects.filter(
        council=access.council, financial_year=year, source=source
    ).first()
    form = StabilityFigureForm(request.POST or None, label=label, figure=figure)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("unit")
        try:
            services.stability_figure_record(
                council=access.council,
                user=request.user,
                financial_year=year,
                source=source,
                **data,
            )
        except ValidationError as error:
            _refusal(form, error)
        else:
            messages.success(request, f"{label}: figure saved.")
            return _back(slug, year)
    return council_page(
        request,
        "dsg/stability_figure_form.html",
        access,
        form=form,
        label=label,
        year_end=year_end(year),
        year_query=_year_query(year),
    )


@login_required
@require_http_methods(["GET", "POST"])
def stability_claim_edit(request, slug):
    access = council_access(request.user, slug, FINANCE_EDITORS)
    year = _stability_year(request)
    claim = StabilityClaim.objects.filter(council=access.council, financial_year=year).first()
    form = StabilityClaimForm(request.POST or None, claim=claim)
    if request.method == "POST" and form.is_valid():
        try:
            services.stability_claim_record(
                council=access.council, user=request.user, financial_year=year, **form.cleaned_data
            )
        except ValidationError as error:
            _refusal(form, error)
        else:
            messages.success(request, "The part that is not high needs saved.")
            return _back(slug, year)
    return council_page(
        request, "dsg/stability_claim_form.html", access, form=form, year_end=year_end(year),
        year_query=_year_query(year),
    )  # fmt: skip


# --- the DSG management plan (every role reads it; finance and council admins change it) ------------------


@login_required
def management_plan(request, slug):
    access = council_access(request.user, slug)
    # Read and built only when the cached fragment (keyed by the council's data version) misses.
    plan = SimpleLazyObject(lambda: management_plan_for_council(council=access.council))
    charts = SimpleLazyObject(lambda: plan_charts(plan.children))
    return council_page(
        request, "dsg/management_plan.html", access, plan=plan, charts=charts, tabs=TABS,
        page_key=page_key(access), cache_timeout=cache_timeout(),
    )  # fmt: skip


def _plan_form(request, slug, form_class, template: str, save, done: str, **context):
    access = council_access(request.user, slug, FINANCE_EDITORS)
    form = form_class(request.POST or None, **context.pop("form_kwargs", {}))
    if request.method == "POST" and form.is_valid():
        try:
            save(access, form.cleaned_data)
        except ValidationError as error:
            _refusal(form, error)
        else:
            messages.success(request, done)
            return redirect("dsg_plan", slug)
    return council_page(request, template, access, form=form, **context)


@login_required
@require_http_methods(["GET", "POST"])
def engagement_create(request, slug):
    def save(access, data):
        services.engagement_record(council=access.council, user=request.user, **data)

    return _plan_form(
        request, slug, EngagementForm, "dsg/plan_form.html", save, "Engagement recorded.",
        heading="Record stakeholder engagement",
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def sign_off_create(request, slug):
    def save(access, data):
        services.sign_off_record(council=access.council, user=request.user, **data)

    return _plan_form(
        request, slug, SignOffForm, "dsg/plan_form.html", save, "Sign-off recorded.",
        heading="Record a sign-off of the plan",
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def narrative_edit(request, slug, section):
    if section not in NarrativeSection.values:
        raise Http404("No such section")
    access = council_access(request.user, slug, FINANCE_EDITORS)
    current = PlanNarrative.objects.filter(council=access.council, section=section).first()

    def save(access, data):
        services.narrative_save(council=access.council, user=request.user, section=section, **data)

    label = NarrativeSection(section).label
    return _plan_form(
        request, slug, NarrativeForm, "dsg/plan_form.html", save, f"{label} saved.",
        heading=f"Narrative: {label.lower()}",
        form_kwargs={"initial": {"text": current.text if current else ""}},
    )  # fmt: skip


@login_required
def plan_version(request, slug, number):
    access = council_access(request.user, slug)
    version = plan_version_for(council=access.council, number=number)
    if version is None:
        raise Http404("No such version")
    charts = plan_charts(children_from_snapshot(version.snapshot["children"]))
    return council_page(
        request, "dsg/plan_version.html", access, version=version, content=version.snapshot, charts=charts
    )
