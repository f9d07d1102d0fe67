"""Template filters over core.money, so every page writes money and rates the same way.

{% load money %}  {{ value|pounds }}  {{ value|pounds:forecast.figures_unit }}  {{ value|pounds_compact }}
{{ difference|signed_pounds }}  {{ fraction|percent }}  {{ per_cent|signed_percent }}  {{ 2024|fy }}
"""

from django import template
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe

from core import money
from core.financial_years import fy_label

register = template.Library()

register.filter("pounds", money.pounds)
register.filter("signed_pounds", money.signed_pounds)
register.filter("pounds_compact", money.pounds_compact)
register.filter("percent", money.percent)
register.filter("signed_percent", money.signed_percent)


@register.filter
def fy(start_year) -> str:
    """2024 -> "2024-25"."""
    return fy_label(int(start_year))


NUMERIC_CELL = "govuk-table__cell app-table__cell--numeric"


@register.simple_tag
def pounds_cells(values, cell_class: str = NUMERIC_CELL) -> str:
    """{% pounds_cells row.spend %}: a <td class="…">{{ value|pounds }}</td> per value, as that template loop
    wrote them, in one pass (the forecast page's tables have a hundred figures)."""
    css = conditional_escape(cell_class)
    return mark_safe("".join(f'<td class="{css}">{escape(money.pounds(value))}</td>' for value in values))  # noqa: S308
