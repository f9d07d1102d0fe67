"""An indicator's RAG: its value against the target for that period, in the indicator's good direction.

How far the value falls short of the target (in the indicator's own unit, 0 when it meets or beats it):
- Green: no worse than the target by more than the amber tolerance;
- Amber: worse by more than the amber tolerance, but not by more than the red tolerance;
- Red: worse by more than the red tolerance.
A tolerance of 0 makes any shortfall count. Pure: Decimals in, a Rag (or None) out.
"""

from __future__ import annotations

from decimal import Decimal

from workstreams.rag import Rag

HIGHER = "higher"
LOWER = "lower"
DIRECTIONS = {HIGHER: "Higher is better", LOWER: "Lower is better"}


def shortfall(*, direction: str, value: Decimal, target: Decimal) -> Decimal:
    """How much worse than the target the value is; 0 when it is on or better than target."""
    gap = target - value if direction == HIGHER else value - target
    return max(gap, Decimal(0))


def indicator_rag(
    *,
    direction: str,
    value: Decimal | None,
    target: Decimal | None,
    amber_tolerance: Decimal = Decimal(0),
    red_tolerance: Decimal = Decimal(0),
) -> Rag | None:
    """None when there is no value or no target to judge it by."""
    if value is None or target is None:
        return None
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be one of {sorted(DIRECTIONS)}, got {direction!r}")
    if amber_tolerance < 0 or red_tolerance < amber_tolerance:
        raise ValueError("tolerances must satisfy 0 <= amber tolerance <= red tolerance")
    gap = shortfall(direction=direction, value=value, target=target)
    if gap <= amber_tolerance:
        return Rag.GREEN
    if gap <= red_tolerance:
        return Rag.AMBER
    return Rag.RED
