"""The chart layer's building blocks: a ``Chart`` (plotly figure + its data table), inert text, wrapped
labels, axis ticks written by core.money, and the one base layout. Domain-free and pure.

Figures are plain dicts (``{"data": [...], "layout": {...}}``) built without plotly's graph_objects
validation on the hot path; tests validate every builder's output with plotly.

Plotly reads ``<a>``, ``<b>``, ``<br>``, ``<span>`` … in any text it draws (titles, tick labels, legend
names, hover text, annotations), so every string that may hold user text goes through ``inert()`` first:
``<``, ``>`` and ``&`` become entities, which plotly draws as the characters themselves, never as markup.
The only markup our own code adds is ``<br>`` (wrapping) and hovertemplate's ``<extra>``.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from django.utils.html import format_html

from core.money import axis_pounds, pounds

# GOV.UK palette, each 3:1 or better against white (WCAG 1.4.11).
BLACK = "#0b0c0c"
BLUE = "#1d70b8"
GREEN = "#00703c"
RED = "#d4351c"
AMBER = "#a35a00"  # darker than GOV.UK orange: 4.8:1 on white, so thin bars and text stay readable
GREY = "#505a5f"
LIGHT_GREY = "#b1b4b6"

BASE_LAYOUT: dict = {
    "template": "none",
    "font": {"family": "Arial, sans-serif", "size": 14, "color": BLACK},
    "margin": {"l": 70, "r": 20, "t": 30, "b": 60},
    "legend": {"orientation": "h", "y": -0.2, "yanchor": "top", "x": 0},
    "hovermode": "closest",
    "paper_bgcolor": "#ffffff",
    "plot_bgcolor": "#ffffff",
    "separators": ".,",
}


@dataclass(frozen=True)
class Chart:
    """One chart: element id, title, the plotly figure (JSON-ready dict) and its data table.

    ``columns``/``rows`` hold the raw values (the template escapes them); the figure holds inert text.
    ``value_format`` says how number cells are written: "money", "millions", "count", "date" or "text".
    ``bounds`` lists the bounds a reader can show one at a time ("upper", "lower"), if any.
    """

    key: str
    title: str
    figure: dict
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    value_format: str = "money"
    bounds: tuple[str, ...] = ()
    note: str = ""

    @property
    def is_empty(self) -> bool:
        return not self.rows


def inert(text: object) -> str:
    """Text plotly draws as it is: tags become visible characters, never links or formatting."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def wrap(text: object, width: int = 24, max_lines: int = 3) -> str:
    """A label wrapped on word boundaries into at most ``max_lines`` lines of ``width`` characters
    (the last one ends "…" if the text is longer), inert, joined with plotly's ``<br>``."""
    return _wrapped(str(text), width, max_lines)


# The same labels (milestone and workstream titles) are wrapped on every uncached dashboard and report:
# textwrap was a twentieth of the dashboard's time (issue 22). A pure function of its text, so remembered.
@lru_cache(maxsize=4096)
def _wrapped(text: str, width: int, max_lines: int) -> str:
    lines = textwrap.wrap(text, width=width, break_long_words=True, break_on_hyphens=False)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        lines[-1] = (last if len(last) < width else last[: width - 1].rstrip()) + "…"
    return "<br>".join(inert(line) for line in lines) or inert(text)


def figure(traces: list[dict], **layout) -> dict:
    """A figure dict on the base layout (nested dicts are merged one level deep)."""
    merged = dict(BASE_LAYOUT)
    for key, value in layout.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = {**merged[key], **value}
        else:
            merged[key] = value
    return {"data": traces, "layout": merged}


def number(value: Decimal | int | float | None) -> float | int | None:
    """A JSON number for plotly (whole pounds stay ints)."""
    if value is None:
        return None
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    return float(value)


def nice_step(span: float, target_ticks: int = 5) -> float:
    """A 1, 2, 2.5 or 5 x 10^n step giving about ``target_ticks`` ticks over ``span``."""
    if span <= 0:
        return 1.0
    raw = span / target_ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 2.5, 5, 10):
        if raw <= multiple * magnitude:
            return multiple * magnitude
    return 10 * magnitude  # pragma: no cover


def money_axis(
    values: Sequence[Decimal | int | float | None], title: str = "", target_ticks: int = 5
) -> dict:
    """A y (or x) axis whose ticks are written the one way ("£2.5m", "−£500k", "£0"), never "£−3M".

    Plotly's own formats put the £ before the minus sign, so the ticks are given explicitly.
    """
    numbers = [float(v) for v in values if v is not None]
    low, high = min(numbers + [0.0]), max(numbers + [0.0])
    step = nice_step(high - low, target_ticks)
    first = math.floor(low / step) * step
    ticks, tick = [], first
    while tick <= high + step * 1e-9:
        ticks.append(round(tick, 6))
        tick += step
    if ticks[-1] < high:
        ticks.append(round(ticks[-1] + step, 6))
    step_decimal = Decimal(str(step))
    axis = {
        "tickmode": "array",
        "tickvals": ticks,
        "ticktext": [axis_pounds(Decimal(str(t)), step_decimal) for t in ticks],
        "range": [ticks[0] - step * 0.05, ticks[-1] + step * 0.05],
        "zeroline": True,
        "zerolinecolor": GREY,
        "automargin": True,
    }
    if title:
        axis["title"] = {"text": inert(title)}
    return axis


def count_axis(max_value: int, title: str = "") -> dict:
    """An axis of whole numbers with about five ticks (not one per integer)."""
    step = max(1, int(nice_step(max(max_value, 1), 5)))
    axis = {"rangemode": "tozero", "dtick": step, "tickformat": ",d", "automargin": True}
    if title:
        axis["title"] = {"text": inert(title)}
    return axis


def money_trace(
    trace_type: str,
    x: Sequence,
    values: Sequence[Decimal | None],
    *,
    name: str,
    unit: str = "pounds",
    text: Sequence[str] | None = None,
    **attrs,
) -> dict:
    """A trace of money values: y as JSON numbers, hover text written the one way (core.money.pounds; or
    ``text``, the values already so written by the caller), and an inert ``name``. ``attrs`` add the trace's
    look (mode, line, marker, …)."""
    label = inert(name)
    return {
        "type": trace_type,
        "x": list(x),
        "y": [number(v) for v in values],
        "text": [pounds(v, unit) for v in values] if text is None else list(text),
        "name": label,
        # Our own markup only: the values arrive through trace.text, the name through <extra>.
        "hovertemplate": "%{x}: %{text}<extra>" + label + "</extra>",
        **attrs,
    }


def sparkline(
    values: Sequence[Decimal | int | float | None], *, label: str, width: int = 96, height: int = 24
) -> str:
    """A small inline SVG line of ``values`` (a table cell's trend), with ``label`` as its accessible name.

    Static markup, no script and no style attribute, so it needs nothing from the CSP; the row beside it
    holds the figures, so it is never the only way to read them. Returns "" for fewer than two values.
    """
    points = [float(v) for v in values if v is not None]
    if len(points) < 2:
        return ""
    low, high = min(points + [0.0]), max(points + [0.0])
    span = (high - low) or 1.0
    step = (width - 4) / (len(points) - 1)

    def y(value: float) -> float:
        return round(height - 2 - (value - low) / span * (height - 4), 1)

    path = " ".join(f"{round(2 + i * step, 1)},{y(v)}" for i, v in enumerate(points))
    return format_html(
        '<svg class="app-sparkline" width="{}" height="{}" viewBox="0 0 {} {}" role="img" aria-label="{}" '
        'focusable="false"><line x1="0" x2="{}" y1="{}" y2="{}" stroke="{}" stroke-width="1"/>'
        '<polyline points="{}" fill="none" stroke="{}" stroke-width="2"/></svg>',
        width, height, width, height, label, width, y(0.0), y(0.0), LIGHT_GREY, path, BLACK,
    )  # fmt: skip
