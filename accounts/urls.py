"""Signing in and out, passwords, your account, invitations and a council's members."""

from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import forms, member_views, views
from accounts.sign_in import SignInView

urlpatterns = [
    path("accounts/login/", SignInView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password_change/",
        auth_views.PasswordChangeView.as_view(form_class=forms.PasswordChangeForm),
        name="password_change",
    ),
    path(
        "accounts/password_reset/",
        auth_views.PasswordResetView.as_view(form_class=forms.PasswordResetForm),
        name="password_reset",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(form_class=forms.SetPasswordForm),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "accounts/password_reset/done/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"
    ),
    path("account/", views.account, name="account"),
    path("account/calendar/reset/", views.calendar_reset, name="calendar_reset"),
    path("invitations/<str:token>/", member_views.invitation_accept, name="invitation_accept"),
    path("councils/<slug:slug>/members/", member_views.member_list, name="member_list"),
    path("councils/<slug:slug>/members/<int:pk>/remove/", member_views.member_remove, name="member_remove"),
    path(
        "councils/<slug:slug>/invitations/<int:pk>/resend/",
        member_views.invitation_resend,
        name="invitation_resend",
    ),
    path(
        "councils/<slug:slug>/invitations/<int:pk>/cancel/",
        member_views.invitation_cancel,
        name="invitation_cancel",
    ),
]
