"""Background jobs (django-tasks) of the projections app: arguments are ids, never model instances."""

from django_tasks import task


@task()
def run_demand_model(council_id: int, user_id: int | None = None) -> dict:
    """The demand model for one council, saved as a draft forecast; the result names it or the error."""
    from django.contrib.auth import get_user_model

    from projections.demand_services import DemandRunError, demand_forecast_run
    from recovery.models import Council

    council = Council.objects.get(pk=council_id)
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    try:
        forecast = demand_forecast_run(council=council, user=user)
    except DemandRunError as error:
        return {"council": council.slug, "status": "failed", "error": str(error)}
    return {"council": council.slug, "status": "succeeded", "forecast": forecast.pk}
