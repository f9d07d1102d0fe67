"""Template helpers for the forecast pages' tables (money itself is written by core's `money` filters)."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from core import money

register = template.Library()

CELL = '<td class="govuk-table__cell app-table__cell--numeric">'
NO_FIGURE = '<span class="govuk-visually-hidden">No figure</span>'


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


@register.simple_tag
def deficit_cells(row, unit) -> str:
    """{% deficit_cells row figures.unit %}: a year's cumulative deficit cells, a <td> per series as the
    forecast table's template loop wrote them ("No figure", visually hidden, where there is none), in one
    pass."""
    cells = (
        f"{CELL}{escape(money.pounds(cell.cumulative_deficit, unit))}</td>"
        if cell
        else f"{CELL}{NO_FIGURE}</td>"
        for cell in row.cells
    )
    return mark_safe("".join(cells))  # noqa: S308 - every figure escaped above
