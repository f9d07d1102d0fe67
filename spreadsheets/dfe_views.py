"""The council's DfE figures as a workbook: every role of the council may download what it may read."""

from django.contrib.auth.decorators import login_required

from accounts.access import council_access
from spreadsheets.exports.dfe_figures import DfeFiguresExport
from spreadsheets.views import workbook_response


@login_required
def dfe_figures_download(request, slug):
    access = council_access(request.user, slug)
    return workbook_response(DfeFiguresExport(council=access.council))
