"""Demand model runs as background jobs: create and queue a run, and run it (the task calls run)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from dfe.models import JobStatus
from projections.demand_services import SIMULATIONS, DemandRunError, demand_forecast_run
from projections.models import DemandRun
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
