"""Charts of the demand model (pure: numbers in, core.charts.Chart out), each with its data table."""

from __future__ import annotations

import numpy as np

from core.charts import BLACK, BLUE, GREEN, RED, Chart, count_axis, figure, inert
from projections.demand import GROUP_KEYS, GROUPS

GROUP_COLOURS = ["#1d70b8", "#00703c", "#4c2c92", "#d4351c", "#a35a00", "#505a5f", "#0b0c0c"]
SCENARIO_COLOURS = {"unmitigated": RED, "target": BLUE, "stretch": GREEN}
SCENARIO_LABELS = {"unmitigated": "Unmitigated", "target": "Target mitigated", "stretch": "Stretch mitigated"}


def _census(year: int) -> str:
    return f"Jan {year}"


def _band(x, low, high, colour, name, group) -> list[dict]:
    return [
        {
            "type": "scatter",
            "x": x,
            "y": list(high),
            "mode": "lines",
            "line": {"width": 0},
            "legendgroup": group,
            "showlegend": False,
            "hoverinfo": "skip",
        },
        {
            "type": "scatter",
            "x": x,
            "y": list(low),
            "mode": "lines",
            "line": {"width": 0},
            "fill": "tonexty",
            "fillcolor": colour + "33",
            "legendgroup": group,
            "name": inert(name),
            "hoverinfo": "skip",
        },
    ]


def plans_by_group_chart(years: list[int], central: np.ndarray, p5: np.ndarray, p95: np.ndarray) -> Chart:
    """EHC plans per setting group and census: the central line and the p5–p95 band of each group."""
    x = [_census(y) for y in years]
    traces: list[dict] = []
    rows = []
    for g, key in enumerate(GROUP_KEYS):
        colour = GROUP_COLOURS[g]
        traces += _band(x, p5[:, g], p95[:, g], colour, f"{GROUPS[key]}: 5th to 95th percentile", key)
        traces.append(
            {
                "type": "scatter",
                "x": x,
                "y": [round(float(v), 1) for v in central[:, g]],
                "mode": "lines+markers",
                "line": {"color": colour, "width": 2},
                "legendgroup": key,
                "name": inert(GROUPS[key]),
            }
        )
    for i, year in enumerate(years):
        for g, key in enumerate(GROUP_KEYS):
            rows.append(
                [
                    f"January {year}: {GROUPS[key]}",
                    round(float(central[i, g])),
                    round(float(p5[i, g])),
                    round(float(p95[i, g])),
                ]
            )
    top = int(max(p95[:, : len(GROUP_KEYS)].max(), central.max()))
    return Chart(
        key="demand-groups",
        title="EHC plans by setting group at each January census (central line, 5th–95th percentile band)",
        figure=figure(traces, yaxis=count_axis(top, "EHC plans"), height=520),
        columns=["Census and setting group", "Central", "5th percentile", "95th percentile"],
        rows=rows,
        value_format="count",
    )


def scenarios_chart(
    years: list[int], totals: dict[str, np.ndarray], p5: np.ndarray, p95: np.ndarray
) -> Chart:
    """All EHC plans in each scenario, with the unmitigated band."""
    x = [_census(y) for y in years]
    traces = _band(x, p5, p95, "#d4351c", "Unmitigated: 5th to 95th percentile", "band")
    for scenario, values in totals.items():
        traces.append(
            {
                "type": "scatter",
                "x": x,
                "y": [round(float(v), 1) for v in values],
                "mode": "lines+markers",
                "line": {"color": SCENARIO_COLOURS.get(scenario, BLACK), "width": 2},
                "name": SCENARIO_LABELS.get(scenario, inert(scenario)),
            }
        )
    rows = [
        [
            f"January {year}",
            round(float(p5[i])),
            round(float(p95[i])),
            *[round(float(totals[s][i])) for s in totals],
        ]
        for i, year in enumerate(years)
    ]
    top = int(max(float(np.max(p95)), *[float(np.max(v)) for v in totals.values()]))
    return Chart(
        key="demand-scenarios",
        title="All EHC plans: unmitigated with its band, and the scenarios with the workstreams' levers",
        figure=figure(traces, yaxis=count_axis(top, "EHC plans")),
        columns=[
            "Census",
            "Unmitigated 5th percentile",
            "Unmitigated 95th percentile",
            *[SCENARIO_LABELS.get(s, s) for s in totals],
        ],
        rows=rows,
        value_format="count",
    )
