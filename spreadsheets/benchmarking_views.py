"""The council's benchmarking as a workbook, for the group chosen in the URL (as the Benchmarking page):
every role of the council may download what it may read."""

from django.contrib.auth.decorators import login_required

from accounts.access import council_access
from reports.benchmarking_selectors import benchmarks_for_council
from spreadsheets.exports.benchmarking import BenchmarkingExport
from spreadsheets.views import workbook_response


@login_required
def benchmarking_download(request, slug):
    access = council_access(request.user, slug)
    benchmarks = benchmarks_for_council(
        council=access.council,
        comparator=request.GET.get("group", "neighbours"),
        picked=request.GET.getlist("la"),
    )
    return workbook_response(BenchmarkingExport(council=access.council, benchmarks=benchmarks))
