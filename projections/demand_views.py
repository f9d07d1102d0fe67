"""The demand model's page for a council: plans by setting group with the band, flows, levers, backtest."""

from __future__ import annotations

import numpy as np
from django.contrib.auth.decorators import login_required

from projections.backtest import METHOD_LABELS, METHODS
from projections.demand import GROUP_KEYS, GROUPS
from projections.demand_charts import plans_by_group_chart, scenarios_chart
from projections.demand_services import (
    DemandRunError,
    demand_backtest_for,
    demand_model_compute,
    lever_effects,
)
from recovery.access import council_access
from recovery.pages import council_page
from recovery.selectors import plan_for_council

PAGE_SIMULATIONS = 500


@login_required
def demand_model(request, slug):
    access = council_access(request.user, slug)  # every role of the council; another council's slug is a 404
    plan = plan_for_council(council=access.council)
    try:
        result = demand_model_compute(council=access.council, simulations=PAGE_SIMULATIONS, plan=plan)
    except DemandRunError as error:
        return council_page(request, "projections/demand_model.html", access, plan=plan, error=str(error))
    unmitigated = result.simulations["unmitigated"].quantiles()
    years = result.paths["unmitigated"].years
    groups_chart = plans_by_group_chart(
        years, result.paths["unmitigated"].by_group(), unmitigated["p5"], unmitigated["p95"]
    )
    totals = {s: path.totals() for s, path in result.paths.items()}
    scenario_chart = scenarios_chart(years, totals, unmitigated["p5"][:, -1], unmitigated["p95"][:, -1])
    rows = demand_backtest_for(council=access.council)
    backtest = [
        {
            "horizon": h,
            "count": len(at),
            "mape": [np.mean([r.error(m) for r in at]) for m in METHODS],
            "covered": sum(r.covered for r in at),
        }
        for h in (1, 2, 3)
        if (at := [r for r in rows if r.horizon == h])
    ]
    return council_page(
        request,
        "projections/demand_model.html",
        access,
        plan=plan,
        result=result,
        calibration=result.calibration,
        charts=[groups_chart, scenario_chart],
        levers=lever_effects(result),
        backtest=backtest,
        backtest_rows=rows,
        methods=[METHOD_LABELS[m] for m in METHODS],
        groups=[GROUPS[k] for k in GROUP_KEYS],
        simulations=PAGE_SIMULATIONS,
    )
