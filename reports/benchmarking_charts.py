"""Benchmarking as charts and tables (pure): for each measure, a ranked bar chart of the council and its group
(the council highlighted, the group median and England as lines) and a line chart of the council against the
group median over five years; each with its data table, written the way the page writes values."""

from __future__ import annotations

from dataclasses import dataclass

from core.charts import BLACK, BLUE, GREY, RED, Chart, figure, inert, number
from reports.benchmarking import (
    Measure,
    Missing,
    Standing,
    period_words,
    periods_for,
    round_for,
    standing,
    written,
)

AXIS_TITLES = {"pounds": "Pounds", "percent": "Per cent", "points": "Percentage points", "rate": "Rate"}


@dataclass
class MeasureBlock:
    measure: Measure
    latest: Standing
    trend: list[Standing]
    bar: Chart
    line: Chart

    @property
    def key(self) -> str:
        return self.measure.key


def _tick(measure: Measure) -> dict:
    if measure.unit == "pounds":
        return {"tickprefix": "£", "tickformat": ",.0f"}
    if measure.unit == "percent":
        return {"ticksuffix": "%", "tickformat": ",.1f"}
    return {"tickformat": ",.1f"}


def _value_axis(measure: Measure) -> dict:
    return {
        "title": {"text": AXIS_TITLES.get(measure.unit, "")},
        "zeroline": True,
        "zerolinecolor": GREY,
        "automargin": True,
        **_tick(measure),
    }


def ranked_bar(s: Standing, *, group_words: str) -> Chart:
    m = s.measure
    ranked = [e for e in s.entries if e.value is not None]
    names = [inert(f"{e.name} (this council)" if e.is_council else e.name) for e in ranked]
    values = [number(round_for(m, e.value)) for e in ranked]
    traces = [
        {
            "type": "bar",
            "orientation": "h",
            "y": names,
            "x": values,
            "text": [written(m, e.result) for e in ranked],
            "textposition": "none",
            "marker": {
                "color": [BLUE if e.is_council else GREY for e in ranked],
                # Colour is never the only signal: the council's bar is hatched and its name says so.
                "pattern": {"shape": ["/" if e.is_council else "" for e in ranked], "fgcolor": "#ffffff"},
            },
            "name": inert(m.title),
            "showlegend": False,
            "hovertemplate": "%{y}: %{text}<extra></extra>",
        }
    ]
    for label, value, colour, dash in (
        (f"Median of {group_words} ({s.median_over})", s.median, BLACK, "dash"),
        ("England", None if isinstance(s.england, Missing) else s.england, RED, "dot"),
    ):
        if value is not None and names:
            traces.append(
                {
                    "type": "scatter",
                    "mode": "lines",
                    "x": [number(round_for(m, value))] * 2,
                    "y": [names[0], names[-1]],
                    "name": inert(label),
                    "line": {"color": colour, "dash": dash, "width": 2},
                    "hovertemplate": inert(label) + ": " + written(m, value) + "<extra></extra>",
                }
            )
    fig = figure(
        traces,
        height=max(260, 34 * len(names) + 140),
        xaxis=_value_axis(m),
        yaxis={"autorange": "reversed", "automargin": True, "type": "category"},
        margin={"l": 10},
        showlegend=True,
    )
    rows = [[f"{e.name} (this council)" if e.is_council else e.name, written(m, e.result)] for e in s.entries]
    rows += [
        [f"Median of {group_words} (over {s.median_over} councils)", written(m, s.median or Missing("none"))],
        ["England", written(m, s.england)],
    ]
    return Chart(
        key=f"chart-bench-{m.key}-rank",
        title=f"{m.title}, {period_words(s.period)}: {s.council.name} and {group_words}",
        figure=fig,
        columns=["Council", m.title],
        rows=rows,
        value_format="text",
    )


def trend_line(trend: list[Standing], *, group_words: str) -> Chart:
    m = trend[-1].measure
    council = trend[-1].council.name
    periods = [period_words(s.period) for s in trend]

    def trace(values, name, colour, dash):
        return {
            "type": "scatter",
            "mode": "lines+markers",
            "x": periods,
            "y": [number(round_for(m, v)) for v in values],
            "text": [written(m, v) if v is not None else "no figure" for v in values],
            "name": inert(name),
            "line": {"color": colour, "dash": dash, "width": 3 if colour == BLUE else 2},
            "hovertemplate": "%{x}: %{text}<extra>" + inert(name) + "</extra>",
        }

    traces = [
        trace([s.council.value for s in trend], council, BLUE, "solid"),
        trace([s.median for s in trend], f"Median of {group_words}", BLACK, "dash"),
        trace([None if isinstance(s.england, Missing) else s.england for s in trend], "England", RED, "dot"),
    ]
    fig = figure(traces, yaxis=_value_axis(m), xaxis={"type": "category"}, showlegend=True)
    rows = [
        [
            period_words(s.period),
            written(m, s.council.result),
            written(m, s.median) if s.median is not None else "no figure",
            f"{s.median_over:,}",
            written(m, s.england),
        ]
        for s in trend
    ]
    return Chart(
        key=f"chart-bench-{m.key}-trend",
        title=f"{m.title}: {council} against the median of {group_words}",
        figure=fig,
        columns=["Period", council, f"Median of {group_words}", "Councils in the median", "England"],
        rows=rows,
        value_format="text",
    )


def measure_blocks(benchmarks, *, years: int = 5) -> list[MeasureBlock]:
    """A block per measure with at least one figure for the council or its group (measures in their order)."""
    if benchmarks.council is None:
        return []
    council = (benchmarks.council.code, benchmarks.council.name)
    group = [(a.code, a.name) for a in benchmarks.group]
    region = [a.code for a in benchmarks.region]
    blocks = []
    for measure in benchmarks.measures:
        trend = [
            standing(
                measure,
                benchmarks.figures,
                period,
                council=council,
                group=group,
                region=region,
                existed=benchmarks.existed,
            )
            for period in periods_for(measure, benchmarks.figures, last=years)
        ]
        trend = [s for s in trend if s.ranked_over]
        if not trend:
            continue
        words = benchmarks.group_words
        blocks.append(
            MeasureBlock(
                measure,
                trend[-1],
                trend,
                ranked_bar(trend[-1], group_words=words),
                trend_line(trend, group_words=words),
            )
        )
    return blocks
