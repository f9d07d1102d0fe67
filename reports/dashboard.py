"""Turn a PlanPicture into the dashboard's charts and tables (pure: no queries beyond the picture's)."""

from decimal import Decimal

from projections.models import Bound, Scenario
from recovery.financial_years import fy_label
from reports import charts
from reports.selectors import PlanPicture, rag_counts_by_workstream, rag_trend_points, workstream_savings_to

SCENARIO_LABELS = dict(Scenario.choices)
BOUND_LABELS = {Bound.SINGLE: "", Bound.UPPER: "upper bound", Bound.LOWER: "lower bound"}


def deficit_chart(picture: PlanPicture) -> charts.Chart | None:
    current = picture.current
    if current is None or not current.years:
        return None
    years = current.years
    labels = [fy_label(y) for y in years]
    earlier = [
        (
            f.forecast.name,
            {fy_label(y): v for y, v in f.cells.get((Scenario.UNMITIGATED, f.headline_bound), {}).items()},
        )
        for f in picture.earlier
    ]
    actuals = {a.year_label: a.cumulative_deficit for a in picture.actuals if a.financial_year in years}
    return charts.deficit_trajectory(years=labels, series=current.series(), earlier=earlier, actuals=actuals)


def waterfall_chart(picture: PlanPicture) -> charts.Chart | None:
    """Unmitigated → per-workstream savings → target mitigated, in the forecast's last year.

    Steps come from the workstreams' planned savings × success rate; whatever of the forecast's own gap
    they do not explain is shown as its own step, so the chart always lands on the forecast's figure.
    """
    current = picture.current
    if current is None or not current.years:
        return None
    last = current.years[-1]
    unmitigated = current.value(Scenario.UNMITIGATED, last)
    target = current.value(Scenario.TARGET, last)
    if unmitigated is None or target is None:
        return None
    steps = workstream_savings_to(picture, last)
    explained = sum((s for _, s in steps), Decimal(0))
    gap = unmitigated - target
    if gap != explained:
        label = "Mitigation not broken down by workstream" if not steps else "Other (forecast model)"
        steps.append((label, gap - explained))
    return charts.mitigation_waterfall(
        year=fy_label(last), unmitigated=unmitigated, savings=steps, scenario_label="Target mitigated"
    )


def rag_chart(picture: PlanPicture) -> charts.Chart | None:
    rows = rag_counts_by_workstream(picture)
    return charts.rag_by_workstream(rows=rows) if rows else None


def timeline_chart(picture: PlanPicture) -> charts.Chart | None:
    items = [
        (f"{m.workstream.code}. {m.title[:60]}", m.baseline_due, m.forecast_due, m.status_key)
        for ws in picture.workstreams
        for m in ws.milestones.all()
        if m.forecast_due or m.baseline_due
    ]
    return charts.milestone_timeline(items=items, today=picture.today) if items else None


def trend_chart(picture: PlanPicture) -> charts.Chart | None:
    if not picture.milestones:
        return None
    return charts.rag_trend(points=rag_trend_points(picture))


def dashboard_charts(picture: PlanPicture) -> list[charts.Chart]:
    built = [
        deficit_chart(picture),
        waterfall_chart(picture),
        rag_chart(picture),
        timeline_chart(picture),
        trend_chart(picture),
    ]
    return [c for c in built if c is not None]


def forecast_table(picture: PlanPicture) -> tuple[list[str], list[list]]:
    """The current forecast as the papers print it: a row per scenario (and bound), a column per year."""
    current = picture.current
    if current is None:
        return [], []
    columns = ["Scenario", *[fy_label(y) for y in current.years]]
    rows = []
    for scenario in Scenario:
        for bound in (Bound.UPPER, Bound.LOWER, Bound.SINGLE):
            values = current.cells.get((scenario, bound))
            if values is None:
                continue
            label = SCENARIO_LABELS[scenario] + (f" ({BOUND_LABELS[bound]})" if BOUND_LABELS[bound] else "")
            rows.append([label, *[values.get(y) for y in current.years]])
    return columns, rows
