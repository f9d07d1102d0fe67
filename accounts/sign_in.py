"""Sign-in limits on top of django-axes' lock per username and address: an address guessing many accounts is
slowed down (never shut out: a council's office shares one address), and a username guessed from many
addresses is locked. Counted from axes' own attempt records, so every app server agrees."""

import math
from datetime import datetime, timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.db.models import Max, Sum
from django.shortcuts import render
from django.utils import timezone

from accounts.client_ip import client_ip


def _failures(**lookup) -> tuple[int, datetime | None]:
    """Failures in the cool-off hour for the lookup (an address, or a username), and when the last was."""
    since = timezone.now() - timedelta(hours=settings.AXES_COOLOFF_TIME)
    counted = AccessAttempt.objects.filter(attempt_time__gte=since, **lookup).aggregate(
        failures=Sum("failures_since_start"), last=Max("attempt_time")
    )
    return counted["failures"] or 0, counted["last"]


def address_failures(address: str) -> int:
    return _failures(ip_address=address)[0]


def address_wait(address: str) -> int:
    """Seconds the address must wait before its next attempt: 0 below the limit; past it, one attempt per
    SIGN_IN_ADDRESS_SLOWDOWN_SECONDS, so a guesser is slowed and the office behind it still gets in."""
    failures, last = _failures(ip_address=address)
    if failures < settings.SIGN_IN_ADDRESS_FAILURE_LIMIT or last is None:
        return 0
    waited = (timezone.now() - last).total_seconds()
    return max(0, math.ceil(settings.SIGN_IN_ADDRESS_SLOWDOWN_SECONDS - waited))


def username_locked(username: str) -> bool:
    """Too many failures for this username across all addresses (a guesser spreading over many)."""
    return bool(username) and _failures(username=username)[0] >= settings.SIGN_IN_USERNAME_FAILURE_LIMIT


class SignInView(auth_views.LoginView):
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        if wait := address_wait(client_ip(request)):
            response = render(
                request, "registration/locked_out.html", {"address_slowed": True, "seconds": wait}, status=429
            )
            response["Retry-After"] = str(wait)
            return response
        if username_locked(request.POST.get("username", "")):
            return render(
                request,
                "registration/locked_out.html",
                {"username_locked": True, "hours": settings.AXES_COOLOFF_TIME},
                status=429,
            )
        return super().post(request, *args, **kwargs)
