"""Demand model runs as background jobs: create and queue a run, and run it (the task calls run)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from dfe.models import JobStatus
from projections.demand_services import SIMULATIONS, DemandRunError, demand_forecast_run
from projections.models import DemandBacktest, DemandRun
from recovery.models import Council


@transaction.atomic
def demand_run_create(
    *, council: Council, user: AbstractBaseUser | None, simulations: int = SIMULATIONS
) -> DemandRun:
    return DemandRun.objects.create(
        council=council, created_by=user, simulations=simulations, message="Waiting for a worker"
    )


def demand_run_enqueue(*, run: DemandRun):
    from projections.tasks import run_demand_model

    result = run_demand_model.enqueue(run.pk)
    DemandRun.objects.filter(pk=run.pk).update(task_id=str(result.id))
    return result


def demand_run_execute(*, run_id: int) -> DemandRun:
    """Run the model; the row says how far it got and, on failure, why. No forecast is saved on failure."""
    run = DemandRun.objects.select_related("council", "created_by").get(pk=run_id)
    DemandRun.objects.filter(pk=run.pk).update(status=JobStatus.RUNNING, message="Calibrating and simulating")
    try:
        forecast = demand_forecast_run(council=run.council, user=run.created_by, simulations=run.simulations)
    except DemandRunError as error:
        DemandRun.objects.filter(pk=run.pk).update(
            status=JobStatus.FAILED, message="Failed", error=str(error), finished_at=timezone.now()
        )
    else:
        DemandRun.objects.filter(pk=run.pk).update(
            status=JobStatus.SUCCEEDED,
            message=f"Saved “{forecast.name}”",
            forecast=forecast,
            finished_at=timezone.now(),
        )
    run.refresh_from_db()
    return run


@transaction.atomic
def demand_backtest_run(*, user: AbstractBaseUser | None, simulations: int = 300) -> DemandBacktest:
    """Backtest every council in the store (projections.backtest) and keep the table."""
    import numpy as np

    from projections.backtest import METHODS, backtest_all, summarise
    from projections.demand_selectors import demand_histories_all

    skipped: list[str] = []
    rows = backtest_all(demand_histories_all(), simulations=simulations, skipped=skipped)
    summary = [
        {
            "horizon": s.horizon,
            "councils": s.councils,
            "forecasts": s.forecasts,
            "median_mape": s.median_mape,
            "coverage": s.coverage,
        }
        for s in summarise(rows)
    ]
    councils = {}
    for r in rows:
        entry = councils.setdefault(r.code, {"code": r.code, "name": r.name, "horizons": {}})
        entry["horizons"].setdefault(str(r.horizon), []).append(r)
    table = []
    for entry in sorted(councils.values(), key=lambda e: e["name"]):
        horizons = {}
        for h, at in entry["horizons"].items():
            horizons[h] = {
                "mape": {m: float(np.mean([r.error(m) for r in at])) for m in METHODS},
                "covered": sum(r.covered for r in at),
                "forecasts": len(at),
            }
        table.append({"code": entry["code"], "name": entry["name"], "horizons": horizons})
    return DemandBacktest.objects.create(
        created_by=user, simulations=simulations, summary=summary, councils=table, skipped=skipped
    )
