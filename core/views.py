"""Pages that belong to no council: the health checks and the CSRF failure page."""

import os
import secrets
import socket

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


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
