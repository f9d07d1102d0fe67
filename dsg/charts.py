"""Charts of the DSG management plan's children and young people (pure: the plan's rows in, core.charts.Chart
out). Each is drawn from the very rows of the page's table beside it, which is its data table.

Horizontal bars with wrapped labels, so a phone (390 px) reads every group and need without turning."""

from __future__ import annotations

from core.charts import Chart, count_axis, figure, inert, wrap
from dsg.plan import Children

# One colour per age band, GOV.UK palette, each 3:1 or better on white; the legend and the hover text name
# the band, and the table beside the chart holds every figure (colour is never the only way to read it).
BAND_COLOURS = ["#1d70b8", "#00703c", "#4c2c92", "#a35a00", "#505a5f"]


def _height(bars: int) -> int:
    return max(260, 64 * bars + 200)  # room for labels wrapped on three lines at 390 px


def ages_chart(children: Children) -> Chart:
    """EHC plans per placement group, stacked by age band (the table "by placement group and age")."""
    groups = [wrap(group, 22) for group, _ in children.groups]
    traces = [
        {
            "type": "bar",
            "orientation": "h",
            "y": groups,
            "x": [counts[n] for _, counts in children.groups],
            "name": inert(band),
            "marker": {
                "color": BAND_COLOURS[n % len(BAND_COLOURS)],
                "line": {"color": "#ffffff", "width": 1},  # a white edge between the stacked bands
            },
            "hovertemplate": "%{y}, " + inert(band) + ": %{x:,d}<extra></extra>",
        }
        for n, band in enumerate(children.bands)
    ]
    top = max((sum(counts) for _, counts in children.groups), default=0)
    return Chart(
        key="chart-plan-ages",
        title=f"EHC plans by placement group and age, {children.census}",
        figure=figure(
            traces,
            barmode="stack",
            height=_height(len(groups)),
            xaxis=count_axis(top),  # no axis title: the legend below names the bands, the title the count
            yaxis={"autorange": "reversed", "automargin": True, "type": "category"},
            margin={"l": 10},
            legend={"traceorder": "normal", "title": {"text": "Age"}},
        ),
        columns=["Placement group", *children.bands],
        rows=[[group, *counts] for group, counts in children.groups],
        value_format="count",
    )


def needs_chart(children: Children) -> Chart:
    """EHC plans by primary need, most first (the table "by primary need")."""
    needs = [wrap(need, 22) for need, _ in children.needs]
    traces = [
        {
            "type": "bar",
            "orientation": "h",
            "y": needs,
            "x": [count for _, count in children.needs],
            "name": "EHC plans",
            "marker": {"color": BAND_COLOURS[0]},
            "showlegend": False,
            "hovertemplate": "%{y}: %{x:,d}<extra></extra>",
        }
    ]
    return Chart(
        key="chart-plan-needs",
        title=f"EHC plans by primary need, {children.census}",
        figure=figure(
            traces,
            height=_height(len(needs)),
            xaxis=count_axis(max((c for _, c in children.needs), default=0), "EHC plans"),
            yaxis={"autorange": "reversed", "automargin": True, "type": "category"},
            margin={"l": 10},
        ),
        columns=["Primary need", "EHC plans"],
        rows=[[need, count] for need, count in children.needs],
        value_format="count",
    )


def plan_charts(children: Children) -> dict[str, Chart | None]:
    """The plan page's two charts, each None when its table has no rows."""
    return {
        "ages": ages_chart(children) if children.groups else None,
        "needs": needs_chart(children) if children.needs else None,
    }
