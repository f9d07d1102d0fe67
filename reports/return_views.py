"""Submitting a quarterly return and its Word paper, and the reform plan's Word paper. Here, above
agreements, because papers are built by reports (the layering puts Word documents in reports or above)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from accounts.access import FINANCE_EDITORS, council_access
from agreements import services
from agreements.selectors import agreement_for, return_for, version_for
from core.errors import Refused
from reports.reform_paper import reform_paper_file
from reports.return_paper import return_paper_file
from reports.tasks import build_return_paper


def _return(access, pk, return_pk):
    agreement = agreement_for(council=access.council, agreement_id=pk)
    ret = return_for(agreement=agreement, return_id=return_pk) if agreement else None
    if ret is None:
        raise Http404("No such return")
    return ret


@login_required
@require_POST
def return_submit(request, slug, pk, return_pk):
    access = council_access(request.user, slug, FINANCE_EDITORS)
    ret = _return(access, pk, return_pk)
    try:
        ret = services.return_submit(quarterly_return=ret, user=request.user)
    except Refused as error:
        messages.error(request, str(error))
    else:
        transaction.on_commit(lambda: build_return_paper.enqueue(ret.pk))
        messages.success(request, f"The return for {ret.label} is submitted and frozen.")
    return redirect("return_detail", slug, pk, return_pk)


@login_required
def return_paper(request, slug, pk, return_pk):
    access = council_access(request.user, slug)
    ret = _return(access, pk, return_pk)
    if not ret.is_submitted:
        raise Http404("Only a submitted return has a paper")
    response = HttpResponse(
        return_paper_file(ret),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    name = f"{access.council.slug}-quarterly-return-{ret.financial_year}-q{ret.quarter}.docx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def reform_paper(request, slug, pk, version_pk):
    """A published version of the reform plan as a Word paper."""
    access = council_access(request.user, slug)
    agreement = agreement_for(council=access.council, agreement_id=pk)
    version = version_for(agreement=agreement, version_id=version_pk) if agreement else None
    if version is None:
        raise Http404("No such version")
    response = HttpResponse(
        reform_paper_file(version),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    name = f"{access.council.slug}-send-reform-plan-v{version.number}.docx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
