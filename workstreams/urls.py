"""URLs under /councils/<slug>/ for workstreams and milestones."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
