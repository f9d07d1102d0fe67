"""Workbook downloads: each checks the role through the one access helper, reads only the council's own
data, and streams bytes written by spreadsheets.writer. The tracker import pages are in import_views."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404

from accounts.access import FINANCE_EDITORS, TRACKER_EXPORTERS, council_access
from accounts.pages import not_found
from projections.selectors import forecast_for
from recovery.selectors import plan_for_council
from reports.models import ForumReport, ReportStatus
from spreadsheets.exports.national import NationalExport
from spreadsheets.exports.projections import ProjectionsExport
from spreadsheets.exports.report_pack import ReportPackExport
from spreadsheets.exports.tracker import TrackerExport
from spreadsheets.writer import to_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook_response(export, *, write_only: bool = False) -> HttpResponse:
    response = HttpResponse(to_workbook(export, write_only=write_only), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    response["Cache-Control"] = "private, no-store"  # council data: never kept by a shared cache
    return response


@login_required
def tracker_download(request, slug):
    access = council_access(request.user, slug, TRACKER_EXPORTERS)
    plan = plan_for_council(council=access.council)
    if plan is None:
        raise Http404("This council has no recovery plan yet")
    return workbook_response(TrackerExport(council=access.council, plan=plan))


@login_required
def projections_download(request, slug, pk):
    access = council_access(request.user, slug)
    forecast = forecast_for(access=access, forecast_id=pk)
    if forecast is None:
        raise Http404("No such forecast")
    if not access.has(FINANCE_EDITORS):  # after the 404: an id never leaks through a 403
        raise PermissionDenied("Projections workbooks are for finance staff.")
    return workbook_response(ProjectionsExport(forecast=forecast))


@login_required
def report_pack_download(request, slug, report_id):
    access = council_access(request.user, slug)  # everyone of the council may take a published report
    report = get_object_or_404(
        ForumReport.objects.select_related("plan__council"),
        pk=report_id,
        plan__council=access.council,
        status=ReportStatus.PUBLISHED,
    )
    return workbook_response(ReportPackExport(report=report))


@login_required
def national_download(request):
    if not request.user.is_superuser:
        return not_found(request)
    return workbook_response(NationalExport(), write_only=True)
