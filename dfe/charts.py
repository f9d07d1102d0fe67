"""Charts of a council's DfE figures: plain sections in, plotly figure dicts out (pure)."""

from __future__ import annotations

from core.charts import BLACK, BLUE, GREEN, GREY, RED, Chart, count_axis, figure, inert, money_axis, number
from core.money import pounds

COLOURS = [BLUE, RED, GREEN, BLACK, GREY]


def axis_labels(periods: list[str]) -> list[str]:
    """Periods as the axis shows them: "January 2019" … "January 2025" read as 2019 … 2025 (the chart's
    title says "each January"), so sixteen years fit a phone's width without turning the labels."""
    words = [p.split(" ") for p in periods]
    if words and all(len(w) == 2 and w[0] == words[0][0] for w in words):
        return [w[1] for w in words]
    return periods


def section_chart(section) -> Chart | None:
    if not section.rows:
        return None
    periods = [inert(p) for p in axis_labels([p for p, _ in section.rows])]
    traces, values = [], []
    for i, label in enumerate(section.labels):
        column = [cells[i].value if cells[i] is not None else None for _, cells in section.rows]
        if all(v is None for v in column):
            continue
        values += [v for v in column if v is not None]
        if section.spec.unit == "pounds":
            text = [pounds(v) if v is not None else "" for v in column]
        else:
            text = [f"{v:,.0f}" if v is not None else "" for v in column]
        look = (
            {"type": "bar", "marker": {"color": COLOURS[i % len(COLOURS)]}}
            if section.spec.chart == "bar"
            else {"type": "scatter", "mode": "lines+markers", "line": {"color": COLOURS[i % len(COLOURS)]}}
        )
        name = inert(label)
        traces.append(
            {
                "x": periods,
                "y": [number(v) for v in column],
                "text": text,
                "name": name,
                "hovertemplate": "%{x}: %{text}<extra>" + name + "</extra>",
                **look,
            }
        )
    if not traces:
        return None
    axis = (
        money_axis(values)
        if section.spec.unit == "pounds"
        else count_axis(int(max(values, default=0)), "Children and young people")
    )
    fig = figure(traces, yaxis=axis, xaxis={"type": "category"}, barmode="group", showlegend=len(traces) > 1)
    return Chart(
        key=f"chart-{section.key}",
        title=section.title,
        figure=fig,
        columns=["Period", *section.labels],
        value_format="money" if section.spec.unit == "pounds" else "count",
    )
