"""Indicator pages: the council's SEND performance framework, one indicator with its trend, entry and edit of
indicators, targets and values, and the DfE SEN2 upload.

Reading needs any role of the council (Schools Forum members see the framework as they see the dashboard);
changing needs an officer, finance or council admin (INDICATOR_EDITORS) or staff. Another council's ids
are a 404 for everyone, checked before the role, so an id never leaks through a 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import INDICATOR_EDITORS, CouncilAccess, council_access
from accounts.pages import council_page
from core.uploads import upload_refusal
from indicators import services
from indicators.charts import indicator_chart
from indicators.forms import IndicatorForm, Sen2UploadForm, TargetForm, ValueForm
from indicators.models import Indicator
from indicators.selectors import (
    indicator_for_council,
    indicators_for_plan,
    target_for_council,
    value_for_council,
)
from indicators.sen2 import Sen2Extract, Sen2Refused, extract_from_store, read_sen2
from indicators.services import IndicatorInputError
from indicators.summary import rag_counts, summaries, summarise
from recovery.selectors import plan_for_council

REFUSED = "Your role in this council cannot change indicators."
MAX_SEN2_BYTES = 100 * 1024 * 1024  # the national file is tens of MB; it is read in chunks
SEN2_MAX_AGE = 60 * 60  # a preview may be confirmed within the hour


def _plan(access: CouncilAccess):
    plan = plan_for_council(council=access.council)
    if plan is None:
        raise Http404("This council has no recovery plan yet")
    return plan


def _indicator(request: HttpRequest, slug: str, pk: int, *, change: bool = False):
    access = council_access(request.user, slug)
    indicator = indicator_for_council(council=access.council, indicator_id=pk)
    if indicator is None:
        raise Http404("No such indicator")
    if change and not access.has(INDICATOR_EDITORS):  # after the 404
        raise PermissionDenied(REFUSED)
    return access, indicator


@login_required
def indicator_list(request, slug):
    access = council_access(request.user, slug)
    plan = plan_for_council(council=access.council)
    rows = summaries(indicators_for_plan(plan=plan))
    return council_page(
        request, "indicators/indicator_list.html", access, plan=plan, rows=rows, counts=rag_counts(rows)
    )


@login_required
def indicator_detail(request, slug, pk):
    access, indicator = _indicator(request, slug, pk)
    summary = summarise(indicator)
    return council_page(
        request,
        "indicators/indicator_detail.html",
        access,
        indicator=indicator,
        summary=summary,
        chart=indicator_chart(indicator),
    )


@login_required
@require_http_methods(["GET", "POST"])
def indicator_create(request, slug):
    access = council_access(request.user, slug, INDICATOR_EDITORS)
    plan = _plan(access)
    form = IndicatorForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            indicator = services.indicator_create(plan=plan, user=request.user, details=form.details())
        except IndicatorInputError as error:
            form.add_error(error.field or None, str(error))
        else:
            messages.success(request, f"Indicator “{indicator.name}” added. Now set its targets and values.")
            return redirect("indicator_detail", slug, indicator.pk)
    return council_page(request, "indicators/indicator_form.html", access, form=form, indicator=None)


@login_required
@require_http_methods(["GET", "POST"])
def indicator_edit(request, slug, pk):
    access, indicator = _indicator(request, slug, pk, change=True)
    form = IndicatorForm(request.POST or None, plan=indicator.plan, indicator=indicator)
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_update(indicator=indicator, user=request.user, details=form.details())
        except IndicatorInputError as error:
            form.add_error(error.field or None, str(error))
        else:
            messages.success(request, "Indicator saved.")
            return redirect("indicator_detail", slug, indicator.pk)
    return council_page(request, "indicators/indicator_form.html", access, form=form, indicator=indicator)


@login_required
@require_http_methods(["GET", "POST"])
def indicator_target_set(request, slug, pk):
    access, indicator = _indicator(request, slug, pk, change=True)
    form = TargetForm(request.POST or None, indicator=indicator)
    if request.method == "POST" and form.is_valid():
        try:
            target = services.target_set(indicator=indicator, user=request.user, **form.target())
        except IndicatorInputError as error:
            form.add_error(error.field or None, str(error))
        else:
            messages.success(request, f"Target for {target.period} saved.")
            return redirect("indicator_detail", slug, indicator.pk)
    return council_page(request, "indicators/target_form.html", access, form=form, indicator=indicator)


@login_required
@require_POST
def indicator_target_delete(request, slug, pk):
    access = council_access(request.user, slug)
    target = target_for_council(council=access.council, target_id=pk)
    if target is None:
        raise Http404("No such target")
    if not access.has(INDICATOR_EDITORS):
        raise PermissionDenied(REFUSED)
    services.target_delete(target=target, user=request.user)
    messages.success(request, f"Target for {target.period} removed.")
    return redirect("indicator_detail", slug, target.indicator_id)


def _value_form_page(request, access, indicator: Indicator, form: ValueForm, value=None):
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            recorded = services.value_record(
                indicator=indicator,
                user=request.user,
                period=data["period"],
                kind=data["kind"],
                availability=data["availability"],
                value=data["value"],
                note=data["note"],  # typed by a person: no longer the import's figure, so no source
            )
        except IndicatorInputError as error:
            form.add_error(error.field or None, str(error))
        else:
            row = recorded.value
            done = "saved" if recorded.created else "changed" if recorded.changed else "unchanged"
            messages.success(request, f"{row.get_kind_display()} for {row.period} {done}: {row.text}.")
            return redirect("indicator_detail", access.council.slug, indicator.pk)
    return council_page(
        request, "indicators/value_form.html", access, form=form, indicator=indicator, value=value
    )


@login_required
@require_http_methods(["GET", "POST"])
def indicator_value_create(request, slug, pk):
    access, indicator = _indicator(request, slug, pk, change=True)
    return _value_form_page(request, access, indicator, ValueForm(request.POST or None, indicator=indicator))


@login_required
@require_http_methods(["GET", "POST"])
def indicator_value_edit(request, slug, pk):
    access = council_access(request.user, slug)
    value = value_for_council(council=access.council, value_id=pk)
    if value is None:
        raise Http404("No such value")
    if not access.has(INDICATOR_EDITORS):
        raise PermissionDenied(REFUSED)
    indicator = value.indicator
    initial = {
        "period": value.period,
        "kind": value.kind,
        "availability": value.availability,
        "value": value.value,
        "note": value.note,
    }
    form = ValueForm(request.POST or None, indicator=indicator, initial=initial)
    return _value_form_page(request, access, indicator, form, value=value)


# --- the DfE SEN2 import -----------------------------------------------------------------------------------


def _salt(access: CouncilAccess, user) -> str:
    return f"indicators.sen2:{access.council.pk}:{user.pk}"


@login_required
@require_http_methods(["GET", "POST"])
def sen2_import(request, slug):
    """Upload -> a preview of exactly what would be loaded (a dry run) -> confirm. The preview carries the
    council's figures (a few dozen numbers), signed, so any app server can take the confirmation."""
    access = council_access(request.user, slug, INDICATOR_EDITORS)
    plan = _plan(access)
    from_store = request.method == "POST" and request.POST.get("source") == "store"
    form = Sen2UploadForm(None if from_store else request.POST or None, request.FILES or None)
    if refused := upload_refusal(request):  # too large: refused while it arrived, nothing stored
        form.is_valid()
        form.errors["file"] = form.error_class([refused])
    extract = result = token = None
    store_error = upload_name = ""
    if from_store:
        # The figures staff imported once for every council (dfe): the same preview and confirmation.
        try:
            extract = extract_from_store(la_code=access.council.la_code, council_name=access.council.name)
            result = services.sen2_import(plan=plan, user=request.user, extract=extract, dry_run=True)
        except (Sen2Refused, IndicatorInputError) as error:
            store_error, extract = str(error), None
        else:
            upload_name = "The DfE figures already imported"
            token = signing.dumps(
                {"extract": extract.to_json(), "name": upload_name}, salt=_salt(access, request.user)
            )
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_SEN2_BYTES:
            form.add_error("file", f"{upload.name} is larger than the 100 MB an SEN2 file may be")
        else:
            council = access.council
            try:
                extract = read_sen2(
                    upload.read(),
                    la_code=council.la_code,
                    gss_code=council.gss_code,
                    council_name=council.name,
                )
                result = services.sen2_import(plan=plan, user=request.user, extract=extract, dry_run=True)
            except (Sen2Refused, IndicatorInputError) as error:
                form.add_error("file", str(error))
                extract = None
            else:
                token = signing.dumps(
                    {"extract": extract.to_json(), "name": upload.name[:200]},
                    salt=_salt(access, request.user),
                )
    return council_page(
        request,
        "indicators/sen2_import.html",
        access,
        form=form,
        extract=extract,
        result=result,
        token=token,
        upload_name=upload_name or (request.FILES["file"].name if extract else ""),
        store_error=store_error,
    )


@login_required
@require_POST
def sen2_import_confirm(request, slug):
    access = council_access(request.user, slug, INDICATOR_EDITORS)
    plan = _plan(access)
    try:
        payload = signing.loads(
            request.POST.get("token", ""), salt=_salt(access, request.user), max_age=SEN2_MAX_AGE
        )
        extract = Sen2Extract.from_json(payload["extract"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        messages.error(request, "That preview has expired or is not valid. Upload the SEN2 file again.")
        return redirect("sen2_import", slug)
    try:
        result = services.sen2_import(plan=plan, user=request.user, extract=extract)
    except IndicatorInputError as error:
        messages.error(request, str(error))
        return redirect("sen2_import", slug)
    if result.changes:
        messages.success(
            request,
            f"Imported {payload['name']}: {len(result.indicators_created)} indicators created, "
            f"{len(result.values_created)} values added, {len(result.values_changed)} changed; "
            f"{result.unchanged} already matched.",
        )
    else:
        messages.info(
            request, f"Nothing changed: the indicators already hold every figure in {payload['name']}."
        )
    return redirect("indicator_list", slug)
