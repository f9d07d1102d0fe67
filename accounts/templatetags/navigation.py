from django import template

from accounts.navigation import council_navigation

register = template.Library()


@register.simple_tag(takes_context=True)
def council_sections(context):
    """The council's navigation for the page being rendered (see accounts.navigation)."""
    request = context["request"]
    match = getattr(request, "resolver_match", None)
    return council_navigation(access=context["access"], url_name=match.url_name if match else "")
