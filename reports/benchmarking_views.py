"""The council's Benchmarking page (every role of the council): where it stands on the DfE's own figures
against a comparator group chosen in the URL (?group=neighbours|region|type|england|pick&la=…)."""

from django.contrib.auth.decorators import login_required

from recovery.access import council_access
from recovery.pages import council_page
from reports.benchmarking_charts import measure_blocks
from reports.benchmarking_selectors import COMPARATORS, benchmarks_for_council


@login_required
def benchmarking(request, slug):
    access = council_access(request.user, slug)
    benchmarks = benchmarks_for_council(
        council=access.council,
        comparator=request.GET.get("group", "neighbours"),
        picked=request.GET.getlist("la"),
    )
    blocks = measure_blocks(benchmarks)
    shown = {block.key for block in blocks}
    return council_page(
        request,
        "reports/benchmarking.html",
        access,
        benchmarks=benchmarks,
        blocks=blocks,
        not_shown=[m for m in benchmarks.measures if m.key not in shown],
        comparators=COMPARATORS,
    )
