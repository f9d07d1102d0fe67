"""Sign-in with a limit per address across usernames (one address guessing many accounts), on top of
django-axes' per-username lock. Counted from axes' own attempt records, so every app server agrees."""

from datetime import timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.db.models import Sum
from django.shortcuts import render
from django.utils import timezone

from accounts.client_ip import client_ip


def address_failures(address: str) -> int:
    since = timezone.now() - timedelta(hours=settings.AXES_COOLOFF_TIME)
    counted = AccessAttempt.objects.filter(ip_address=address, attempt_time__gte=since).aggregate(
        failures=Sum("failures_since_start")
    )
    return counted["failures"] or 0


class SignInView(auth_views.LoginView):
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        if address_failures(client_ip(request)) >= settings.SIGN_IN_ADDRESS_FAILURE_LIMIT:
            return render(
                request,
                "registration/locked_out.html",
                {"address_locked": True, "hours": settings.AXES_COOLOFF_TIME},
                status=429,
            )
        return super().post(request, *args, **kwargs)
