"""Money and rates as finance papers print them: "£1,250,000", "-£30,000", "+£12,000", "75%"."""

from decimal import ROUND_HALF_UP, Decimal

from django import template

from recovery.financial_years import fy_label

register = template.Library()


def _whole(value) -> Decimal | None:
    if value is None or value == "":
        return None
    return Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP)


@register.filter
def pounds(value) -> str:
    """Whole pounds with thousands separators; a surplus (negative) keeps its minus sign; None is a dash."""
    amount = _whole(value)
    if amount is None:
        return "–"
    sign = "-" if amount < 0 else ""
    return f"{sign}£{abs(amount):,}"


@register.filter
def signed_pounds(value) -> str:
    """A difference: "+£12,000", "-£3,500", "£0"."""
    amount = _whole(value)
    if amount is None:
        return "–"
    if amount == 0:
        return "£0"
    return f"{'+' if amount > 0 else '-'}£{abs(amount):,}"


@register.filter
def rate_percent(value) -> str:
    """A fraction as per cent: 0.75 -> "75%", 0.0825 -> "8.25%"."""
    if value is None or value == "":
        return "–"
    number = (Decimal(str(value)) * 100).normalize()
    text = format(number.quantize(Decimal(1)) if number == number.to_integral() else number, "f")
    return f"{text}%"


@register.filter
def signed_percent(value) -> str:
    """A per-cent difference: "+3.2%", "-10.0%"; None is a dash."""
    if value is None or value == "":
        return "–"
    number = Decimal(str(value))
    return f"{'+' if number > 0 else ''}{number}%"


@register.filter
def fy(start_year) -> str:
    """2024 -> "2024-25"."""
    return fy_label(int(start_year))


@register.filter
def money_rows(table, bound: str):
    """``table.money_rows(bound)`` for templates."""
    return table.money_rows(bound)


@register.filter
def sensitivity_cells(row) -> list:
    """A sensitivity row's cells in column order: deficit, then reduction, for each series."""
    return [value for pair in zip(row.values, row.reductions, strict=True) for value in pair]


@register.filter
def sub(value, other):
    """``a|sub:b`` = a - b (Decimals), None if either is missing."""
    if value is None or other is None:
        return None
    return value - other
