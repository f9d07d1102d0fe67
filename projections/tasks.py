"""Background jobs (django-tasks) of the projections app: arguments are ids, never model instances."""

from django_tasks import task


@task()
def run_demand_model(run_id: int) -> dict:
    """One DemandRun: the model for its council, saved as a draft forecast; the row keeps the outcome."""
    from projections.demand_jobs import demand_run_execute

    run = demand_run_execute(run_id=run_id)
    return {
        "council": run.council.slug,
        "status": run.status,
        "forecast": run.forecast_id,
        "error": run.error,
    }
