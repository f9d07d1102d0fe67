"""Rendering a council page: every template gets the access (navigation, role-dependent controls) and the
council, so views only add what is their own."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from recovery.access import CouncilAccess


def council_page(
    request: HttpRequest, template: str, access: CouncilAccess, *, status: int = 200, **context
) -> HttpResponse:
    return render(request, template, {"access": access, "council": access.council, **context}, status=status)
