"""Forecast and actuals pages: resolve the council through the one access helper, call a selector or a
service, render. Reading needs any role (Schools Forum members see published forecasts only); changing
needs finance or council admin (FINANCE_EDITORS) or staff. Another council's forecast id is a 404 for
everyone, checked before the role, so an id never leaks through a 403.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import FINANCE_EDITORS, CouncilAccess, council_access
from accounts.page_cache import Params, cache_timeout, page_key
from accounts.pages import council_page
from core.financial_years import fy_label, fy_of, is_recorded_year, parse_fy
from dfe.selectors import dfe_figures_for_year, dfe_outturn_figures, outturn_offer
from projections import services
from projections.charts import deficit_chart, mitigation_waterfall
from projections.figures import savings_by_year, savings_coverage
from projections.forms import ActualForm, FiguresForm, ForecastCreateForm, ForecastInputsForm, SensitivityForm
from projections.models import FiguresUnit, Forecast, ForecastKind
from projections.s251_selectors import (
    s251_mapping_in_use,
    s251_outturn_by_provision_type,
    s251_unit_cost_offer,
)
from projections.selectors import (
    actual_for_year,
    actuals_for_plan,
    forecast_figures,
    forecast_for,
    forecast_inputs,
    forecast_vs_actual,
    forecasts_for_plan,
    savings_changed_since_run,
    sensitivity_for_forecast,
    workstream_savings_for_plan,
)
from projections.services import ForecastError, ForecastFrozen, ForecastInputError
from recovery.selectors import plan_for_council
from workstreams import services as workstream_services

CHANGE_REFUSED = "Your role in this council cannot change forecasts or actuals."


# --- helpers -------------------------------------------------------------------------------------------


def _forecast(
    request: HttpRequest, slug: str, pk: int, *, change: bool = False
) -> tuple[CouncilAccess, Forecast]:
    access = council_access(request.user, slug)  # 404 unless a member (or staff)
    forecast = forecast_for(access=access, forecast_id=pk)
    if forecast is None:  # another council's, or a draft for a Forum member: not there for them
        raise Http404("No such forecast")
    if change and not access.has(FINANCE_EDITORS):  # after the 404: an id never leaks through a 403
        raise PermissionDenied(CHANGE_REFUSED)
    return access, forecast


def _editor(request: HttpRequest, slug: str) -> CouncilAccess:
    """Changes to the plan's finance, not to one forecast: 404 for non-members, 403 for readers."""
    return council_access(request.user, slug, FINANCE_EDITORS)


def _plan(access: CouncilAccess):
    plan = plan_for_council(council=access.council)
    if plan is None:
        raise Http404("This council has no recovery plan yet")
    return plan


def _frozen(request: HttpRequest, access: CouncilAccess, forecast: Forecast) -> HttpResponse:
    """A published forecast is never changed: say so (409 Conflict), and offer a copy."""
    if request.method == "GET":
        messages.info(request, ForecastFrozen(forecast).args[0])
        return redirect(_detail_url(forecast))
    return council_page(
        request,
        "projections/forecast_frozen.html",
        access,
        forecast=forecast,
        message=ForecastFrozen(forecast),
        status=409,
    )


def _detail_url(forecast: Forecast) -> str:
    return reverse("forecast_detail", args=[forecast.plan.council.slug, forecast.pk])


# --- forecasts -------------------------------------------------------------------------------------------


@login_required
def forecast_list(request, slug):
    access = council_access(request.user, slug)
    plan = plan_for_council(council=access.council)
    forecasts = forecasts_for_plan(plan=plan, include_drafts=access.sees_drafts) if plan else []
    return council_page(request, "projections/forecast_list.html", access, plan=plan, forecasts=forecasts)


@login_required
@require_http_methods(["GET", "POST"])
def forecast_create(request, slug):
    access = _editor(request, slug)
    plan = _plan(access)
    form = ForecastCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            forecast = services.forecast_create(
                plan=plan,
                user=request.user,
                details=form.details(),
                kind=ForecastKind(form.cleaned_data["kind"]),
                has_bounds=form.cleaned_data["has_bounds"],
                figures_unit=form.cleaned_data["figures_unit"] or FiguresUnit.POUNDS,
            )
        except ForecastInputError as error:
            form.add_error(error.field or None, str(error))
        else:
            messages.success(request, f"Draft forecast “{forecast.name}” created. Now enter its figures.")
            name = "forecast_inputs" if forecast.is_computed else "forecast_figures"
            return redirect(name, slug, forecast.pk)
    return council_page(request, "projections/forecast_create.html", access, plan=plan, form=form)


@login_required
def forecast_detail(request, slug, pk):
    access, forecast = _forecast(request, slug, pk)
    # The page's two costly parts are cached (keyed by the council's data version, the role, the date and
    # the query string); what they show is read and built here only when a fragment is missing.

    @functools.cache
    def built() -> dict:
        figures = forecast_figures(forecast=forecast)
        view = forecast_inputs(forecast=forecast, figures=figures) if forecast.is_computed else None
        inputs = view.inputs if view else None
        sensitivity_form = SensitivityForm(request.GET if "success_rate" in request.GET else None)
        sensitivity = sensitivity_error = None
        has_run = inputs is not None and inputs.has_current_figures
        if has_run:
            try:
                sensitivity = sensitivity_for_forecast(view=view, rate=sensitivity_form.rate())
            except ValueError as error:
                sensitivity_error = str(error)
        # The plan's savings now: only a draft compares them with its run's (a published forecast never
        # runs again), so only a draft reads them.
        plan_savings = (
            workstream_savings_for_plan(plan=forecast.plan)
            if forecast.is_computed and forecast.is_draft
            else []
        )
        savings_changed = (
            has_run and forecast.is_draft and savings_changed_since_run(view=view, current=plan_savings)
        )
        # What the run counted, and (for a draft about to be run) what the plan's savings would count now.
        coverage = figures.savings_coverage() if inputs and inputs.run_at else None
        plan_coverage = None
        if forecast.is_draft and forecast.is_computed and figures.rows:
            plan_coverage = savings_coverage(
                plan_savings, first_year=figures.years[0], last_year=figures.years[-1]
            )
        return {
            "figures": figures,
            "view": view,
            "inputs": inputs,
            "sensitivity_form": sensitivity_form,
            "sensitivity": sensitivity,
            "sensitivity_error": sensitivity_error,
            "savings_changed": savings_changed,
            "coverage": coverage,
            "plan_coverage": plan_coverage,
            "chart": deficit_chart(figures, key="chart-forecast", title="Cumulative deficit by year"),
            "waterfall": mitigation_waterfall(figures),
        }

    def has_run() -> bool:  # outside the cached parts (the run button): the inputs come with the forecast
        inputs = getattr(forecast, "inputs", None) if forecast.is_computed else None
        return inputs is not None and inputs.has_current_figures

    # The one parameter the page reads, validated, so other query strings make no new cache entry.
    params = Params(request).form(SensitivityForm(request.GET if "success_rate" in request.GET else None))
    return council_page(
        request,
        "projections/forecast_detail.html",
        access,
        plan=forecast.plan,
        forecast=forecast,
        has_run=SimpleLazyObject(has_run),
        page_key=page_key(access, params, forecast.pk),
        cache_timeout=cache_timeout(params),
        **{name: SimpleLazyObject(lambda name=name: built()[name]) for name in BUILT_NAMES},
    )


BUILT_NAMES = (
    "figures",
    "view",
    "inputs",
    "sensitivity_form",
    "sensitivity",
    "sensitivity_error",
    "savings_changed",
    "coverage",
    "plan_coverage",
    "chart",
    "waterfall",
)


@login_required
@require_http_methods(["GET", "POST"])
def forecast_inputs_edit(request, slug, pk):
    access, forecast = _forecast(request, slug, pk, change=True)
    if not forecast.is_computed:
        raise Http404("This forecast holds published figures only")
    if forecast.is_frozen:
        return _frozen(request, access, forecast)
    view = forecast_inputs(forecast=forecast)
    funding_figure = _dfe_funding(access, forecast)
    use_dfe = bool(request.GET.get("dfe") and funding_figure)
    cost_offer = s251_unit_cost_offer(
        council=access.council, first_year=forecast.first_year, lines=view.lines
    )
    use_s251 = bool(request.GET.get("s251") and cost_offer and cost_offer.offered)
    form = ForecastInputsForm(
        request.POST or None,
        forecast=forecast,
        view=view,
        funding_offer=funding_figure.cell.value if use_dfe else None,
        unit_cost_offer=cost_offer.offered if use_s251 else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.forecast_inputs_update(
                forecast=forecast, user=request.user, details=form.details(), assumptions=form.assumptions()
            )
        except ForecastFrozen:
            return _frozen(request, access, forecast)
        except ForecastInputError as error:
            form.add_error(error.field or None, str(error))
        else:
            if "run" not in request.POST:
                messages.success(request, "Inputs saved. Run the forecast to compute its figures.")
                return redirect("forecast_detail", slug, forecast.pk)
            try:
                count = services.forecast_run(forecast=forecast, user=request.user)
            except ForecastError as error:
                messages.error(request, f"The inputs are saved, but the forecast was not run. {error}")
            else:
                messages.success(request, f"Inputs saved and the forecast run: {count} figures computed.")
            return redirect("forecast_detail", slug, forecast.pk)
    savings = workstream_savings_for_plan(plan=forecast.plan)
    coverage = None
    if forecast.first_year is not None and forecast.last_year is not None:
        coverage = savings_coverage(savings, first_year=forecast.first_year, last_year=forecast.last_year)
    return council_page(
        request,
        "projections/forecast_inputs.html",
        access,
        forecast=forecast,
        form=form,
        sections=form.sections(),
        savings_by_year=savings_by_year(savings),
        workstream_count=len({s.workstream_name for s in savings}),
        coverage=coverage,
        funding_figure=funding_figure,
        funding_filled=use_dfe,
        cost_offer=cost_offer,
        costs_filled=use_s251,
    )


def _dfe_funding(access, forecast):
    """The DfE's high needs block after deductions for the forecast's first year, if the store has it."""
    if forecast.first_year is None:
        return None
    figures = dfe_figures_for_year(council=access.council, financial_year=fy_label(forecast.first_year))
    return outturn_offer(figures).get("funding")


@login_required
@require_POST
def forecast_savings_carry_forward(request, slug, pk):
    """Carry the plan's savings into a draft's later years (the plan's own savings, for every forecast)."""
    access, forecast = _forecast(request, slug, pk, change=True)
    if forecast.is_frozen:
        return _frozen(request, access, forecast)
    if not forecast.is_computed or forecast.last_year is None:
        raise Http404("Only a computed forecast with a period counts the plan's savings")
    added = workstream_services.plan_savings_carry_forward(
        plan=forecast.plan, user=request.user, through_year=forecast.last_year
    )
    if added:
        messages.success(
            request,
            f"Each workstream's last yearly saving now repeats to {fy_label(forecast.last_year)} "
            f"({added} yearly saving{'s' if added != 1 else ''} added to the plan). "
            "Change any of them on the workstream's savings page; run the forecast to use them.",
        )
    else:
        messages.info(
            request,
            f"Nothing was carried forward: no workstream has a saving to repeat after its last one, up to "
            f"{fy_label(forecast.last_year)}.",
        )
    return redirect("forecast_inputs", slug, forecast.pk)


@login_required
@require_http_methods(["GET", "POST"])
def forecast_figures_edit(request, slug, pk):
    access, forecast = _forecast(request, slug, pk, change=True)
    if forecast.is_computed:
        raise Http404("This forecast is computed from its inputs")
    if forecast.is_frozen:
        return _frozen(request, access, forecast)
    form = FiguresForm(request.POST or None, forecast=forecast, figures=forecast_figures(forecast=forecast))
    if request.method == "POST" and form.is_valid():
        try:
            count = services.forecast_figures_update(
                forecast=forecast, user=request.user, figures=form.figures()
            )
        except ForecastFrozen:
            return _frozen(request, access, forecast)
        except ForecastInputError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Figures saved: the forecast has {count} figures.")
            return redirect("forecast_detail", slug, forecast.pk)
    return council_page(request, "projections/forecast_figures.html", access, forecast=forecast, form=form)


def _action(request, slug, pk, action, done: str, *, frozen_ok: bool = False) -> HttpResponse:
    access, forecast = _forecast(request, slug, pk, change=True)
    if forecast.is_frozen and not frozen_ok:
        return _frozen(request, access, forecast)
    try:
        result = action(forecast=forecast, user=request.user)
    except ForecastFrozen:
        return _frozen(request, access, forecast)
    except ForecastError as error:
        messages.error(request, str(error))
        return redirect("forecast_detail", slug, forecast.pk)
    except IntegrityError:  # a race the row locks should prevent: still a message, never a 500
        messages.error(
            request,
            "Someone else changed this plan's forecasts at the same moment. Nothing was changed: try again.",
        )
        return redirect("forecast_detail", slug, forecast.pk)
    messages.success(request, done.format(forecast=forecast, result=result))
    target = result if isinstance(result, Forecast) else forecast
    return redirect("forecast_detail", slug, target.pk)


@login_required
@require_POST
def forecast_run(request, slug, pk):
    return _action(request, slug, pk, services.forecast_run, "Forecast run: {result} figures computed.")


@login_required
@require_http_methods(["GET", "POST"])
def forecast_publish(request, slug, pk):
    """GET: what publishing freezes, and a button; POST: publish (irreversible)."""
    if request.method == "GET":
        access, forecast = _forecast(request, slug, pk, change=True)
        if forecast.is_frozen:
            return _frozen(request, access, forecast)
        return council_page(request, "projections/forecast_publish.html", access, forecast=forecast)
    return _action(
        request,
        slug,
        pk,
        services.forecast_publish,
        "“{forecast.name}” is published. Its figures can no longer change.",
    )


@login_required
@require_POST
def forecast_make_current(request, slug, pk):
    return _action(
        request,
        slug,
        pk,
        services.forecast_make_current,
        "“{forecast.name}” is now the current forecast for the plan's dashboards.",
        frozen_ok=True,
    )


@login_required
@require_POST
def forecast_copy(request, slug, pk):
    return _action(
        request,
        slug,
        pk,
        services.forecast_copy,
        "“{result.name}” is a new draft: change it and publish it.",
        frozen_ok=True,
    )


@login_required
@require_http_methods(["GET", "POST"])
def forecast_delete(request, slug, pk):
    access, forecast = _forecast(request, slug, pk, change=True)
    if forecast.is_frozen:
        return _frozen(request, access, forecast)
    if request.method == "POST":
        try:
            services.forecast_delete(forecast=forecast, user=request.user)
        except ForecastFrozen:
            return _frozen(request, access, forecast)
        messages.success(request, f"Draft “{forecast.name}” deleted.")
        return redirect("forecast_list", slug)
    return council_page(request, "projections/forecast_delete.html", access, forecast=forecast)


# --- actuals ---------------------------------------------------------------------------------------------


@login_required
def actual_list(request, slug):
    access = council_access(request.user, slug)
    plan = plan_for_council(council=access.council)
    actuals = actuals_for_plan(plan=plan) if plan else []
    comparisons = forecast_vs_actual(plan=plan) if plan else []
    rows = []
    if plan:
        by_year = {a.financial_year: a for a in actuals}
        last_closed = fy_of_today() - 1
        years = set(range(min(plan.first_year - 1, last_closed), last_closed + 1)) | set(by_year)
        offers = dfe_outturn_figures(council=access.council, years=years)
        rows = [
            ActualRow(fy_label(y), by_year.get(y), offers.get(y, {})) for y in sorted(years, reverse=True)
        ]
    in_use = s251_mapping_in_use(council=access.council)
    split = s251_outturn_by_provision_type(council=access.council, assignments=in_use.assignments)
    return council_page(
        request,
        "projections/actual_list.html",
        access,
        plan=plan,
        rows=rows,
        comparisons=comparisons,
        dfe_used=any(row.dfe_sources for row in rows),
        split=split,
        s251_mapping=in_use,
    )


@dataclass
class ActualRow:
    """A year of the outturn table: the council's figures, the DfE's, and which of its own are the DfE's."""

    label: str
    actual: object
    dfe: dict

    def _same(self, name: str) -> bool:
        figure = self.dfe.get(name)
        return bool(self.actual and figure and getattr(self.actual, name) == figure.cell.value)

    @property
    def funding_is_dfe(self) -> bool:
        return self._same("funding")

    @property
    def spend_is_dfe(self) -> bool:
        return self._same("spend")

    @property
    def dfe_sources(self) -> list[str]:
        return [f"{f.label}: {f.source}" for name, f in self.dfe.items() if self._same(name)]


def fy_of_today() -> int:
    return fy_of(timezone.localdate())


@login_required
@require_http_methods(["GET", "POST"])
def actual_edit(request, slug, year):
    access = _editor(request, slug)
    plan = _plan(access)
    try:
        financial_year = parse_fy(year)
    except ValueError:
        raise Http404("Not a financial year") from None
    if not (is_recorded_year(financial_year) and financial_year <= fy_of_today()):
        raise Http404("Outturn can be recorded for years up to the current one")
    actual = actual_for_year(plan=plan, financial_year=financial_year)
    year_figures = dfe_figures_for_year(council=access.council, financial_year=fy_label(financial_year))
    offer = outturn_offer(year_figures)
    # "Fill in the DfE's figures" (?dfe=1) starts the form from them; finance checks and saves, or overrides.
    filled = {name: figure.cell.value for name, figure in offer.items()} if request.GET.get("dfe") else {}
    form = ActualForm(request.POST or None, actual=actual, filled=filled)
    if request.method == "POST" and form.is_valid():
        try:
            services.actual_record(
                plan=plan, user=request.user, financial_year=financial_year, **form.cleaned_data
            )
        except ForecastInputError as error:
            form.add_error(error.field or None, str(error))
        else:
            messages.success(request, f"Outturn for {fy_label(financial_year)} saved.")
            return redirect("actual_list", slug)
    return council_page(
        request,
        "projections/actual_form.html",
        access,
        plan=plan,
        form=form,
        year_label=fy_label(financial_year),
        year_end=financial_year + 1,
        actual=actual,
        dfe_year_figures=year_figures,
        dfe_offer=offer,
        dfe_filled=bool(filled),
    )
