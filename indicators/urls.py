"""URLs under /councils/<slug>/ for the SEND performance framework."""

from django.urls import path

from indicators import views

urlpatterns = [
    path("indicators/", views.indicator_list, name="indicator_list"),
    path("indicators/new/", views.indicator_create, name="indicator_create"),
    path("indicators/import-sen2/", views.sen2_import, name="sen2_import"),
    path("indicators/import-sen2/confirm/", views.sen2_import_confirm, name="sen2_import_confirm"),
    path("indicators/<int:pk>/", views.indicator_detail, name="indicator_detail"),
    path("indicators/<int:pk>/edit/", views.indicator_edit, name="indicator_edit"),
    path("indicators/<int:pk>/targets/new/", views.indicator_target_set, name="indicator_target_set"),
    path("indicators/<int:pk>/values/new/", views.indicator_value_create, name="indicator_value_create"),
    path(
        "indicators/targets/<int:pk>/delete/", views.indicator_target_delete, name="indicator_target_delete"
    ),
    path("indicators/values/<int:pk>/edit/", views.indicator_value_edit, name="indicator_value_edit"),
]
