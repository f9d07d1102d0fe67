"""Template filters over core.money, so every page writes money and rates the same way.

{% load money %}  {{ value|pounds }}  {{ value|pounds:forecast.figures_unit }}  {{ value|pounds_compact }}
{{ difference|signed_pounds }}  {{ fraction|percent }}  {{ per_cent|signed_percent }}  {{ 2024|fy }}
"""

from django import template

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
