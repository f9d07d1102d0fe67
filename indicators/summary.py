"""One indicator as every view of it shows it: the list page, the dashboard panel, the Forum report snapshot
and the Excel sheets all take these rows, so they show the same figures (pure over prefetched indicators).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from indicators.models import Indicator, IndicatorValue
from indicators.sparkline import Sparkline, sparkline
from workstreams.rag import Rag


@dataclass(frozen=True)
class PeriodRow:
    """One period of an indicator: actual, target, forecast and the RAG of the actual against the target."""

    period: str
    start: date
    actual: str
    actual_value: Decimal | None
    target: str
    target_value: Decimal | None
    forecast: str
    forecast_value: Decimal | None
    rag: str
    note: str
    recorded: IndicatorValue | None


@dataclass(frozen=True)
class IndicatorSummary:
    pk: int
    name: str
    workstream: str
    unit: str
    unit_label: str
    direction_label: str
    period_type_label: str
    baseline_period: str
    baseline: str
    latest_period: str
    latest: str
    latest_value: Decimal | None
    target: str
    target_value: Decimal | None
    tolerances: str
    rag: str  # "green"/"amber"/"red", or "" when there is no figure or no target
    rag_label: str
    source: str
    later_missing: str  # "2025: not available" when a later period has no figure
    trend: Sparkline | None
    periods: list[PeriodRow] = field(default_factory=list)

    @property
    def is_rated(self) -> bool:
        return bool(self.rag)


def rag_label(rag: Rag | None, has_target: bool) -> str:
    if rag is not None:
        return Rag(rag).label
    return "Not rated" if has_target else "No target"


def period_rows(indicator: Indicator) -> list[PeriodRow]:
    """Every period with an actual, a target or a forecast, in time order."""
    starts: dict[str, date] = {}
    actuals = {v.period: v for v in indicator.actuals}
    forecasts = {v.period: v for v in indicator.forecasts}
    targets = {t.period: t for t in indicator.targets.all()}
    for v in [*indicator.values.all()]:
        starts[v.period] = v.period_start
    for t in targets.values():
        starts[t.period] = t.period_start
    rows = []
    for period in sorted(starts, key=lambda p: starts[p]):
        actual, forecast, target = actuals.get(period), forecasts.get(period), targets.get(period)
        rag = indicator.rag_of(actual) if actual is not None and actual.value is not None else None
        rows.append(
            PeriodRow(
                period=period,
                start=starts[period],
                actual=actual.text if actual else "",
                actual_value=actual.value if actual else None,
                target=indicator.text(target.value) if target else "",
                target_value=target.value if target else None,
                forecast=forecast.text if forecast else "",
                forecast_value=forecast.value if forecast else None,
                rag=rag.value if rag else "",
                note=(actual.note if actual else "") or (forecast.note if forecast else ""),
                recorded=actual or forecast,
            )
        )
    return rows


def summarise(indicator: Indicator) -> IndicatorSummary:
    latest, recorded = indicator.latest, indicator.latest_recorded
    target = indicator.latest_target
    rag = indicator.rag
    later_missing = ""
    if recorded is not None and recorded.value is None and (latest is None or recorded.pk != latest.pk):
        later_missing = f"{recorded.period}: {recorded.text.lower()}"
    figures = [(v.period, v.value, v.text) for v in indicator.actuals if v.value is not None]
    tolerances = ""
    if target is not None and (target.amber_tolerance or target.red_tolerance):
        tolerances = (
            f"Amber beyond {indicator.text(target.amber_tolerance)}, red beyond "
            f"{indicator.text(target.red_tolerance)} off target"
        )
    return IndicatorSummary(
        pk=indicator.pk,
        name=indicator.name,
        workstream=f"{indicator.workstream.code}. {indicator.workstream.title}"
        if indicator.workstream
        else "",
        unit=indicator.unit,
        unit_label=indicator.get_unit_display(),
        direction_label=indicator.get_direction_display(),
        period_type_label=indicator.get_period_type_display().split(" (")[0],
        baseline_period=indicator.baseline_period,
        baseline=indicator.baseline_text,
        latest_period=latest.period if latest else "",
        latest=latest.text if latest else "",
        latest_value=latest.value if latest else None,
        target=indicator.text(target.value) if target else "",
        target_value=target.value if target else None,
        tolerances=tolerances,
        rag=rag.value if rag else "",
        rag_label=rag_label(rag, target is not None),
        source=indicator.source,
        later_missing=later_missing,
        trend=sparkline(figures),
        periods=period_rows(indicator),
    )


def summaries(indicators: list[Indicator]) -> list[IndicatorSummary]:
    return [summarise(i) for i in indicators]


def rag_counts(rows: list[IndicatorSummary]) -> dict[str, int]:
    """{"green": 2, "amber": 1, "red": 0, "none": 3}: "none" counts those without a target or a figure."""
    counts = {key: 0 for key in ("green", "amber", "red", "none")}
    for row in rows:
        counts[row.rag or "none"] += 1
    return counts
