"""A lead officer's name as pages show it: the full name with the papers' initials, never initials alone
behind a hover title (a phone has no hover)."""

from django import template

from workstreams.tables import lead_abbr

register = template.Library()


@register.simple_tag
def lead_name(lead) -> str:
    return lead_abbr(lead)
