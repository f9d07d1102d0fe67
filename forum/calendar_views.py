"""The calendar feed: no sign-in (calendar apps cannot sign in); the secret in the URL is the key."""

from django.http import Http404, HttpResponse
from django.views.decorators.http import require_GET

from accounts.models import UserPreferences
from forum.calendar_feed import calendar_for


@require_GET
def calendar_feed(request, token):
    preferences = (
        UserPreferences.objects.filter(calendar_token=token, user__is_active=True)
        .select_related("user")
        .first()
    )
    if preferences is None or not token:
        raise Http404("No such calendar")
    response = HttpResponse(
        calendar_for(user=preferences.user, base_url=request.build_absolute_uri("/")),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = 'inline; filename="dsg-recovery-plan.ics"'
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
