"""The forecast charts, drawn in one place: ForecastFigures in, a core.charts.Chart out (pure, no queries).

Every page that shows a forecast (the forecast page, the dashboard, the Forum report and its snapshot) draws
it with these builders, so a scenario has one colour, one marker and one line style everywhere, matching the
legend and the tables' keys (``SERIES_STYLE``):

- the scenario sets the colour and the marker shape: unmitigated red circles, target blue squares,
  stretch green diamonds;
- the bound sets the line: a single estimate or the upper bound is solid with filled markers, the lower
  bound dotted with open markers;
- the actual outturn is black crosses with no line; earlier forecasts are grey long dashes.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from core.charts import (
    BLACK,
    BLUE,
    GREEN,
    LIGHT_GREY,
    RED,
    Chart,
    figure,
    money_axis,
    money_trace,
    number,
    wrap,
)
from core.money import pounds
from projections.figures import ForecastFigures, Mitigation, Series
from projections.models import Bound, Scenario

SCENARIO_STYLE = {
    Scenario.UNMITIGATED: {"color": RED, "symbol": "circle"},
    Scenario.TARGET: {"color": BLUE, "symbol": "square"},
    Scenario.STRETCH: {"color": GREEN, "symbol": "diamond"},
}
BOUND_STYLE = {
    Bound.SINGLE: {"dash": "solid", "open": False},
    Bound.UPPER: {"dash": "dash", "open": False},  # the central case (single) is the solid line
    Bound.LOWER: {"dash": "dot", "open": True},
}
ACTUAL_STYLE = {"color": BLACK, "symbol": "x-thin-open", "size": 14}
EARLIER_STYLE = {"color": LIGHT_GREY, "dash": "longdash"}


def series_style(series: Series) -> dict:
    """Colour, marker and dash of one series: the chart's legend and the tables' key use the same."""
    scenario, bound = SCENARIO_STYLE[series.scenario], BOUND_STYLE[series.bound]
    symbol = scenario["symbol"] + ("-open" if bound["open"] else "")
    return {"color": scenario["color"], "symbol": symbol, "dash": bound["dash"]}


def _add_column(columns: list[str], table: list[list], label: str, values: Sequence) -> None:
    """The data table beside the chart gets the same values as the trace just drawn."""
    columns.append(label)
    for row, value in zip(table, values, strict=True):
        row.append(value)


def deficit_chart(
    figures: ForecastFigures,
    *,
    earlier: Sequence[ForecastFigures] = (),
    key: str = "chart-deficit",
    title: str = "Cumulative High Needs Block deficit",
) -> Chart | None:
    """Cumulative deficit by year for every scenario and bound, earlier published forecasts' headline
    unmitigated line, and the actual outturn."""
    if figures.is_empty:
        return None
    years, unit = figures.year_labels, figures.unit
    traces: list[dict] = []
    columns, table = ["Financial year"], [[label] for label in years]
    for series, values in figures.by_series():
        style = series_style(series)
        traces.append(
            money_trace(
                "scatter",
                years,
                values,
                name=series.label,
                unit=unit,
                mode="lines+markers",
                line={"color": style["color"], "dash": style["dash"], "width": 3},
                marker={"symbol": style["symbol"], "size": 9, "color": style["color"], "line": {"width": 2}},
                legendgroup=series.bound,
                meta={"bound": series.bound},
            )
        )
        _add_column(columns, table, series.label, values)
    for other in earlier:
        values = [other.value(Scenario.UNMITIGATED, year) for year in figures.years]
        if all(v is None for v in values):
            continue
        label = f"Earlier forecast: {other.forecast.name}"
        traces.append(
            money_trace(
                "scatter",
                years,
                values,
                name=label,
                unit=other.unit,
                mode="lines",
                connectgaps=True,
                line={"color": EARLIER_STYLE["color"], "dash": EARLIER_STYLE["dash"], "width": 2},
            )
        )
        _add_column(columns, table, label, values)
    actuals = figures.actuals_in_years()
    if actuals:
        values = [actuals.get(year) for year in figures.years]
        colour = ACTUAL_STYLE["color"]
        marker = {"symbol": ACTUAL_STYLE["symbol"], "size": ACTUAL_STYLE["size"], "color": colour}
        traces.append(
            money_trace(
                "scatter",
                years,
                values,
                name="Actual outturn",
                mode="markers",
                marker={**marker, "line": {"width": 3, "color": colour}},
            )
        )
        _add_column(columns, table, "Actual outturn", values)
    values_seen = [v for trace in traces for v in trace["y"]]
    fig = figure(
        traces,
        # The years label themselves; no axis title for the legend to collide with.
        xaxis={"type": "category", "automargin": True},
        yaxis=money_axis(values_seen, "Cumulative deficit"),
        hovermode="x unified",
        margin={"l": 80, "r": 20, "t": 20, "b": 40},
        legend={"y": -0.12},
    )
    fig["narrow"] = {
        "layout": {
            "legend": {"orientation": "h", "y": -0.22, "font": {"size": 12}},
            "margin": {"l": 60, "r": 10, "t": 10, "b": 30},
            "xaxis": {"tickangle": -45},
            "height": 520,
        }
    }
    return Chart(
        key,
        title,
        fig,
        columns,
        table,
        "millions" if unit == "millions" else "money",
        bounds=(Bound.UPPER, Bound.LOWER) if figures.has_bounds else (),
    )


def _step_labels(mitigation: Mitigation) -> list[str]:
    return [
        f"Unmitigated {mitigation.year_label}",
        *[step.label for step in mitigation.steps],
        f"{Scenario(mitigation.scenario).label} {mitigation.year_label}",
    ]


def mitigation_waterfall(figures: ForecastFigures, *, key: str = "chart-waterfall") -> Chart | None:
    """Unmitigated deficit in the last year -> one step per workstream -> the target mitigated deficit.

    The steps are the forecast's own arithmetic (``ForecastFigures.mitigation``): they sum exactly to the
    table's figures, with no balancing bar. A forecast of published figures has one "as published" step.
    """
    mitigation = figures.mitigation()
    if mitigation is None:
        return None
    labels = _step_labels(mitigation)
    values = [mitigation.unmitigated, *[-step.amount for step in mitigation.steps], mitigation.mitigated]
    measures = ["absolute", *["relative"] * len(mitigation.steps), "total"]
    unit = figures.unit
    text = [pounds(v, unit) for v in values]
    wide_labels = [wrap(label, 18, 3) for label in labels]
    trace = {
        "type": "waterfall",
        "x": wide_labels,
        "y": [number(v) for v in values],
        "measure": measures,
        "text": text,
        "textposition": "outside",
        "cliponaxis": False,
        "connector": {"line": {"color": "#505a5f", "width": 1}},
        "increasing": {"marker": {"color": RED}},
        "decreasing": {"marker": {"color": GREEN}},
        "totals": {"marker": {"color": BLUE}},
        "hovertemplate": "%{x}: %{text}<extra></extra>",
        "name": "Cumulative deficit",
    }
    running, levels = Decimal(0), []
    for measure, value in zip(measures, values, strict=True):
        running = value if measure != "relative" else running + value
        levels.append(running)
    axis = money_axis(levels + [mitigation.unmitigated], "Cumulative deficit")
    fig = figure(
        [trace],
        showlegend=False,
        xaxis={"automargin": True, "tickangle": 0, "type": "category"},
        yaxis=axis,
        margin={"l": 80, "r": 20, "t": 30, "b": 40},
        height=460,
    )
    # On a phone the steps run down the page, labels on the left, bars to the right.
    fig["narrow"] = {
        "data": [
            {
                "orientation": "h",
                "x": [number(v) for v in values],
                "y": [wrap(label, 16, 3) for label in labels],
                "textposition": "none",
                "hovertemplate": "%{y}: %{text}<extra></extra>",
            }
        ],
        "layout": {
            "xaxis": {**money_axis(levels + [mitigation.unmitigated], "", 3), "type": "linear"},
            # None clears what the wide layout set (charts.js merges the narrow layout into it).
            "yaxis": {
                "autorange": "reversed",
                "automargin": True,
                "type": "category",
                "tickmode": "auto",
                "tickvals": None,
                "ticktext": None,
                "range": None,
                "zeroline": False,
                "title": {"text": ""},
            },
            "margin": {"l": 10, "r": 10, "t": 10, "b": 40},
            "height": max(320, 64 * len(labels)),
        },
    }
    note = (
        "The paper gives the mitigated figure only, so the mitigation is one step as published."
        if mitigation.as_published
        else f"Each workstream's savings in the forecast's years × the run's success rate; "
        f"the steps add up to the table's {Scenario(mitigation.scenario).label.lower()} figure."
    )
    bound = "" if mitigation.bound == Bound.SINGLE else f" ({Bound(mitigation.bound).label.lower()})"
    return Chart(
        key,
        f"From unmitigated to target mitigated deficit, {mitigation.year_label}{bound}",
        fig,
        ["Step", "Cumulative deficit or change"],
        [[label, value] for label, value in zip(labels, values, strict=True)],
        "millions" if unit == "millions" else "money",
        note=note,
    )
