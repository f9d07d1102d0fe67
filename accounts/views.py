"""Your account: email reminders on or off, and your calendar feed's address (with a reset)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from accounts import services
from core.forms import GovukForm


class PreferencesForm(GovukForm):
    hide_optional = True
    receives_reminders = forms.BooleanField(
        label="Email me reminders before each Schools Forum's update deadline",
        required=False,
        help_text="One email per meeting, listing your milestones that are overdue, due, or not updated.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def account(request):
    preferences = services.preferences_for(request.user)
    # An unticked box posts nothing: an empty POST is still a choice (reminders off).
    form = PreferencesForm(
        request.POST if request.method == "POST" else None,
        initial={"receives_reminders": preferences.receives_reminders},
    )
    if request.method == "POST" and form.is_valid():
        services.preferences_update(
            user=request.user, receives_reminders=form.cleaned_data["receives_reminders"]
        )
        messages.success(
            request,
            "Reminders are on." if form.cleaned_data["receives_reminders"] else "You will get no reminders.",
        )
        return redirect("account")
    feed_url = (
        request.build_absolute_uri(reverse("calendar_feed", args=[preferences.calendar_token]))
        if preferences.calendar_token
        else ""
    )
    return render(
        request,
        "accounts/account.html",
        {
            "form": form,
            "feed_url": feed_url,
            "webcal_url": feed_url.replace("https://", "webcal://", 1).replace("http://", "webcal://", 1),
        },
    )


@login_required
@require_POST
def calendar_reset(request):
    had_one = bool(services.preferences_for(request.user).calendar_token)
    services.calendar_token_reset(user=request.user)
    messages.success(
        request,
        "Your calendar has a new address: the old one no longer works. Subscribe again with the new one."
        if had_one
        else "Your calendar address is ready: add it to Outlook or Google Calendar.",
    )
    return redirect(reverse("account") + "#calendar")
