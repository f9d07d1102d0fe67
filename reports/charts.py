"""The milestone and national charts; the forecast charts come from projections.charts, composed here into
a page's set (``reports.dashboard``). Plain data in, a core.charts.Chart out: no database, no request.

The figure and the table are built from the same lists, so the table is an exact accessible alternative.
Every series differs by pattern, marker or dash as well as colour, so colour is never the only signal;
every label that can hold user text is inert (core.charts.inert / wrap).
"""

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from decimal import Decimal

from core.charts import (
    AMBER,
    BLACK,
    BLUE,
    GREEN,
    GREY,
    RED,
    Chart,
    count_axis,
    figure,
    inert,
    money_axis,
    money_trace,
    sparkline,
    wrap,
)
from core.financial_years import fy_label
from core.money import pounds, pounds_compact

RAG_STYLE = {
    "green": {"label": "Green", "color": GREEN, "pattern": "", "symbol": "circle", "dash": "dot"},
    "amber": {"label": "Amber", "color": AMBER, "pattern": "/", "symbol": "triangle-up", "dash": "dash"},
    "red": {"label": "Red", "color": RED, "pattern": "x", "symbol": "square", "dash": "solid"},
    "": {"label": "Not rated", "color": GREY, "pattern": ".", "symbol": "hourglass", "dash": "solid"},
    "complete": {"label": "Complete", "color": BLUE, "pattern": "+", "symbol": "star", "dash": "solid"},
}
RAG_ORDER = ["red", "amber", "green", "", "complete"]


def _legend_below(height: int, gap: int = 70) -> float:
    """A legend ``gap`` px under the plot whatever the chart's height (plotly places it by fraction)."""
    return -gap / max(height - 90, 1)


def rag_by_workstream(*, rows: Sequence[tuple[str, dict[str, int]]]) -> Chart:
    """Stacked horizontal bars: milestones of each workstream by RAG (complete ones separately)."""
    labels = [wrap(label, 34, 2) for label, _ in rows]
    narrow_labels = [wrap(label, 16, 3) for label, _ in rows]
    traces = []
    for key in RAG_ORDER:
        style = RAG_STYLE[key]
        traces.append(
            {
                "type": "bar",
                "orientation": "h",
                "y": labels,
                "x": [counts.get(key, 0) for _, counts in rows],
                "name": style["label"],
                "marker": {
                    "color": style["color"],
                    # The pattern tells the segments apart without colour; overlay keeps the fill colour.
                    "pattern": {"shape": style["pattern"], "fgcolor": "#ffffff", "fillmode": "overlay"},
                },
                "hovertemplate": "%{y}: %{x} " + style["label"] + "<extra></extra>",
            }
        )
    largest = max((sum(counts.values()) for _, counts in rows), default=0)
    height, narrow_height = max(260, 46 * len(rows) + 140), max(300, 60 * len(rows) + 170)
    fig = figure(
        traces,
        barmode="stack",
        yaxis={"autorange": "reversed", "automargin": True, "type": "category"},
        xaxis=count_axis(largest, "Milestones"),
        height=height,
        margin={"l": 10, "r": 20, "t": 20, "b": 60},
        legend={"y": _legend_below(height)},
    )
    fig["narrow"] = {
        "data": [{"y": narrow_labels} for _ in traces],
        "layout": {
            "height": narrow_height,
            "font": {"size": 12},
            "legend": {"y": _legend_below(narrow_height, 100)},
        },
    }
    columns = ["Workstream", *[RAG_STYLE[k]["label"] for k in RAG_ORDER]]
    table = [[label, *[counts.get(k, 0) for k in RAG_ORDER]] for label, counts in rows]
    return Chart("chart-rag", "Milestones by RAG in each workstream", fig, columns, table, "count")


def milestone_timeline(*, items: Sequence[tuple[str, date | None, date | None, str]], today: date) -> Chart:
    """Each milestone's baseline (hollow circle) and forecast due date (diamond coloured and shaped by RAG),
    with a line for today. ``items`` are (label, baseline due, forecast due, status key)."""
    dated = [i for i in items if i[2] is not None or i[1] is not None]
    # Category labels must be unique: two milestones may share a title.
    labels, seen = [], {}
    for label, *_ in dated:
        seen[label] = seen.get(label, 0) + 1
        labels.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    wide = {label: wrap(label, 40, 2) for label in labels}
    narrow = {label: wrap(label, 18, 2) for label in labels}
    traces, groups = [], []
    for key in RAG_ORDER:
        style = RAG_STYLE[key]
        group = [(labels[i], item) for i, item in enumerate(dated) if item[3] == key and item[2] is not None]
        if not group:
            continue
        groups.append([label for label, _ in group])
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "y": [wide[label] for label, _ in group],
                "x": [item[2].isoformat() for _, item in group],
                "name": f"Forecast due ({style['label']})",
                "marker": {"symbol": style["symbol"], "size": 12, "color": style["color"]},
                "hovertemplate": "%{y}: forecast due %{x|%-d %b %Y}<extra>" + style["label"] + "</extra>",
            }
        )
    baseline = [(labels[i], item) for i, item in enumerate(dated) if item[1] is not None]
    groups.append([label for label, _ in baseline])
    traces.append(
        {
            "type": "scatter",
            "mode": "markers",
            "y": [wide[label] for label, _ in baseline],
            "x": [item[1].isoformat() for _, item in baseline],
            "name": "Baseline due",
            "marker": {"symbol": "circle-open", "size": 11, "color": BLACK, "line": {"width": 2}},
            "hovertemplate": "%{y}: baseline %{x|%-d %b %Y}<extra></extra>",
        }
    )
    today_line = {
        "type": "line",
        "xref": "x",
        "yref": "paper",
        "x0": today.isoformat(),
        "x1": today.isoformat(),
        "y0": 0,
        "y1": 1,
        "line": {"color": RED, "width": 2, "dash": "dot"},
    }
    today_label = {
        "x": today.isoformat(),
        "y": 1,
        "xref": "x",
        "yref": "paper",
        "text": "Today",
        "showarrow": False,
        "yanchor": "bottom",
        "font": {"color": RED},
    }
    # The baseline markers first, so a forecast marker on the same date is drawn on top of its ring.
    traces = traces[-1:] + traces[:-1]
    groups = groups[-1:] + groups[:-1]
    height, narrow_height = max(300, 40 * len(labels) + 160), max(320, 44 * len(labels) + 200)
    fig = figure(
        traces,
        yaxis={
            "autorange": "reversed",
            "automargin": True,
            "type": "category",
            # The plan's order (workstream by workstream), not the order the RAG groups happen to come in.
            "categoryorder": "array",
            "categoryarray": [wide[label] for label in labels],
        },
        xaxis={"type": "date", "title": {"text": "Due date"}, "nticks": 8},
        shapes=[today_line],
        annotations=[today_label],
        height=height,
        margin={"l": 10, "r": 20, "t": 30, "b": 60},
        legend={"y": _legend_below(height)},
    )
    fig["narrow"] = {
        "data": [{"y": [narrow[label] for label in group]} for group in groups],
        "layout": {
            "xaxis": {"nticks": 4},
            "yaxis": {"categoryarray": [narrow[label] for label in labels]},
            "font": {"size": 12},
            "height": narrow_height,
            "legend": {"y": _legend_below(narrow_height, 110)},
        },
    }
    rows = [
        [label, item[1], item[2], RAG_STYLE[item[3]]["label"]]
        for label, item in zip(labels, dated, strict=True)
    ]
    return Chart(
        "chart-timeline",
        "Milestones: baseline and forecast due dates",
        fig,
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
            {
                "type": "scatter",
                "x": xs,
                "y": [counts.get(key, 0) for _, counts in points],
                "name": style["label"],
                "mode": "lines+markers",
                "line": {"color": style["color"], "width": 3, "dash": style["dash"], "shape": "hv"},
                "marker": {"symbol": style["symbol"], "size": 8},
                "hovertemplate": "%{x|%-d %b %Y}: %{y} " + style["label"] + "<extra></extra>",
            }
        )
    largest = max(
        (max(counts.get(k, 0) for k in ("red", "amber", "green")) for _, counts in points), default=0
    )
    fig = figure(
        traces,
        xaxis={"type": "date", "title": {"text": "Date"}, "nticks": 8},
        yaxis=count_axis(largest, "Open milestones"),
    )
    fig["narrow"] = {"layout": {"xaxis": {"nticks": 4}}}
    rows = [[d, counts.get("red", 0), counts.get("amber", 0), counts.get("green", 0)] for d, counts in points]
    return Chart(
        "chart-trend",
        "Open milestones by RAG over time",
        fig,
        ["Date", "Red", "Amber", "Green"],
        rows,
        "count",
    )


def national_deficits(
    *,
    rows: Sequence[tuple[str, Decimal | None, Decimal | None]],
    written: Sequence[tuple[str, str] | None] | None = None,
) -> Chart:
    """Each council's current forecast: cumulative deficit this year and in the forecast's last year.

    Each figure is written (core.money.pounds) once, for the hover text and the data table alike (the table
    as "text": its cells already written, as a Forum report's snapshot keeps them): at 157 plans, writing
    each twice was a third of the chart's time on the national overview. `written`, beside each row: its two
    figures already so written (stored with the plan's summary, reports.summaries.chart_cells), or None."""
    labels = [inert(name) for name, *_ in rows]
    now = [now for _, now, _ in rows]
    end = [end for _, _, end in rows]
    texts = [
        (pounds(row_now), pounds(row_end)) if stored is None else stored
        for (_, row_now, row_end), stored in zip(rows, written or [None] * len(rows), strict=True)
    ]
    now_text = [text for text, _ in texts]
    end_text = [text for _, text in texts]
    traces = [
        money_trace(
            "bar", labels, now, name="This year", text=now_text, textposition="none", marker={"color": BLUE}
        ),
        money_trace(
            "bar",
            labels,
            end,
            name="Last forecast year",
            text=end_text,
            textposition="none",
            marker={"color": BLACK, "pattern": {"shape": "/", "fgcolor": "#ffffff", "fillmode": "overlay"}},
        ),
    ]
    fig = figure(
        traces,
        barmode="group",
        yaxis=money_axis(now + end, "Cumulative deficit"),
        xaxis={"automargin": True, "type": "category"},
    )
    return Chart(
        "chart-national",
        "Cumulative deficit by council (unmitigated, current forecast)",
        fig,
        ["Council", "This year", "Last forecast year"],
        [
            [name, now_cell, end_cell]
            for (name, _, _), now_cell, end_cell in zip(rows, now_text, end_text, strict=True)
        ],
        value_format="text",
    )


def with_agreed_trajectory(
    chart: Chart, *, years: Sequence[int], trajectory: dict[int, Decimal], label: str, unit: str = "pounds"
) -> Chart:
    """The deficit chart with the agreed trajectory drawn as a line over the same years (and a column of the
    data table beside it). Years the forecast does not cover are not drawn; the chart is unchanged when the
    trajectory has none of its years."""
    values = [trajectory.get(year) for year in years]
    if all(v is None for v in values):
        return chart
    x = chart.figure["data"][0]["x"] if chart.figure["data"] else [str(y) for y in years]
    trace = money_trace(
        "scatter",
        x,
        values,
        name=label,
        unit=unit,
        mode="lines+markers",
        connectgaps=True,
        line={"color": BLACK, "dash": "longdashdot", "width": 3},
        marker={"symbol": "diamond", "size": 9, "color": BLACK},
    )
    traces = [*chart.figure["data"], trace]
    layout = dict(chart.figure["layout"])
    title = layout.get("yaxis", {}).get("title")
    axis = money_axis([v for t in traces for v in t["y"]], "Cumulative deficit")
    layout["yaxis"] = {**layout.get("yaxis", {}), **axis, **({"title": title} if title else {})}
    return replace(
        chart,
        figure={**chart.figure, "data": traces, "layout": layout},
        columns=[*chart.columns, label],
        rows=[[*row, value] for row, value in zip(chart.rows, values, strict=True)],
    )


def trajectory_sparkline(trajectory: list[tuple[int, Decimal]]) -> str:
    """The Trajectory cell: the cumulative deficit year by year as a sparkline, labelled with its ends."""
    if len(trajectory) < 2:
        return ""
    (first, low), (last, high) = trajectory[0], trajectory[-1]
    label = (
        f"Cumulative deficit {pounds_compact(low)} in {fy_label(first)}"
        f" to {pounds_compact(high)} in {fy_label(last)}"
    )
    return sparkline([value for _, value in trajectory], label=label)
