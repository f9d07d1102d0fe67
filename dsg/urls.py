"""Under /councils/<slug>/: the DSG ledger."""

from django.urls import path

from dsg import views

urlpatterns = [
    path("dsg/", views.ledger, name="dsg_ledger"),
    path("dsg/figures/", views.line_edit, name="dsg_line_edit"),
    path("dsg/transfers/new/", views.transfer_create, name="dsg_transfer_create"),
    path("dsg/transfers/<int:pk>/delete/", views.transfer_delete, name="dsg_transfer_delete"),
    path("dsg/income-from-dfe/<str:year>/", views.income_from_dfe, name="dsg_income_from_dfe"),
    path(
        "dsg/expenditure-from-s251/<str:year>/", views.expenditure_from_s251, name="dsg_expenditure_from_s251"
    ),
    path("dsg/plan/", views.management_plan, name="dsg_plan"),
    path("dsg/plan/engagements/new/", views.engagement_create, name="dsg_engagement_create"),
    path("dsg/plan/sign-offs/new/", views.sign_off_create, name="dsg_sign_off_create"),
    path("dsg/plan/narrative/<str:section>/", views.narrative_edit, name="dsg_narrative_edit"),
    path("dsg/plan/versions/<int:number>/", views.plan_version, name="dsg_plan_version"),
    path("dsg/stability-grant/", views.stability, name="dsg_stability"),
    path("dsg/stability-grant/excluded/", views.stability_claim_edit, name="dsg_stability_claim"),
    path("dsg/stability-grant/<str:source>/", views.stability_figure_edit, name="dsg_stability_figure"),
]
