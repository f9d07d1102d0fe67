"""How a DfE figure is written on a page: "2,080", "£4,224,363", a DfE symbol with its meaning, or blank."""

from decimal import Decimal

from django import template
from django.utils.html import format_html

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
