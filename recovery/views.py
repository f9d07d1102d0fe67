from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from recovery.access import councils_for_user
from recovery.models import Role


@require_GET
@never_cache
def healthz(request):
    """Load balancers poll this; it needs no login and touches no table."""
    return HttpResponse("ok", content_type="text/plain")


@login_required
def home(request):
    roles = dict(request.user.memberships.values_list("council_id", "role"))
    if not request.user.is_superuser and list(roles.values()) == [Role.FORUM]:
        # Schools Forum members of one council land on its dashboard (its report list is one click away).
        return redirect("council_dashboard", slug=councils_for_user(request.user).get().slug)
    councils = councils_for_user(request.user).order_by("name")
    fallback = "Staff" if request.user.is_superuser else ""
    rows = [
        (council, Role(roles[council.pk]).label if council.pk in roles else fallback) for council in councils
    ]
    return render(request, "recovery/home.html", {"rows": rows})
