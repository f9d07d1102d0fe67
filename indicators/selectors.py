"""Reads of indicators shaped for pages, the dashboard, the Forum report and Excel: a fixed number of queries
whatever the number of indicators, values or targets (3 for a plan's indicators)."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from indicators.models import Indicator, IndicatorValue, Target
from indicators.summary import IndicatorSummary, summaries
from recovery.models import Council, RecoveryPlan


def _with_figures(indicators: QuerySet[Indicator], *, recorders: bool = True) -> QuerySet[Indicator]:
    values = IndicatorValue.objects.order_by("period_start", "kind")
    return indicators.select_related("workstream", "plan__council").prefetch_related(
        Prefetch("values", queryset=values.select_related("recorded_by") if recorders else values),
        Prefetch("targets", queryset=Target.objects.order_by("period_start")),
    )


def indicators_for_plan(*, plan: RecoveryPlan | None) -> list[Indicator]:
    """The plan's indicators in their order, each with its values and targets (3 queries). Without who
    recorded each value: only an indicator's own page shows that (indicator_for_council), and a user per
    value was a seventh of the dashboard's indicator panel."""
    if plan is None:
        return []
    indicators = _with_figures(Indicator.objects.filter(plan=plan), recorders=False)
    return list(indicators.order_by("position", "name", "pk"))


def indicator_for_council(*, council: Council, indicator_id: int) -> Indicator | None:
    """One indicator of the council's plans, with its values and targets; None for another council's."""
    return _with_figures(Indicator.objects.filter(plan__council=council, pk=indicator_id)).first()


def value_for_council(*, council: Council, value_id: int) -> IndicatorValue | None:
    return (
        IndicatorValue.objects.select_related("indicator__plan__council", "recorded_by")
        .filter(indicator__plan__council=council, pk=value_id)
        .first()
    )


def target_for_council(*, council: Council, target_id: int) -> Target | None:
    return (
        Target.objects.select_related("indicator__plan__council")
        .filter(indicator__plan__council=council, pk=target_id)
        .first()
    )


def indicator_summaries_for_plan(*, plan: RecoveryPlan | None) -> list[IndicatorSummary]:
    """The plan's indicators as the dashboard panel, the report and Excel show them (3 queries)."""
    return summaries(indicators_for_plan(plan=plan))
