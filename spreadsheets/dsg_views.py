"""DSG workbooks: the High Needs Stability Grant evidence (finance and council admins only, as its page)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404

from accounts.access import FINANCE_EDITORS, council_access
from dsg.selectors import management_plan_for_council, stability_evidence_for_council
from dsg.stability import stability_year_chosen
from projections.demand_services import DemandRunError, demand_cyp_forecast
from recovery.selectors import plan_for_council
from spreadsheets.exports.management_plan import ManagementPlanExport
from spreadsheets.exports.stability_grant import StabilityGrantExport
from spreadsheets.views import workbook_response


@login_required
def stability_download(request, slug):
    access = council_access(request.user, slug, FINANCE_EDITORS)
    year = stability_year_chosen(request.GET.get("year"))  # the newest year when none is given
    if year is None:
        raise Http404("The DfE does not ask for evidence for that year")
    evidence = stability_evidence_for_council(council=access.council, financial_year=year)
    return workbook_response(StabilityGrantExport(council=access.council, evidence=evidence))


@login_required
def management_plan_download(request, slug):
    access = council_access(request.user, slug)
    plan = management_plan_for_council(council=access.council)
    try:
        rows, note = (
            demand_cyp_forecast(council=access.council, plan=plan_for_council(council=access.council)),
            "",
        )
    except DemandRunError as error:
        rows, note = [], str(error)
    return workbook_response(
        ManagementPlanExport(council=access.council, plan=plan, cyp_rows=rows, cyp_note=note)
    )
