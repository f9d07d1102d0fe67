"""Middleware of the service's own.

LockConflictMiddleware: a write that lost a lock race (PostgreSQL aborted it as a deadlock, or could not
serialise it) is a clear message, never a 500: its transaction was rolled back whole, so nothing of it was
saved and trying again is safe.

Services take locks in one order (the council row first: see recovery.data_version), so this is the safety
net for an order nobody foresaw, not the plan.
"""

import logging
import re

from django.db import OperationalError
from django.shortcuts import render

log = logging.getLogger(__name__)

# SQLSTATE codes: deadlock_detected, serialization_failure, lock_not_available.
LOST_RACE = {"40P01", "40001", "55P03"}


def lost_a_lock_race(error: BaseException) -> bool:
    cause = error.__cause__
    return isinstance(error, OperationalError) and getattr(cause, "sqlstate", None) in LOST_RACE


class LockConflictMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not lost_a_lock_race(exception):
            return None
        log.warning("lost a lock race on %s %s: %s", request.method, request.path, exception)
        return render(request, "core/lock_conflict.html", status=409)


# Features no page of the service uses: a page (or anything injected into one) may not ask for them.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer", "camera", "display-capture", "geolocation", "gyroscope", "magnetometer",
        "microphone", "midi", "payment", "publickey-credentials-get", "serial", "usb", "xr-spatial-tracking",
    )
)  # fmt: skip
# A path segment that is a secret token (calendar feeds, public reports, invitations, password resets).
SECRET_SEGMENT = re.compile(r"(?<=/)[A-Za-z0-9_\-]{20,}(?=(\.ics)?(/|$))")


def redacted_path(path: str) -> str:
    return SECRET_SEGMENT.sub("[token]", path)


class PrivacyHeadersMiddleware:
    """Signed-in pages show personal data (names, the council's milestones): no shared or browser cache may
    keep them (`Cache-Control: private, no-store`, unless a view said otherwise). Every response carries a
    Permissions-Policy, and an `X-Log-Path` with any secret token in the path replaced, for access logs to
    record instead of the path (README, "Access logs")."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            response["Cache-Control"] = "private, no-store"
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response["X-Log-Path"] = redacted_path(request.path)
        return response
