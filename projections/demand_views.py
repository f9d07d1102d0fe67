"""The demand model's page for a council: plans by setting group with the band, flows, levers, backtest."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_POST

from accounts.access import FINANCE_EDITORS, council_access
from accounts.page_cache import cache_timeout, page_key
from accounts.pages import council_page
from core.uploads import upload_refusal
from dfe.models import JobStatus
from projections import demand_services
from projections.backtest import METHOD_LABELS, METHODS
from projections.demand_calibration import AGE_BANDS
from projections.demand_charts import plans_by_group_chart, scenarios_chart
from projections.demand_jobs import demand_run_create, demand_run_enqueue
from projections.demand_selectors import demand_transitions_for, latest_demand_run, lever_text
from projections.demand_services import PAGE_SIMULATIONS, DemandRunError, demand_model_compute, demand_summary
from projections.forms import DemandLeverForm, DemandSettingsForm, DemandTransitionsForm
from projections.models import DemandLever
from recovery.selectors import plan_for_council


@login_required
def demand_model(request, slug):
    access = council_access(request.user, slug)  # every role of the council; another council's slug is a 404
    plan = plan_for_council(council=access.council)
    editing = access.can_edit_finance and plan is not None
    return council_page(
        request,
        "projections/demand_model.html",
        access,
        plan=plan,
        # Calibration, 500 simulations per scenario and the backtest take a second or two: built only when
        # the cached fragment (keyed by the council's data version, which levers and DfE imports bump) misses.
        model=SimpleLazyObject(lambda: _model(access, plan)),
        page_key=page_key(access),
        cache_timeout=cache_timeout(),
        lever_form=DemandLeverForm(plan=plan) if editing else None,
        lever_rows=[
            {"lever": lever, "text": lever_text(lever)}
            for lever in (plan.demand_levers.select_related("workstream") if editing else [])
        ],
        latest_run=latest_demand_run(council=access.council) if editing else None,
        **(_own_data(access) if access.can_edit_finance else {}),
    )


def _own_data(access, *, upload_form=None, settings_form=None) -> dict:
    """The council's own transitions (finance and council admins): the upload and the settings table."""
    record = demand_transitions_for(council=access.council)
    return {
        "transitions": record,
        "transitions_form": upload_form or DemandTransitionsForm(),
        "settings_form": settings_form or (DemandSettingsForm(record=record) if record else None),
    }


def _model(access, plan) -> dict:
    try:
        summary = demand_summary(council=access.council, plan=plan, simulations=PAGE_SIMULATIONS)
    except DemandRunError as error:
        return {"error": str(error)}
    result = summary.result
    unmitigated = result.simulations["unmitigated"].quantiles()
    years = result.paths["unmitigated"].years
    groups_chart = plans_by_group_chart(
        years, result.paths["unmitigated"].by_group(), unmitigated["p5"], unmitigated["p95"]
    )
    totals = {s: path.totals() for s, path in result.paths.items()}
    scenario_chart = scenarios_chart(years, totals, unmitigated["p5"][:, -1], unmitigated["p95"][:, -1])
    return {
        "error": None,
        "result": result,
        "calibration": result.calibration,
        "reasons": result.calibration.reason_rows(),
        "reason_bands": list(AGE_BANDS),
        "settings": result.calibration.settings,
        "setting_rows": result.calibration.settings.rows() if result.calibration.settings else [],
        "charts": [groups_chart, scenario_chart],
        "levers": summary.effects,
        "priced": summary.pricing is not None,
        "unpriced": summary.unpriced,
        "pricing_notes": summary.pricing.notes if summary.pricing is not None else [],
        "backtest": summary.backtest,
        "methods": [METHOD_LABELS[m] for m in METHODS],
        "simulations": PAGE_SIMULATIONS,
    }


@login_required
@require_POST
def demand_lever_add(request, slug):
    access = council_access(request.user, slug, FINANCE_EDITORS)
    plan = plan_for_council(council=access.council)
    if plan is None:
        raise Http404("No plan")
    form = DemandLeverForm(request.POST, plan=plan)
    if form.is_valid():
        try:
            lever = demand_services.demand_lever_add(plan=plan, user=request.user, details=form.details())
        except ValidationError as error:
            form.add_error(None, error)  # a Refused with a field lands on that field
        else:
            messages.success(request, f"Lever added to {lever.workstream}: {lever_text(lever)}.")
            return redirect(f"{reverse('demand_model', args=[slug])}#levers")
    return council_page(
        request,
        "projections/demand_lever_add.html",
        access,
        plan=plan,
        lever_form=form,
        status=400,
    )


@login_required
@require_POST
def demand_lever_remove(request, slug, pk):
    access = council_access(request.user, slug, FINANCE_EDITORS)
    lever = get_object_or_404(
        DemandLever.objects.select_related("workstream"), pk=pk, plan__council=access.council
    )
    demand_services.demand_lever_remove(lever=lever, user=request.user)
    messages.success(request, f"Lever removed from {lever.workstream}: {lever_text(lever)}.")
    return redirect(f"{reverse('demand_model', args=[slug])}#levers")


@login_required
@require_POST
def demand_run_start(request, slug):
    """Queue the model for the council's plan (a background job): it saves a draft forecast when done."""
    access = council_access(request.user, slug, FINANCE_EDITORS)
    run = demand_run_create(council=access.council, user=request.user)
    demand_run_enqueue(run=run)
    run.refresh_from_db()
    if run.status == JobStatus.FAILED:
        messages.error(request, f"The model could not make a forecast: {run.error}")
    elif run.forecast_id:
        messages.success(request, f"The demand model saved the draft forecast “{run.forecast.name}”.")
    else:
        messages.success(request, "The demand model is running: its draft forecast appears under Forecasts.")
    return redirect(f"{reverse('demand_model', args=[slug])}#run")


@login_required
def demand_output_csv(request, slug, shape: str):
    """witan.send's Output_Setting.csv or Output_Count.csv shape, unmitigated, for councils that compare."""
    import csv

    from django.http import Http404, HttpResponse

    from projections.demand_export import output_count, output_setting

    access = council_access(request.user, slug)
    if shape not in ("setting", "count"):
        raise Http404
    try:
        result = demand_model_compute(council=access.council, simulations=PAGE_SIMULATIONS)
    except DemandRunError as error:
        return HttpResponse(str(error), status=409, content_type="text/plain; charset=utf-8")
    header, rows = (output_setting if shape == "setting" else output_count)(result.simulations["unmitigated"])
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"Output_{shape.capitalize()}_{access.council.slug}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = csv.writer(response)
    writer.writerow(header)
    writer.writerows(rows)
    return response


@login_required
def national_demand_backtest(request):
    """Staff: the latest national backtest, and every council's mean errors by horizon."""
    from django.shortcuts import render

    from accounts.pages import not_found
    from projections.demand_selectors import latest_demand_backtest

    if not request.user.is_superuser:
        return not_found(request)
    backtest = latest_demand_backtest()
    rows = []
    if backtest is not None:
        for council in backtest.councils:
            cells = []
            for h in ("1", "2", "3"):
                at = council["horizons"].get(h)
                cells += [at["mape"][m] if at else None for m in METHODS]
            rows.append({"name": council["name"], "code": council["code"], "cells": cells})
    return render(
        request,
        "projections/national_demand_backtest.html",
        {"backtest": backtest, "rows": rows, "methods": [METHOD_LABELS[m] for m in METHODS], "keys": METHODS},
    )


@login_required
@require_POST
def demand_transitions_upload(request, slug):
    """Finance and council admins: the council's transitions.csv (and population.csv) for the model."""
    access = council_access(request.user, slug, FINANCE_EDITORS)
    form = DemandTransitionsForm(request.POST, request.FILES)
    if refused := upload_refusal(request):  # too large: refused while it arrived, nothing stored
        form.is_valid()
        form.errors["transitions"] = form.error_class([refused])
    elif form.is_valid():
        transitions, population = form.cleaned_data["transitions"], form.cleaned_data["population"]
        try:
            record = demand_services.demand_transitions_upload(
                council=access.council,
                user=request.user,
                transitions=transitions.read(),
                file_name=transitions.name,
                population=population.read() if population else None,
                population_file_name=population.name if population else "",
            )
        except ValidationError as error:
            form.add_error(None, error)  # a Refused with a field lands on that field
        else:
            text = (
                f"{record.file_name}: {record.transitions_count:,} transitions, {record.first_year}–"
                f"{record.last_year}, {len(record.mapping)} settings"
            )
            if record.unmapped:
                messages.warning(
                    request, f"{text}. Give a placement group to {', '.join(record.unmapped)} to use it."
                )
            else:
                messages.success(request, f"{text}. The model is now calibrated from these transitions.")
            return _to_own_data(slug)
    return _own_data_page(request, access, upload_form=form)


@login_required
@require_POST
def demand_settings_save(request, slug):
    access = council_access(request.user, slug, FINANCE_EDITORS)
    record = _transitions_or_404(access)
    form = DemandSettingsForm(request.POST, record=record)
    if form.is_valid():
        try:
            demand_services.demand_settings_map(record=record, user=request.user, mapping=form.mapping())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            record.refresh_from_db()
            if record.unmapped:
                messages.warning(
                    request, f"Settings saved. Still without a group: {', '.join(record.unmapped)}."
                )
            else:
                messages.success(request, "Settings saved. The model is calibrated from the transitions.")
            return _to_own_data(slug)
    return _own_data_page(request, access, settings_form=form)


@login_required
@require_POST
def demand_transitions_remove(request, slug):
    access = council_access(request.user, slug, FINANCE_EDITORS)
    record = _transitions_or_404(access)
    demand_services.demand_transitions_remove(record=record, user=request.user)
    messages.success(request, "The model is calibrated from the DfE's published totals again.")
    return _to_own_data(slug)


def _transitions_or_404(access):
    """This council's transitions (another council's never: the record is looked up by the access)."""
    record = demand_transitions_for(council=access.council)
    if record is None:
        raise Http404("No transitions")
    return record


def _to_own_data(slug):
    """Back to the model page, at the council's own data."""
    return redirect(f"{reverse('demand_model', args=[slug])}#own-data")


def _own_data_page(request, access, **forms):
    return council_page(
        request,
        "projections/demand_transitions.html",
        access,
        status=400,
        **_own_data(access, **forms),
    )
