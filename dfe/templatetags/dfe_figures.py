"""How a DfE figure is written on a page: "2,080", "£4,224,363", a DfE symbol with its meaning, or blank."""

from decimal import Decimal

from django import template
from django.utils.html import format_html, format_html_join

from core.money import pounds

register = template.Library()


@register.filter
def dfe_cell(cell, unit: str = "count") -> str:
    if cell is None:
        return ""
    if cell.value is None:
        return format_html('<abbr title="{}">{}</abbr>', cell.meaning or "not available", cell.symbol)
    value: Decimal = cell.value
    if unit == "pounds":
        return pounds(value)
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value.normalize():,}"


@register.simple_tag
def dfe_table_body(section) -> str:
    """The rows of a section's table, written in one go (a page holds a few hundred cells)."""
    unit = section.spec.unit
    rows = (
        format_html(
            '<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">{}</th>{}</tr>',
            period,
            format_html_join(
                "",
                '<td class="govuk-table__cell govuk-table__cell--numeric">{}</td>',
                ((dfe_cell(c, unit),) for c in cells),
            ),
        )
        for period, cells in section.rows
    )
    return format_html_join("", "{}", ((row,) for row in rows))


@register.filter
def dfe_number(value, unit: str = "count") -> str:
    """A number without its symbol (blank when there is none)."""
    if value is None:
        return ""
    return dfe_cell(_Plain(value), unit)


class _Plain:
    symbol = ""
    meaning = ""

    def __init__(self, value):
        self.value = value
