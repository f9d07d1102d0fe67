"""An indicator's trend chart: actual values, the target line, a forecast series if entered and the
baseline, with its data table (pure: an Indicator with prefetched rows in, a core.charts.Chart out).

Periods are categories in time order (terms, academic years and months do not sit on a date axis well).
Every label goes through core.charts.inert, so an indicator's name cannot become plotly markup.
"""

from __future__ import annotations

from core.charts import BLACK, BLUE, GREY, RED, Chart, figure, inert, money_axis, number
from indicators.formatting import PERCENT, POUNDS
from indicators.models import Indicator
from indicators.periods import parse_period, span
from indicators.summary import period_rows

MAX_CATEGORIES = 60


def _trace(name: str, x: list[str], y: list, text: list[str], **look) -> dict:
    label = inert(name)
    return {
        "type": "scatter",
        "x": [inert(p) for p in x],
        "y": [number(v) for v in y],
        "text": text,
        "name": label,
        "hovertemplate": "%{x}: %{text}<extra>" + label + "</extra>",
        "connectgaps": True,  # years with no figure are spaced on the axis, not hidden
        **look,
    }


def _axis_periods(indicator: Indicator, rows) -> list[str]:
    """Every period from the first to the last recorded, gaps included, so time is spaced evenly (2019 to
    2024 is five steps, not one); only the recorded ones when that would be too many to read."""
    starts = {r.period: r.start for r in rows}
    if indicator.baseline_period and indicator.baseline_start:
        starts[indicator.baseline_period] = indicator.baseline_start
    recorded = sorted(starts, key=lambda p: starts[p])
    if not recorded:
        return []
    first = parse_period(indicator.period_type, recorded[0])
    last = parse_period(indicator.period_type, recorded[-1])
    every = span(first, last, limit=MAX_CATEGORIES)
    return [p.label for p in every] if every is not None else recorded


def indicator_chart(indicator: Indicator, *, key: str = "chart-indicator") -> Chart | None:
    rows = period_rows(indicator)
    periods = _axis_periods(indicator, rows)
    if not periods:
        return None
    by_period = {r.period: r for r in rows}

    def column(attr: str):
        values = [getattr(by_period[p], f"{attr}_value") if p in by_period else None for p in periods]
        texts = [getattr(by_period[p], attr) if p in by_period else "" for p in periods]
        return values, texts

    traces = []
    actual, actual_text = column("actual")
    target, target_text = column("target")
    forecast, forecast_text = column("forecast")
    if any(v is not None for v in target):
        traces.append(
            _trace(
                "Target",
                periods,
                target,
                target_text,
                mode="lines+markers",
                line={"color": GREY, "dash": "dash", "shape": "hv"},
                marker={"symbol": "line-ew-open", "size": 14, "color": GREY},
            )
        )
    if any(v is not None for v in forecast):
        # The forecast line starts from the latest actual before it, as the papers draw a projection.
        first_forecast = next(i for i, v in enumerate(forecast) if v is not None)
        joined, joined_text = list(forecast), list(forecast_text)
        before = [i for i in range(first_forecast) if actual[i] is not None]
        if before:
            joined[before[-1]], joined_text[before[-1]] = actual[before[-1]], actual_text[before[-1]]
        traces.append(
            _trace(
                "Forecast",
                periods,
                joined,
                joined_text,
                mode="lines+markers",
                line={"color": RED, "dash": "dot"},
                marker={"symbol": "diamond-open", "size": 9, "color": RED},
            )
        )
    if indicator.baseline_value is not None:
        base = [indicator.baseline_value if p == indicator.baseline_period else None for p in periods]
        texts = [indicator.baseline_text if p == indicator.baseline_period else "" for p in periods]
        traces.append(
            _trace(
                "Baseline",
                periods,
                base,
                texts,
                mode="markers",
                marker={"symbol": "square-open", "size": 11, "color": BLACK},
            )
        )
    traces.append(
        _trace(
            "Actual",
            periods,
            actual,
            actual_text,
            mode="lines+markers",
            line={"color": BLUE, "width": 3},
            marker={"symbol": "circle", "size": 9, "color": BLUE},
        )
    )
    figures = [v for v in [*actual, *target, *forecast, indicator.baseline_value] if v is not None]
    if indicator.unit == POUNDS:
        y_axis = money_axis(figures)
    else:
        y_axis = {"rangemode": "tozero", "automargin": True, "tickformat": ",~r"}
        if indicator.unit == PERCENT:
            y_axis.update({"ticksuffix": "%", "range": [0, 100]})
    fig = figure(
        traces,
        xaxis={
            "type": "category",
            "categoryorder": "array",
            "categoryarray": [inert(p) for p in periods],
            "automargin": True,
        },
        yaxis=y_axis,
        height=360,
    )
    table_rows = []
    for p in periods:
        row = by_period.get(p)
        if row is None and p != indicator.baseline_period:
            continue  # a gap year on the axis: nothing to list
        baseline = indicator.baseline_text if p == indicator.baseline_period else ""
        table_rows.append(
            [p, baseline, row.actual if row else "", row.target if row else "", row.forecast if row else ""]
        )
    columns = ["Period", "Baseline", "Actual", "Target", "Forecast"]
    return Chart(
        key=key,
        title=f"{indicator.name}: trend",
        figure=fig,
        columns=columns,
        rows=table_rows,
        value_format="text",
        note=f"{indicator.get_direction_display()}."
        + (" The dashed line is the target." if any(v is not None for v in target) else ""),
    )
