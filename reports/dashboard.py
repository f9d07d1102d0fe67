"""Turn a PlanPicture into the dashboard's charts and tables (pure: no queries beyond the picture's).

The forecast charts are projections.charts' (the same builders as the forecast page, built when the figures
were stored: projections.stored_figures); this module only composes them with the milestone charts of
reports.charts.
"""

from dataclasses import dataclass

from agreements.selectors import AgreedTrajectory
from core.charts import Chart
from projections.figures import ForecastFigures
from reports import charts
from reports.selectors import PlanPicture, rag_counts_by_workstream, rag_trend_points


def rag_chart(picture: PlanPicture) -> Chart | None:
    rows = rag_counts_by_workstream(picture)
    return charts.rag_by_workstream(rows=rows) if rows else None


def timeline_chart(picture: PlanPicture) -> Chart | None:
    items = [
        (f"{m.workstream.code}. {m.title}", m.baseline_due, m.forecast_due, m.status_key_on(picture.today))
        for ws in picture.workstreams
        for m in ws.milestones.all()
        if m.forecast_due or m.baseline_due
    ]
    return charts.milestone_timeline(items=items, today=picture.today) if items else None


def trend_chart(picture: PlanPicture) -> Chart | None:
    if not picture.milestones:
        return None
    return charts.rag_trend(points=rag_trend_points(picture))


def dashboard_charts(picture: PlanPicture, trajectory: AgreedTrajectory | None = None) -> list[Chart]:
    """``trajectory``: the council's agreed Safety Valve trajectory, drawn on the deficit chart."""
    built = []
    if picture.current is not None:
        deficit, waterfall = picture.forecast_charts  # built when the figures were stored
        if deficit is not None and trajectory is not None:
            deficit = charts.with_agreed_trajectory(
                deficit,
                years=picture.current.years,
                trajectory=trajectory.by_year,
                label=trajectory.label,
                unit=picture.current.unit,
            )
        built += [deficit, waterfall]
    built += [rag_chart(picture), timeline_chart(picture), trend_chart(picture)]
    return [c for c in built if c is not None]


@dataclass(frozen=True)
class PaperTable:
    """The current forecast as the papers print it (seed 003): a row per scenario (and bound), a column per
    year, values in the council's unit."""

    columns: list[str]
    rows: list[list]
    unit: str


def forecast_paper_table(figures: ForecastFigures | None) -> PaperTable | None:
    if figures is None or figures.is_empty:
        return None
    rows = [[series.label, *values] for series, values in figures.by_series()]
    return PaperTable(["Scenario", *figures.year_labels], rows, figures.unit)
