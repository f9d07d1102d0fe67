"""The demand model as a workbook: every role of the council may download what its page shows."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse

from accounts.access import council_access
from dfe.selectors import needs_for_council
from projections.demand_services import DemandRunError, demand_summary
from recovery.selectors import plan_for_council
from spreadsheets.exports.demand_model import DemandModelExport
from spreadsheets.views import workbook_response


@login_required
def demand_model_download(request, slug):
    access = council_access(request.user, slug)
    try:
        summary = demand_summary(council=access.council, plan=plan_for_council(council=access.council))
    except DemandRunError as error:
        return HttpResponse(
            f"The model cannot be run for {access.council.name}: {error}",
            status=409,
            content_type="text/plain; charset=utf-8",
        )
    return workbook_response(
        DemandModelExport(
            council=access.council,
            summary=summary,
            needs=needs_for_council(council=access.council),
        )
    )
