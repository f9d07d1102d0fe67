from django import template

from accounts.navigation import council_navigation

register = template.Library()


@register.simple_tag(takes_context=True)
def council_sections(context):
    """The council's navigation for the page being rendered (see accounts.navigation)."""
    request = context["request"]
    match = getattr(request, "resolver_match", None)
    access, url_name = context["access"], match.url_name if match else ""
    # Every council page draws it twice (the council's sections and the current section's pages): worked out
    # once per request and reader (two dozen reverse() calls each time).
    key = (id(access), access.council.slug, url_name)
    found = getattr(request, "_council_sections", None)
    if found is None or found[0] != key:
        found = request._council_sections = (key, council_navigation(access=access, url_name=url_name))
    return found[1]
