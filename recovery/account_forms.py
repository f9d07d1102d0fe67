"""Django's own password forms, rendered the GOV.UK way (the shared renderer and field classes)."""

from django.contrib.auth import forms as auth_forms

from core.forms import GovukFormMixin


class PasswordChangeForm(GovukFormMixin, auth_forms.PasswordChangeForm):
    pass


class PasswordResetForm(GovukFormMixin, auth_forms.PasswordResetForm):
    pass


class SetPasswordForm(GovukFormMixin, auth_forms.SetPasswordForm):
    pass
