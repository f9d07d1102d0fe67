"""Charts as data: plain numbers in, a `Chart` out (a plotly figure and the data table shown beside it).

Pure: no database, no request. The figure and the table are built from the same lists, so the table is an
exact accessible alternative to the chart (a test checks every trace value appears in the table).
Colours meet WCAG 1.4.11 (3:1 against white) and every series also differs by line style or marker,
so colour is never the only signal.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import plotly.graph_objects as go

# GOV.UK palette, chosen for contrast on white.
BLACK = "#0b0c0c"
BLUE = "#1d70b8"
GREEN = "#00703c"
RED = "#d4351c"
AMBER = "#a35a00"  # darker than GOV.UK orange: 4.8:1 on white, so thin bars and text stay readable
GREY = "#505a5f"
LIGHT_GREY = "#b1b4b6"

SCENARIO_STYLE = {
    "unmitigated": {"label": "Unmitigated", "color": BLACK, "dash": "solid", "symbol": "circle"},
    "target": {"label": "Target mitigated", "color": BLUE, "dash": "dash", "symbol": "square"},
    "stretch": {"label": "Stretch mitigated", "color": GREEN, "dash": "dot", "symbol": "diamond"},
}
RAG_STYLE = {
    "green": {"label": "Green", "color": GREEN, "pattern": ""},
    "amber": {"label": "Amber", "color": AMBER, "pattern": "/"},
    "red": {"label": "Red", "color": RED, "pattern": "x"},
    "": {"label": "Not rated", "color": GREY, "pattern": "."},
    "complete": {"label": "Complete", "color": BLUE, "pattern": "+"},
}
RAG_ORDER = ["red", "amber", "green", "", "complete"]

BASE_LAYOUT = {
    "template": "none",
    "font": {"family": "Arial, sans-serif", "size": 14, "color": BLACK},
    "margin": {"l": 70, "r": 20, "t": 30, "b": 100},
    # Below the axis title, not on it.
    "legend": {"orientation": "h", "y": -0.3, "yanchor": "top"},
    "hovermode": "closest",
}


@dataclass(frozen=True)
class Chart:
    """One chart: its element id, a title, the plotly figure as JSON-ready dict, and its data table."""

    key: str
    title: str
    figure: dict
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    # How the table's number cells are written: "money" (£), "count", or "date".
    value_format: str = "money"

    @property
    def is_empty(self) -> bool:
        return not self.rows


def _pounds(value) -> float | None:
    return None if value is None else float(value)


def _figure(traces: list, **layout) -> dict:
    fig = go.Figure(data=traces, layout={**BASE_LAYOUT, **layout})
    return fig.to_plotly_json()


def deficit_trajectory(
    *,
    years: Sequence[str],
    series: dict[tuple[str, str], Sequence[Decimal | None]],
    earlier: Sequence[tuple[str, dict[str, Decimal]]] = (),
    actuals: dict[str, Decimal] | None = None,
) -> Chart:
    """Cumulative deficit by year per scenario; upper/lower bounds as a shaded band.

    `series` maps (scenario, bound) to one value per year ("single", "upper" or "lower" bound).
    `earlier` is each earlier published forecast's unmitigated line as (name, {year: value}), drawn faint.
    `actuals` maps year to the recorded cumulative deficit, drawn as markers.
    """
    traces, columns, table = [], ["Financial year"], {y: [y] for y in years}
    for scenario, style in SCENARIO_STYLE.items():
        single = series.get((scenario, "single"))
        upper, lower = series.get((scenario, "upper")), series.get((scenario, "lower"))
        if upper is not None and lower is not None:
            for bound, values in (("upper", upper), ("lower", lower)):
                name = f"{style['label']} ({bound} bound)"
                traces.append(
                    go.Scatter(
                        x=list(years),
                        y=[_pounds(v) for v in values],
                        name=name,
                        mode="lines+markers",
                        line={"color": style["color"], "dash": style["dash"], "width": 2},
                        marker={"symbol": style["symbol"], "size": 7},
                        # The lower line fills up to the upper one: the band between the bounds.
                        fill="tonexty" if bound == "lower" else None,
                        fillcolor="rgba(29,112,184,0.08)",
                        legendgroup=scenario,
                        hovertemplate="%{x}: £%{y:,.0f}<extra>" + name + "</extra>",
                    )
                )
                columns.append(name)
                for y, v in zip(years, values, strict=True):
                    table[y].append(v)
        if single is not None:
            traces.append(
                go.Scatter(
                    x=list(years),
                    y=[_pounds(v) for v in single],
                    name=style["label"],
                    mode="lines+markers",
                    line={"color": style["color"], "dash": style["dash"], "width": 3},
                    marker={"symbol": style["symbol"], "size": 8},
                    hovertemplate="%{x}: £%{y:,.0f}<extra>" + style["label"] + "</extra>",
                )
            )
            columns.append(style["label"])
            for y, v in zip(years, single, strict=True):
                table[y].append(v)
    for name, values in earlier:
        xs = [y for y in years if y in values]
        label = f"Earlier forecast: {name}"
        traces.append(
            go.Scatter(
                x=xs,
                y=[_pounds(values[y]) for y in xs],
                name=label,
                mode="lines",
                line={"color": LIGHT_GREY, "width": 2, "dash": "longdash"},
                opacity=0.8,
                hovertemplate="%{x}: £%{y:,.0f}<extra>" + name + "</extra>",
            )
        )
        columns.append(label)
        for y in years:
            table[y].append(values.get(y))
    if actuals:
        xs = [y for y in years if y in actuals]
        traces.append(
            go.Scatter(
                x=xs,
                y=[_pounds(actuals[y]) for y in xs],
                name="Actual",
                mode="markers",
                marker={"symbol": "x", "size": 12, "color": RED, "line": {"width": 2}},
                hovertemplate="%{x}: £%{y:,.0f}<extra>Actual</extra>",
            )
        )
        columns.append("Actual")
        for y in years:
            table[y].append(actuals.get(y))
    figure = _figure(
        traces,
        xaxis={"title": {"text": "Financial year"}, "type": "category"},
        yaxis={"title": {"text": "Cumulative deficit (£)"}, "tickprefix": "£", "separatethousands": True},
    )
    return Chart(
        "chart-deficit", "Cumulative High Needs Block deficit", figure, columns, list(table.values())
    )


def mitigation_waterfall(
    *, year: str, unmitigated: Decimal, savings: Sequence[tuple[str, Decimal]], scenario_label: str
) -> Chart:
    """Unmitigated deficit in `year` → each workstream's saving (negative steps) → the mitigated deficit."""
    mitigated = unmitigated - sum((s for _, s in savings), Decimal(0))
    labels = [f"Unmitigated {year}", *[label for label, _ in savings], f"{scenario_label} {year}"]
    values = [unmitigated, *[-s for _, s in savings], mitigated]
    trace = go.Waterfall(
        x=labels,
        y=[_pounds(v) for v in values],
        measure=["absolute", *["relative"] * len(savings), "total"],
        connector={"line": {"color": GREY, "width": 1}},
        increasing={"marker": {"color": RED}},
        decreasing={"marker": {"color": GREEN}},
        totals={"marker": {"color": BLUE}},
        text=[f"£{v:,.0f}" for v in values],
        textposition="outside",
        hovertemplate="%{x}: £%{y:,.0f}<extra></extra>",
        name="Deficit",
    )
    figure = _figure(
        [trace],
        showlegend=False,
        yaxis={"title": {"text": "Cumulative deficit (£)"}, "tickprefix": "£", "separatethousands": True},
        xaxis={"automargin": True, "tickangle": -30},
        margin={"l": 80, "r": 20, "t": 30, "b": 140},
    )
    rows = [[label, value] for label, value in zip(labels, values, strict=True)]
    return Chart(
        "chart-waterfall", f"From unmitigated to mitigated deficit, {year}", figure, ["Step", "£"], rows
    )


def rag_by_workstream(*, rows: Sequence[tuple[str, dict[str, int]]]) -> Chart:
    """Stacked horizontal bars: milestones of each workstream by RAG (complete ones separately)."""
    labels = [label for label, _ in rows]
    traces = []
    for key in RAG_ORDER:
        style = RAG_STYLE[key]
        counts = [counts.get(key, 0) for _, counts in rows]
        traces.append(
            go.Bar(
                y=labels,
                x=counts,
                name=style["label"],
                orientation="h",
                marker={
                    "color": style["color"],
                    # The pattern tells the segments apart without colour; overlay keeps the fill colour.
                    "pattern": {"shape": style["pattern"], "fgcolor": "#ffffff", "fillmode": "overlay"},
                },
                hovertemplate="%{y}: %{x} " + style["label"] + "<extra></extra>",
            )
        )
    figure = _figure(
        traces,
        barmode="stack",
        yaxis={"autorange": "reversed", "automargin": True},
        xaxis={"title": {"text": "Milestones"}, "dtick": 1},
        height=max(260, 40 * len(rows) + 120),
    )
    columns = ["Workstream", *[RAG_STYLE[k]["label"] for k in RAG_ORDER]]
    table = [[label, *[counts.get(k, 0) for k in RAG_ORDER]] for label, counts in rows]
    return Chart("chart-rag", "Milestones by RAG in each workstream", figure, columns, table, "count")


def milestone_timeline(*, items: Sequence[tuple[str, date | None, date | None, str]], today: date) -> Chart:
    """Each milestone's baseline (hollow marker) and forecast (bar end, coloured by RAG) with a today line.

    `items` are (label, baseline due, forecast due, status key: green/amber/red/""/complete).
    """
    dated = [i for i in items if i[2] is not None or i[1] is not None]
    labels = [label for label, *_ in dated]
    traces = []
    for key in RAG_ORDER:
        style = RAG_STYLE[key]
        group = [i for i in dated if i[3] == key and i[2] is not None]
        if not group:
            continue
        traces.append(
            go.Scatter(
                y=[label for label, *_ in group],
                x=[forecast.isoformat() for _, _, forecast, _ in group],
                name=f"Forecast ({style['label']})",
                mode="markers",
                marker={"symbol": "diamond", "size": 11, "color": style["color"]},
                hovertemplate="%{y}: forecast %{x}<extra>" + style["label"] + "</extra>",
            )
        )
    baseline = [i for i in dated if i[1] is not None]
    traces.append(
        go.Scatter(
            y=[label for label, *_ in baseline],
            x=[b.isoformat() for _, b, _, _ in baseline],
            name="Baseline",
            mode="markers",
            marker={"symbol": "circle-open", "size": 10, "color": BLACK, "line": {"width": 2}},
            hovertemplate="%{y}: baseline %{x}<extra></extra>",
        )
    )
    figure = _figure(
        traces,
        yaxis={"autorange": "reversed", "automargin": True, "type": "category"},
        xaxis={"type": "date", "title": {"text": "Due date"}},
        shapes=[
            {
                "type": "line",
                "xref": "x",
                "yref": "paper",
                "x0": today.isoformat(),
                "x1": today.isoformat(),
                "y0": 0,
                "y1": 1,
                "line": {"color": RED, "width": 2, "dash": "dot"},
            }
        ],
        annotations=[
            {
                "x": today.isoformat(),
                "y": 1,
                "xref": "x",
                "yref": "paper",
                "text": "Today",
                "showarrow": False,
                "yanchor": "bottom",
                "font": {"color": RED},
            }
        ],
        height=max(300, 28 * len(labels) + 140),
    )
    rows = [[label, b, f, RAG_STYLE[key]["label"]] for label, b, f, key in dated]
    return Chart(
        "chart-timeline",
        "Milestones: baseline and forecast due dates",
        figure,
        ["Milestone", "Baseline due", "Forecast due", "Status"],
        rows,
        "date",
    )


def rag_trend(*, points: Sequence[tuple[date, dict[str, int]]]) -> Chart:
    """Count of open milestones by RAG at each date (from the update history)."""
    xs = [d.isoformat() for d, _ in points]
    traces = []
    for key in ("red", "amber", "green"):
        style = RAG_STYLE[key]
        traces.append(
            go.Scatter(
                x=xs,
                y=[counts.get(key, 0) for _, counts in points],
                name=style["label"],
                mode="lines+markers",
                line={
                    "color": style["color"],
                    "width": 3,
                    "dash": {"red": "solid", "amber": "dash", "green": "dot"}[key],
                },
                marker={
                    "symbol": {"red": "square", "amber": "triangle-up", "green": "circle"}[key],
                    "size": 8,
                },
                hovertemplate="%{x}: %{y} " + style["label"] + "<extra></extra>",
            )
        )
    figure = _figure(
        traces,
        xaxis={"type": "date", "title": {"text": "Date"}},
        yaxis={"title": {"text": "Open milestones"}, "rangemode": "tozero", "dtick": 1},
    )
    rows = [[d, counts.get("red", 0), counts.get("amber", 0), counts.get("green", 0)] for d, counts in points]
    return Chart(
        "chart-trend",
        "Open milestones by RAG over time",
        figure,
        ["Date", "Red", "Amber", "Green"],
        rows,
        "count",
    )


def national_deficits(*, rows: Sequence[tuple[str, Decimal | None, Decimal | None]]) -> Chart:
    """Each council's current forecast: cumulative deficit this year and in the forecast's last year."""
    labels = [name for name, *_ in rows]
    traces = [
        go.Bar(
            x=labels,
            y=[_pounds(now) for _, now, _ in rows],
            name="This year",
            marker={"color": BLUE},
            hovertemplate="%{x}: £%{y:,.0f}<extra>This year</extra>",
        ),
        go.Bar(
            x=labels,
            y=[_pounds(end) for _, _, end in rows],
            name="Last forecast year",
            marker={"color": BLACK, "pattern": {"shape": "/", "fgcolor": "#ffffff", "fillmode": "overlay"}},
            hovertemplate="%{x}: £%{y:,.0f}<extra>Last forecast year</extra>",
        ),
    ]
    figure = _figure(
        traces,
        barmode="group",
        yaxis={"title": {"text": "Cumulative deficit (£)"}, "tickprefix": "£", "separatethousands": True},
        xaxis={"automargin": True},
    )
    return Chart(
        "chart-national",
        "Cumulative deficit by council (unmitigated, current forecast)",
        figure,
        ["Council", "This year", "Last forecast year"],
        [list(r) for r in rows],
    )
