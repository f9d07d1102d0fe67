"""The council's Benchmarking page (every role of the council): where it stands on the DfE's own figures
against a comparator group chosen in the URL (?group=neighbours|region|type|england|pick&la=…).

The page is cached by the council's data version, which every DfE import bumps for every council (the
national data version: dfe.services), the role, the day and the query; on a hit nothing is read or built."""

from django.contrib.auth.decorators import login_required
from django.utils.functional import SimpleLazyObject

from recovery.access import council_access
from recovery.page_cache import cache_timeout, page_key
from recovery.pages import council_page
from reports.benchmarking_charts import measure_blocks
from reports.benchmarking_selectors import COMPARATORS, benchmarks_for_council


@login_required
def benchmarking(request, slug):
    access = council_access(request.user, slug)

    def build() -> dict:
        benchmarks = benchmarks_for_council(
            council=access.council,
            comparator=request.GET.get("group", "neighbours"),
            picked=request.GET.getlist("la"),
        )
        blocks = measure_blocks(benchmarks)
        shown = {block.key for block in blocks}
        return {
            "benchmarks": benchmarks,
            "blocks": blocks,
            "not_shown": [m for m in benchmarks.measures if m.key not in shown],
        }

    return council_page(
        request,
        "reports/benchmarking.html",
        access,
        built=SimpleLazyObject(build),
        comparators=COMPARATORS,
        page_key=page_key(access, request),
        cache_timeout=cache_timeout(),
    )
