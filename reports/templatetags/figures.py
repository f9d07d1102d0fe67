"""How figures are written on pages and in the Forum report: exact pounds in tables, short in headlines."""

from datetime import date
from decimal import Decimal

from django import template

from projections.templatetags.projections_format import pounds, rate_percent

register = template.Library()


# One way of writing pounds and rates across the app: the finance pages' filters, registered here too.
register.filter("pounds", pounds)
register.filter("percent", rate_percent)


@register.filter
def pounds_short(value) -> str:
    """16000000 -> "£16.0m"; 357000 -> "£357k"; None -> "–"."""
    if value is None or value == "":
        return "–"
    amount = Decimal(str(value))
    sign = "-" if amount < 0 else ""
    amount = abs(amount)
    if amount >= 1_000_000:
        return f"{sign}£{amount / 1_000_000:.1f}m"
    if amount >= 1_000:
        return f"{sign}£{amount / 1_000:.0f}k"
    return f"{sign}£{amount:.0f}"


@register.filter
def chart_cell(value, value_format: str) -> str:
    """A chart data-table cell: money, counts or dates, with "–" for a missing value."""
    if value is None or value == "":
        return "–"
    if isinstance(value, date):
        return value.strftime("%-d %b %Y")
    if isinstance(value, str):
        return value
    if value_format == "money":
        return pounds(value)
    return f"{value:,}"
