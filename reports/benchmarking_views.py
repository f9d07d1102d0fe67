"""The council's Benchmarking page (every role of the council): where it stands on the DfE's own figures
against a comparator group chosen in the URL (?group=neighbours|region|type|england|pick&la=…).

The page is cached by the council's data version, which every DfE import bumps for every council (the
national data version: dfe.services), the role, the day and the query; on a hit nothing is read or built."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.functional import SimpleLazyObject

from accounts.access import PLAN_MANAGERS, council_access
from accounts.page_cache import Params, cache_timeout, page_key
from accounts.pages import council_page
from reports.benchmarking import DASHBOARD_PREFERENCE
from reports.benchmarking_forms import DashboardMeasuresForm
from reports.benchmarking_selectors import COMPARATORS, dashboard_measures_for_council
from reports.benchmarking_services import dashboard_measures_set
from reports.benchmarking_stored import benchmark_picture


@login_required
def benchmarking(request, slug):
    access = council_access(request.user, slug)
    # What the page reads from its address, checked: the cache key is made of these alone.
    params = Params(request).choice("group", COMPARATORS).codes("la")

    def build() -> dict:
        picture = benchmark_picture(
            council=access.council,
            comparator=request.GET.get("group", "neighbours"),
            picked=request.GET.getlist("la"),
        )
        shown = {block.key for block in picture.blocks}
        return {
            "benchmarks": picture.benchmarks,
            "blocks": picture.blocks,
            "not_shown": [m for m in picture.benchmarks.measures if m.key not in shown],
        }

    return council_page(
        request,
        "reports/benchmarking.html",
        access,
        built=SimpleLazyObject(build),
        comparators=COMPARATORS,
        page_key=page_key(access, params),
        cache_timeout=cache_timeout(params),
    )


@login_required
def dashboard_measures(request, slug):
    """Council admins choose the three measures the dashboard shows (and their order)."""
    access = council_access(request.user, slug, PLAN_MANAGERS)
    chosen = dashboard_measures_for_council(council=access.council) or list(DASHBOARD_PREFERENCE[:3])
    form = DashboardMeasuresForm(
        request.POST or None, initial=dict(zip(("first", "second", "third"), chosen, strict=False))
    )
    if request.method == "POST" and form.is_valid():
        dashboard_measures_set(council=access.council, user=request.user, keys=form.keys)
        messages.success(request, "The dashboard now shows the three measures you chose.")
        return redirect("council_dashboard", slug=access.council.slug)
    return council_page(request, "reports/dashboard_measures.html", access, form=form)
