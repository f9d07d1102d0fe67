from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from recovery import views as recovery_views
from recovery.sign_in import SignInView
from spreadsheets import views as spreadsheet_views

urlpatterns = [
    path("healthz", recovery_views.healthz, name="healthz"),
    path("accounts/login/", SignInView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("", recovery_views.home, name="home"),
    path("national/workbook.xlsx", spreadsheet_views.national_download, name="national_download"),
    path("", include("reports.public_urls")),
    path("councils/<slug:slug>/", include("reports.urls")),
    path("councils/<slug:slug>/", include("workstreams.urls")),
    path("councils/<slug:slug>/", include("projections.urls")),
    path("councils/<slug:slug>/", include("spreadsheets.urls")),
]
