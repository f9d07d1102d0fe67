"""Template helpers for the forecast pages' tables (money itself is written by core's `money` filters)."""

from django import template

register = template.Library()


@register.filter
def money_rows(figures, bound: str):
    """``figures.money_rows(bound)`` for templates."""
    return figures.money_rows(bound)


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


@register.filter
def share(value) -> str:
    """A share (0–1) as a percentage to one decimal place; blank when there is none."""
    if value is None:
        return ""
    return f"{float(value) * 100:.1f}%"
