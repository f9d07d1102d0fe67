from django.urls import path

from reports import benchmarking_views, plan_views, return_views, stability_views, views

urlpatterns = [
    path("", views.council_dashboard, name="council_dashboard"),
    path(
        "agreements/<int:pk>/returns/<int:return_pk>/submit/",
        return_views.return_submit,
        name="return_submit",
    ),
    path(
        "agreements/<int:pk>/versions/<int:version_pk>/paper.docx",
        return_views.reform_paper,
        name="reform_paper",
    ),
    path(
        "agreements/<int:pk>/returns/<int:return_pk>/paper.docx",
        return_views.return_paper,
        name="return_paper",
    ),
    path("dsg/plan/publish/", plan_views.plan_publish, name="dsg_plan_publish"),
    path("dsg/plan/versions/<int:number>/paper.docx", plan_views.plan_paper, name="dsg_plan_docx"),
    path("reports/", views.report_list, name="report_list"),
    path(
        "dsg/stability-grant/paper.docx", stability_views.stability_paper_download, name="dsg_stability_docx"
    ),
    path("reports/new/", views.report_create, name="report_create"),
    path("reports/<int:report_id>/", views.report_detail, name="report_detail"),
    path("reports/<int:report_id>/edit/", views.report_edit, name="report_edit"),
    path("reports/<int:report_id>/publish/", views.report_publish, name="report_publish"),
    path("reports/<int:report_id>/visibility/", views.report_visibility, name="report_visibility"),
    path("reports/<int:report_id>/paper.docx", views.report_paper_download, name="report_paper_download"),
    path("benchmarking/", benchmarking_views.benchmarking, name="benchmarking"),
    path("benchmarking/dashboard/", benchmarking_views.dashboard_measures, name="dashboard_measures"),
]
