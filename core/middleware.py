"""A write that lost a lock race (PostgreSQL aborted it as a deadlock, or could not serialise it) is a
clear message, never a 500: its transaction was rolled back whole, so nothing of it was saved and trying
again is safe.

Services take locks in one order (the council row first: see recovery.data_version), so this is the safety
net for an order nobody foresaw, not the plan.
"""

import logging

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
