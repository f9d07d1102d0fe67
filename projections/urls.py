"""URLs under /councils/<slug>/ for forecasts and actuals."""

from django.urls import path

from projections import demand_views, s251_views, views

urlpatterns = [
    path("forecasts/", views.forecast_list, name="forecast_list"),
    path("forecasts/new/", views.forecast_create, name="forecast_create"),
    path("forecasts/<int:pk>/", views.forecast_detail, name="forecast_detail"),
    path("forecasts/<int:pk>/inputs/", views.forecast_inputs_edit, name="forecast_inputs"),
    path("forecasts/<int:pk>/figures/", views.forecast_figures_edit, name="forecast_figures"),
    path(
        "forecasts/<int:pk>/savings/carry-forward/",
        views.forecast_savings_carry_forward,
        name="forecast_savings_carry_forward",
    ),
    path("forecasts/<int:pk>/run/", views.forecast_run, name="forecast_run"),
    path("forecasts/<int:pk>/publish/", views.forecast_publish, name="forecast_publish"),
    path("forecasts/<int:pk>/make-current/", views.forecast_make_current, name="forecast_make_current"),
    path("forecasts/<int:pk>/copy/", views.forecast_copy, name="forecast_copy"),
    path("forecasts/<int:pk>/delete/", views.forecast_delete, name="forecast_delete"),
    path("actuals/", views.actual_list, name="actual_list"),
    path("actuals/s251-mapping/", s251_views.s251_mapping, name="s251_mapping"),  # before actuals/<year>/
    path("demand/", demand_views.demand_model, name="demand_model"),
    path("demand/levers/", demand_views.demand_lever_add, name="demand_lever_add"),
    path("demand/levers/<int:pk>/remove/", demand_views.demand_lever_remove, name="demand_lever_remove"),
    path("demand/run/", demand_views.demand_run_start, name="demand_run_start"),
    path("demand/transitions/", demand_views.demand_transitions_upload, name="demand_transitions_upload"),
    path("demand/transitions/settings/", demand_views.demand_settings_save, name="demand_settings_save"),
    path(
        "demand/transitions/remove/", demand_views.demand_transitions_remove, name="demand_transitions_remove"
    ),
    path("demand/output-<str:shape>.csv", demand_views.demand_output_csv, name="demand_output_csv"),
    path("actuals/<str:year>/", views.actual_edit, name="actual_edit"),
]
