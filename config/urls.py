from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from projections import demand_views
from recovery import account_forms, account_views, member_views
from recovery import views as recovery_views
from recovery.sign_in import SignInView
from spreadsheets import views as spreadsheet_views
from workstreams import calendar_views

urlpatterns = [
    path("healthz", recovery_views.healthz, name="healthz"),
    path("accounts/login/", SignInView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password_change/",
        auth_views.PasswordChangeView.as_view(form_class=account_forms.PasswordChangeForm),
        name="password_change",
    ),
    path(
        "accounts/password_reset/",
        auth_views.PasswordResetView.as_view(form_class=account_forms.PasswordResetForm),
        name="password_reset",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(form_class=account_forms.SetPasswordForm),
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
    path("admin/", admin.site.urls),
    path("account/", account_views.account, name="account"),
    path("account/calendar/reset/", account_views.calendar_reset, name="calendar_reset"),
    path("calendar/<str:token>.ics", calendar_views.calendar_feed, name="calendar_feed"),
    path("", recovery_views.home, name="home"),
    path("invitations/<str:token>/", member_views.invitation_accept, name="invitation_accept"),
    path("councils/<slug:slug>/members/", member_views.member_list, name="member_list"),
    path("councils/<slug:slug>/members/<int:pk>/remove/", member_views.member_remove, name="member_remove"),
    path("national/workbook.xlsx", spreadsheet_views.national_download, name="national_download"),
    path("", include("reports.public_urls")),
    path("councils/<slug:slug>/", include("reports.urls")),
    path("councils/<slug:slug>/", include("workstreams.urls")),
    path("councils/<slug:slug>/", include("projections.urls")),
    path("councils/<slug:slug>/", include("indicators.urls")),
    path("councils/<slug:slug>/", include("spreadsheets.urls")),
    path("councils/<slug:slug>/", include("dfe.urls")),
    path("national/dfe/", include("dfe.national_urls")),
    path("national/demand-backtest/", demand_views.national_demand_backtest, name="national_demand_backtest"),
]
