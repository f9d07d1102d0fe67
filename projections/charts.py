"""The forecast chart: plain numbers in, a plotly figure (as JSON-ready data) out. Tested without a browser.

Each series has its own colour *and* marker shape, and bounds differ by line style, so the chart never
relies on colour alone; the page also shows the same numbers as a table.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from decimal import Decimal

import plotly.graph_objects as go

SCENARIO_STYLE = {
    "unmitigated": {"color": "#d4351c", "symbol": "circle"},
    "target": {"color": "#1d70b8", "symbol": "square"},
    "stretch": {"color": "#00703c", "symbol": "diamond"},
}
BOUND_DASH = {"single": "solid", "upper": "solid", "lower": "dot"}


def deficit_chart(
    *,
    years: Sequence[str],
    series: Sequence[tuple[str, str, str, Sequence[Decimal | None]]],
    actuals: Mapping[str, Decimal] | None = None,
    title: str = "Cumulative High Needs deficit at year end",
) -> dict:
    """``series`` is ``(label, scenario, bound, values aligned with years)``; ``actuals`` maps a year label
    to the actual cumulative deficit. Returns ``{"data": [...], "layout": {...}}`` for ``json_script``."""
    fig = go.Figure()
    for label, scenario, bound, values in series:
        style = SCENARIO_STYLE.get(scenario, {"color": "#505a5f", "symbol": "circle"})
        fig.add_trace(
            go.Scatter(
                x=list(years),
                y=[None if v is None else int(v) for v in values],
                name=label,
                mode="lines+markers",
                line={"color": style["color"], "dash": BOUND_DASH.get(bound, "solid"), "width": 3},
                marker={"symbol": style["symbol"], "size": 8, "color": style["color"]},
                hovertemplate="%{x}: £%{y:,.0f}<extra>" + label + "</extra>",
                connectgaps=False,
            )
        )
    if actuals:
        shown = [y for y in years if y in actuals] or sorted(actuals)
        fig.add_trace(
            go.Scatter(
                x=shown,
                y=[int(actuals[y]) for y in shown],
                name="Actual",
                mode="lines+markers",
                line={"color": "#0b0c0c", "width": 2},
                marker={"symbol": "x", "size": 11, "color": "#0b0c0c"},
                hovertemplate="%{x}: £%{y:,.0f}<extra>Actual</extra>",
            )
        )
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left"},
        font={"family": "Arial, sans-serif", "size": 14, "color": "#0b0c0c"},
        xaxis={"type": "category", "automargin": True},
        yaxis={"title": {"text": "Cumulative deficit"}, "tickprefix": "£", "separatethousands": True},
        separators=".,",
        hovermode="x unified",
        legend={"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0},
        margin={"l": 90, "r": 20, "t": 50, "b": 30},
        plot_bgcolor="#ffffff",
        paper_bgcolor="#ffffff",
        template="none",
    )
    return json.loads(fig.to_json())
