import os
import secrets
import socket

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from recovery.access import councils_for_user
from recovery.models import Role
from recovery.selectors import next_meetings


@require_GET
@never_cache
def healthz(request):
    """Load balancers poll this (over plain HTTP too: production exempts it from the HTTPS redirect). It needs
    no login and asks the database one trivial question, so a server that cannot reach it drops out."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable", content_type="text/plain", status=503)
    return HttpResponse("ok", content_type="text/plain")


@require_GET
@never_cache
def healthz_cache(request):
    """Monitoring polls this for the shared cache (Redis or the database table), apart from /healthz: pages
    carry on without the cache (a failure is a miss, logged), so a load balancer should not drop a server
    for it, but someone should hear that pages are being built afresh every time."""
    key, token = f"healthz:{socket.gethostname()}:{os.getpid()}", secrets.token_hex(8)
    try:
        cache.set(key, token, 60)
        answered = cache.get(key) == token
    except Exception:  # noqa: BLE001 - any failure of any backend is "unavailable" here
        answered = False
    if not answered:
        return HttpResponse("cache unavailable", content_type="text/plain", status=503)
    return HttpResponse("ok", content_type="text/plain")


def csrf_failure(request, reason=""):
    """A GOV.UK page with a way back, not Django's bare 403 (CSRF_FAILURE_VIEW)."""
    return render(request, "403_csrf.html", status=403)


@login_required
def home(request):
    roles = dict(request.user.memberships.values_list("council_id", "role"))
    if not request.user.is_superuser and len(roles) == 1:
        # Someone with one council has nothing to choose here: they land on its dashboard.
        return redirect("council_dashboard", slug=councils_for_user(request.user).get().slug)
    councils = list(councils_for_user(request.user).order_by("name"))
    upcoming = next_meetings(councils=councils, today=timezone.localdate())
    fallback = "Staff" if request.user.is_superuser else ""
    rows = [
        (
            council,
            Role(roles[council.pk]).label if council.pk in roles else fallback,
            upcoming.get(council.pk),
        )
        for council in councils
    ]
    return render(request, "recovery/home.html", {"rows": rows})
