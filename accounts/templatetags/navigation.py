from django import template

from accounts.navigation import council_navigation

register = template.Library()


@register.simple_tag(takes_context=True)
def council_sections(context):
    """The council's navigation for the page being rendered (see accounts.navigation). Built once per
    request: the header's navigation and the section's side navigation both ask for it."""
    request = context["request"]
    access = context["access"]
    match = getattr(request, "resolver_match", None)
    key = (access.council.pk, access.role, access.is_staff, match.url_name if match else "")
    built = getattr(request, "_council_sections", None)
    if built is None or built[0] != key:
        built = (key, council_navigation(access=access, url_name=key[3]))
        request._council_sections = built
    return built[1]
