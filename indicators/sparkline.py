"""A trend sparkline for a table row: an inline SVG polyline (no script, so the strict CSP holds), with a
sentence saying the same for screen readers. Pure: numbers in, points and words out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

WIDTH, HEIGHT, PAD = 96, 24, 3


@dataclass(frozen=True)
class Sparkline:
    points: str  # "x,y x,y …" for <polyline points>
    last_x: float
    last_y: float
    description: str

    @property
    def width(self) -> int:
        return WIDTH

    @property
    def height(self) -> int:
        return HEIGHT


def sparkline(values: Sequence[tuple[str, Decimal, str]]) -> Sparkline | None:
    """``values`` are (period, figure, figure as text) in time order; None with fewer than two figures."""
    if len(values) < 2:
        return None
    numbers = [float(v) for _, v, _ in values]
    low, high = min(numbers), max(numbers)
    span = (high - low) or 1.0
    step = (WIDTH - 2 * PAD) / (len(numbers) - 1)
    coords = [
        (round(PAD + i * step, 1), round(HEIGHT - PAD - (n - low) / span * (HEIGHT - 2 * PAD), 1))
        for i, n in enumerate(numbers)
    ]
    first, last = values[0], values[-1]
    trend = "up" if numbers[-1] > numbers[0] else "down" if numbers[-1] < numbers[0] else "level"
    description = f"Trend {trend}: {first[2]} in {first[0]} to {last[2]} in {last[0]}, {len(values)} figures"
    return Sparkline(
        points=" ".join(f"{x},{y}" for x, y in coords),
        last_x=coords[-1][0],
        last_y=coords[-1][1],
        description=description,
    )
