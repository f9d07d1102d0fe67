"""Django's own password forms, rendered the GOV.UK way (the shared renderer and field classes)."""

import hashlib
import logging

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.cache import cache

from accounts.client_ip import client_ip
from accounts.models import Role
from core.forms import GovukForm, GovukFormMixin

log = logging.getLogger(__name__)


class PasswordChangeForm(GovukFormMixin, auth_forms.PasswordChangeForm):
    pass


RESETS_PER_EMAIL = 3  # reset emails to one address in an hour
RESETS_PER_CLIENT = 10  # reset requests from one client address in an hour


class PasswordResetForm(GovukFormMixin, auth_forms.PasswordResetForm):
    """Sends at most RESETS_PER_EMAIL emails an hour to one address and serves RESETS_PER_CLIENT requests an
    hour from one client, so the form cannot be used to flood someone's inbox. The page says the same either
    way (it never says whether an address has an account)."""

    def save(self, *args, request=None, **kwargs):
        email = self.cleaned_data["email"].strip().lower()
        by_email = "reset:email:" + hashlib.sha256(email.encode()).hexdigest()
        by_client = f"reset:client:{client_ip(request) if request is not None else ''}"
        if not (_within(by_client, RESETS_PER_CLIENT) and _within(by_email, RESETS_PER_EMAIL)):
            log.warning("password reset refused: over the hourly limit for the address or the client")
            return
        super().save(*args, request=request, **kwargs)


def _within(key: str, limit: int) -> bool:
    """Count one more use of ``key`` this hour; False once past ``limit`` (a cache that is down counts 0)."""
    used = cache.get(key, 0)
    if used >= limit:
        return False
    cache.set(key, used + 1, 60 * 60)
    return True


class SetPasswordForm(GovukFormMixin, auth_forms.SetPasswordForm):
    pass


class InviteForm(GovukForm):
    email = forms.EmailField(
        label="Email address", error_messages={"required": "Enter the email address to invite", "invalid":
                                               "Enter an email address like name@council.gov.uk"},
    )  # fmt: skip
    role = forms.ChoiceField(
        label="Role", choices=Role.choices, widget=forms.RadioSelect,
        error_messages={"required": "Choose the role they will have"},
    )  # fmt: skip


class AcceptInvitationForm(GovukForm):
    first_name = forms.CharField(label="First name", max_length=150, required=False)
    last_name = forms.CharField(label="Last name", max_length=150, required=False)
    username = forms.CharField(
        label="Username", max_length=150, help_text="What you will sign in with, for example hcarr.",
        validators=[UnicodeUsernameValidator()], error_messages={"required": "Choose a username"},
    )  # fmt: skip
    password1 = forms.CharField(label="Password", widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label="Password again", widget=forms.PasswordInput, strip=False)

    def __init__(self, *args, email: str = "", **kwargs):
        self.email = email  # the invitation's: the password must not resemble it either
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", "The two passwords do not match")
        elif first:
            # The account to be, so the similarity check compares the password with the chosen username,
            # the names and the address.
            account = get_user_model()(
                username=data.get("username", ""),
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
                email=self.email,
            )
            try:
                password_validation.validate_password(first, user=account)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data
