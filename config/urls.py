from django.contrib import admin
from django.urls import include, path

from core.views import healthz, healthz_cache
from forum.calendar_views import calendar_feed
from projections import demand_views
from reports.views import home
from spreadsheets import views as spreadsheet_views

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("healthz/cache", healthz_cache, name="healthz_cache"),
    path("admin/", admin.site.urls),
    path("", include("accounts.urls")),
    # The calendar feed's address carries its secret: calendar apps cannot sign in.
    path("calendar/<str:token>.ics", calendar_feed, name="calendar_feed"),
    path("", home, name="home"),
    path("national/workbook.xlsx", spreadsheet_views.national_download, name="national_download"),
    path("", include("reports.public_urls")),
    path("councils/<slug:slug>/", include("reports.urls")),
    path("councils/<slug:slug>/", include("workstreams.urls")),
    path("councils/<slug:slug>/", include("forum.urls")),
    path("councils/<slug:slug>/", include("projections.urls")),
    path("councils/<slug:slug>/", include("indicators.urls")),
    path("councils/<slug:slug>/", include("spreadsheets.urls")),
    path("councils/<slug:slug>/", include("dfe.urls")),
    path("councils/<slug:slug>/", include("dsg.urls")),
    path("councils/<slug:slug>/", include("agreements.urls")),
    path("national/dfe/", include("dfe.national_urls")),
    path("national/demand-backtest/", demand_views.national_demand_backtest, name="national_demand_backtest"),
]
