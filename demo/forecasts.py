"""Computed demo forecasts from a fixture's "projection_inputs" (fixtures/demo/<slug>.json), built through
the services exactly as a finance user would: create, enter inputs, run, publish, make current.

Idempotent: a forecast that already exists (same plan and name) is left as it is, so running the loader
twice changes nothing, and a demo forecast a user has since copied, or replaced as current, is respected.
Each entry says in its "invented" list which values come from the seeds and which are invented.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction

from core.financial_years import parse_fy
from projections.models import Forecast, ForecastKind, ForecastStatus
from projections.services import (
    Assumptions,
    ForecastDetails,
    LineValues,
    forecast_create,
    forecast_inputs_update,
    forecast_make_current,
    forecast_publish,
    forecast_run,
)
from recovery.models import RecoveryPlan


@transaction.atomic
def load_projection_inputs(plan: RecoveryPlan, entries: list[dict]) -> list[Forecast]:
    """Create each computed forecast in ``entries`` that the plan does not have yet; return the new ones."""
    created = []
    for entry in entries:
        if Forecast.objects.filter(plan=plan, name=entry["name"]).exists():
            continue
        details = ForecastDetails(
            name=entry["name"],
            as_at=date.fromisoformat(entry["as_at"]),
            first_year=parse_fy(entry["first_year"]),
            last_year=parse_fy(entry["last_year"]),
            source=entry.get("source") or "",
        )
        bounds = entry.get("bounds") or {}
        assumptions = Assumptions(
            opening_deficit=Decimal(entry["opening_deficit"]),
            funding=Decimal(entry["funding"]),
            funding_growth=Decimal(entry["funding_growth"]),
            transfers={
                parse_fy(year): Decimal(amount) for year, amount in (entry.get("transfers") or {}).items()
            },
            lines={
                key: LineValues(**{k: Decimal(v) for k, v in line.items()})
                for key, line in entry["lines"].items()
            },
            success_rate=Decimal(entry.get("success_rate") or plan.success_rate),
            upper_adjustment=Decimal(bounds["upper"]) if "upper" in bounds else None,
            lower_adjustment=Decimal(bounds["lower"]) if "lower" in bounds else None,
        )
        forecast = forecast_create(plan=plan, user=None, details=details, kind=ForecastKind.COMPUTED)
        forecast_inputs_update(forecast=forecast, user=None, details=details, assumptions=assumptions)
        forecast_run(forecast=forecast, user=None)
        if entry.get("status", ForecastStatus.PUBLISHED) == ForecastStatus.PUBLISHED:
            forecast_publish(forecast=forecast, user=None)
            if entry.get("current") and not Forecast.objects.filter(plan=plan, is_current=True).exists():
                forecast_make_current(forecast=forecast, user=None)
        created.append(forecast)
    return created
