"""Money and rates written one way everywhere: pages, chart hover text, axis ticks and Excel formats.

- exact figures in whole pounds: "£1,250,000", "−£569,000" (a true minus, U+2212, before the pound sign);
- figures a council gave in millions stay in millions: "£16m", "£3.57m" (never "£16,000,000");
- compact figures ("£3.4m", "£357k") only where a headline card quotes a figure that a table beside it
  gives exactly;
- rates: 0.75 -> "75%", 0.0825 -> "8.25%";
- a missing value is "" (blank), never "None".

One parser reads what people type into a money box: "£1,250,000", "1,250,000.50", "−30,000".
Pure Python: no Django, nothing of ours.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

MINUS = "\u2212"
POUNDS = "pounds"
MILLIONS = "millions"

Number = Decimal | int | float | str | None


def _decimal(value: Number) -> Decimal | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _signed(text: str, negative: bool) -> str:
    return f"{MINUS}{text}" if negative else text


def whole_pounds(value: Number) -> Decimal | None:
    """Rounded to the pound, halves away from zero (as the engine and Excel's ROUND do)."""
    amount = _decimal(value)
    return None if amount is None else amount.quantize(Decimal(1), rounding=ROUND_HALF_UP)


def _millions_text(amount: Decimal, places: int) -> str:
    millions = (abs(amount) / 1_000_000).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{millions:,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"£{text}m"


def pounds(value: Number, unit: str = POUNDS) -> str:
    """An exact figure: "£1,250,000", "−£569,000"; in ``MILLIONS``: "£16m", "£3.57m" (to £10,000)."""
    amount = _decimal(value)
    if amount is None:
        return ""
    if unit == MILLIONS:
        text = _millions_text(amount, 2)
        return _signed(text, amount < 0 and text != "£0m")
    whole = whole_pounds(amount)
    return _signed(f"£{abs(whole):,}", whole < 0)


def signed_pounds(value: Number, unit: str = POUNDS) -> str:
    """A difference: "+£12,000", "−£3,500", "£0"."""
    amount = _decimal(value)
    if amount is None:
        return ""
    text = pounds(abs(amount), unit)
    if text in ("£0", "£0m"):
        return text
    return f"+{text}" if amount > 0 else f"{MINUS}{text}"


def pounds_compact(value: Number) -> str:
    """A headline figure: "£3.4m", "£357k", "−£3.4m", "£950". Beside it, a table gives the exact one."""
    amount = _decimal(value)
    if amount is None:
        return ""
    size = abs(amount)
    # Each cut-off is where the smaller unit would round up to 1,000 of itself ("£1000k", "£1000").
    if size >= 999_500:
        text = _millions_text(size, 1)
    elif size >= Decimal("999.5"):
        text = f"£{(size / 1_000).quantize(Decimal(1), rounding=ROUND_HALF_UP)}k"
    else:
        text = f"£{size.quantize(Decimal(1), rounding=ROUND_HALF_UP)}"
    return _signed(text, amount < 0 and text not in ("£0", "£0k"))


def axis_pounds(value: Number, step: Number) -> str:
    """An axis tick: as short as the tick spacing allows ("£250k", "−£1.5m", "£0")."""
    amount, spacing = _decimal(value), abs(_decimal(step) or Decimal(1))
    if amount is None:
        return ""
    if amount == 0:
        return "£0"
    size = abs(amount)
    if spacing >= 100_000 and size >= 1_000_000:
        places = 0 if spacing % 1_000_000 == 0 else (1 if spacing % 100_000 == 0 else 2)
        return _signed(_millions_text(size, places), amount < 0)
    if spacing >= 1_000 and size >= 1_000:
        thousands = (size / 1_000).quantize(Decimal(1) if spacing % 1_000 == 0 else Decimal("0.1"))
        return _signed(f"£{thousands.normalize():,f}k", amount < 0)
    return pounds(amount)


def percent(fraction: Number) -> str:
    """A fraction as per cent: 0.75 -> "75%", 0.0825 -> "8.25%", -0.005 -> "−0.5%"."""
    number = _decimal(fraction)
    if number is None:
        return ""
    per_cent = (number * 100).normalize()
    text = format(abs(per_cent.quantize(Decimal(1)) if per_cent == per_cent.to_integral() else per_cent), "f")
    return _signed(f"{text}%", per_cent < 0)


def signed_percent(per_cent: Number) -> str:
    """A difference already in per cent: "+3.2%", "−10.0%", "0%"."""
    number = _decimal(per_cent)
    if number is None:
        return ""
    if number == 0:
        return "0%"
    return f"{'+' if number > 0 else MINUS}{abs(number)}%"


# --- reading what people type --------------------------------------------------------------------------

_MONEY_TEXT = re.compile(r"[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?|[+-]?\.\d+")


class MoneyParseError(ValueError):
    """Not an amount of money; the message says what was expected."""


def parse_money(text: str) -> Decimal:
    """ "£1,250,000" -> Decimal("1250000"); "−30,000.50", "-£30", "1250000" are fine.

    Thousands separators must be in the right places ("1,25,000" is refused, so a mistyped figure is
    not silently read as another). Raises ``MoneyParseError``.
    """
    cleaned = str(text).strip().replace(MINUS, "-").replace("\u2013", "-").replace(" ", "")
    negative = cleaned.startswith("-")
    if cleaned[:1] in ("+", "-"):
        cleaned = cleaned[1:]
    cleaned = cleaned.removeprefix("£")
    if negative:
        cleaned = "-" + cleaned
    if not _MONEY_TEXT.fullmatch(cleaned):
        raise MoneyParseError(f"{text!r} is not an amount in pounds, like 1,250,000")
    try:
        return Decimal(cleaned.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid numbers
        raise MoneyParseError(f"{text!r} is not an amount in pounds") from None
