"""The quarterly return's workbook: everyone of the council who may read the return may download it."""

from django.contrib.auth.decorators import login_required
from django.http import Http404

from accounts.access import council_access
from agreements.selectors import agreement_for, return_contents, return_for
from spreadsheets.exports.quarterly_return import QuarterlyReturnExport
from spreadsheets.views import workbook_response


@login_required
def return_workbook(request, slug, pk, return_pk):
    access = council_access(request.user, slug)
    agreement = agreement_for(council=access.council, agreement_id=pk)
    ret = return_for(agreement=agreement, return_id=return_pk) if agreement else None
    if ret is None or not (ret.is_submitted or access.sees_drafts):
        raise Http404("No such return")
    return workbook_response(
        QuarterlyReturnExport(
            council=access.council.name,
            slug=access.council.slug,
            financial_year=ret.financial_year,
            quarter=ret.quarter,
            contents=return_contents(quarterly_return=ret),
        )
    )
