"""Cells of the national DfE table: blank when there is no figure, never "None"."""

from decimal import ROUND_HALF_UP, Decimal

from django import template

from core.money import pounds_compact

register = template.Library()


@register.filter
def count(value) -> str:
    return "" if value is None else f"{int(value):,}"


@register.filter
def percent(value) -> str:
    if value is None:
        return ""
    shown = Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{shown}%".replace("-", "−")


@register.filter
def money(value) -> str:
    return "" if value is None else pounds_compact(value)
