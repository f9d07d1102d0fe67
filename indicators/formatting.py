"""An indicator's figures written one way on pages, charts, the report snapshot and Excel.

Counts "2,048" (decimals kept when there are any: "12.5"), per cent on the 0 to 100 scale the DfE uses
("63.2%"), money through core.money ("£357,000"), ratios "1.25". Missing is blank; "not available" and
"not applicable" are words, never 0.
"""

from __future__ import annotations

from decimal import Decimal

from core.money import MINUS, pounds

COUNT = "count"
PERCENT = "percent"
POUNDS = "pounds"
RATIO = "ratio"
UNITS = {COUNT: "Count", PERCENT: "Per cent (0 to 100)", POUNDS: "Pounds (£)", RATIO: "Ratio"}

NOT_AVAILABLE_TEXT = "Not available"
NOT_APPLICABLE_TEXT = "Not applicable"


def plain(value: Decimal) -> str:
    """2048 -> "2,048"; Decimal("63.20") -> "63.2"; -3 -> "−3"."""
    normal = value.normalize()
    if normal == normal.to_integral_value():
        text = f"{abs(normal.quantize(Decimal(1))):,}"
    else:
        text = f"{abs(normal):,f}"
    return f"{MINUS}{text}" if value < 0 else text


def value_text(unit: str, value: Decimal | None) -> str:
    if value is None:
        return ""
    if unit == POUNDS:
        return pounds(value)
    if unit == PERCENT:
        return f"{plain(value)}%"
    return plain(value)


def unit_suffix(unit: str) -> str:
    """What a form box shows after the number."""
    return {PERCENT: "%"}.get(unit, "")
