"""Rendering a council page: every template gets the access (navigation, role-dependent controls) and the
council, so views only add what is their own."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.access import CouncilAccess


def not_found(request: HttpRequest) -> HttpResponse:
    """The 404 page itself, for pages a user may not know exist (the national overview for non-staff): the
    same page in development as in production, never Django's debug page listing every URL."""
    return render(request, "404.html", status=404)


def council_page(
    request: HttpRequest, template: str, access: CouncilAccess, *, status: int = 200, **context
) -> HttpResponse:
    return render(request, template, {"access": access, "council": access.council, **context}, status=status)
