"""Workbook downloads and the tracker import, under /councils/<slug>/."""

from django.urls import path

from spreadsheets import (
    agreement_views,
    benchmarking_views,
    demand_views,
    dfe_views,
    dsg_views,
    import_views,
    views,
)

urlpatterns = [
    path("tracker.xlsx", views.tracker_download, name="tracker_download"),
    path("forecasts/<int:pk>/workbook.xlsx", views.projections_download, name="projections_download"),
    path("reports/<int:report_id>/pack.xlsx", views.report_pack_download, name="report_pack_download"),
    path("dfe/figures.xlsx", dfe_views.dfe_figures_download, name="dfe_figures_download"),
    path("demand/workbook.xlsx", demand_views.demand_model_download, name="demand_model_download"),
    path("dsg/plan/workbook.xlsx", dsg_views.management_plan_download, name="dsg_plan_xlsx"),
    path("dsg/stability-grant/evidence.xlsx", dsg_views.stability_download, name="dsg_stability_xlsx"),
    path("benchmarking.xlsx", benchmarking_views.benchmarking_download, name="benchmarking_download"),
    path(
        "agreements/<int:pk>/returns/<int:return_pk>/workbook.xlsx",
        agreement_views.return_workbook,
        name="return_workbook",
    ),
    path("tracker/import/", import_views.tracker_import_upload, name="tracker_import"),
    path(
        "tracker/import/<int:pk>/confirm/", import_views.tracker_import_confirm, name="tracker_import_confirm"
    ),
]
