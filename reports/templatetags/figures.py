"""How a chart's data-table cell is written: money, counts or dates; blank for a missing value."""

import re
from datetime import date

from django import template
from django.utils.html import format_html

from core.money import pounds

register = template.Library()


@register.filter
def chart_cell(value, value_format: str) -> str:
    """A chart data-table cell. ``value_format`` is "money", "millions", "count", "date" or "text"."""
    if value is None or value == "":
        return ""
    if isinstance(value, date):
        return value.strftime("%-d %b %Y")
    if isinstance(value, str):
        return value
    if value_format == "money":
        return pounds(value)
    if value_format == "millions":
        return pounds(value, "millions")
    return f"{value:,}"


_FINANCIAL_YEAR = re.compile(r"\d{4}-\d{2}")


@register.filter
def year_nowrap(value):
    """A financial year ("2020-21") kept on one line: a narrow column broke it as "2020-/21"."""
    text = str(value)
    if _FINANCIAL_YEAR.fullmatch(text):
        return format_html('<span class="app-nowrap">{}</span>', text)
    return value
