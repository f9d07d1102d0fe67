"""Django's own password forms, rendered the GOV.UK way (the shared renderer and field classes)."""

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.contrib.auth.validators import UnicodeUsernameValidator

from accounts.models import Role
from core.forms import GovukForm, GovukFormMixin


class PasswordChangeForm(GovukFormMixin, auth_forms.PasswordChangeForm):
    pass


class PasswordResetForm(GovukFormMixin, auth_forms.PasswordResetForm):
    pass


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

    def clean(self):
        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", "The two passwords do not match")
        elif first:
            try:
                password_validation.validate_password(first)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data
