"""URLs under /councils/<slug>/ for forecasts and actuals."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
