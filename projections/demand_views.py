"""The demand model's page for a council: plans by setting group with the band, flows, levers, backtest."""

from __future__ import annotations

import numpy as np
from django.contrib.auth.decorators import login_required

from accounts.access import council_access
from accounts.pages import council_page
from projections.backtest import METHOD_LABELS, METHODS
from projections.demand import GROUP_KEYS, GROUPS
from projections.demand_charts import plans_by_group_chart, scenarios_chart
from projections.demand_services import (
    DemandRunError,
    demand_backtest_for,
    demand_model_compute,
    lever_effects,
)
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


@login_required
def demand_output_csv(request, slug, shape: str):
    """witan.send's Output_Setting.csv or Output_Count.csv shape, unmitigated, for councils that compare."""
    import csv

    from django.http import Http404, HttpResponse

    from projections.demand_export import output_count, output_setting

    access = council_access(request.user, slug)
    if shape not in ("setting", "count"):
        raise Http404
    try:
        result = demand_model_compute(council=access.council, simulations=PAGE_SIMULATIONS)
    except DemandRunError as error:
        return HttpResponse(str(error), status=409, content_type="text/plain; charset=utf-8")
    header, rows = (output_setting if shape == "setting" else output_count)(result.simulations["unmitigated"])
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"Output_{shape.capitalize()}_{access.council.slug}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = csv.writer(response)
    writer.writerow(header)
    writer.writerows(rows)
    return response


@login_required
def national_demand_backtest(request):
    """Staff: the latest national backtest, and every council's mean errors by horizon."""
    from django.shortcuts import render

    from accounts.pages import not_found
    from projections.demand_selectors import latest_demand_backtest

    if not request.user.is_superuser:
        return not_found(request)
    backtest = latest_demand_backtest()
    rows = []
    if backtest is not None:
        for council in backtest.councils:
            cells = []
            for h in ("1", "2", "3"):
                at = council["horizons"].get(h)
                cells += [at["mape"][m] if at else None for m in METHODS]
            rows.append({"name": council["name"], "code": council["code"], "cells": cells})
    return render(
        request,
        "projections/national_demand_backtest.html",
        {"backtest": backtest, "rows": rows, "methods": [METHOD_LABELS[m] for m in METHODS], "keys": METHODS},
    )
