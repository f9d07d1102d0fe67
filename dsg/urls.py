"""Under /councils/<slug>/: the DSG ledger."""

from django.urls import path

from dsg import views

urlpatterns = [
    path("dsg/", views.ledger, name="dsg_ledger"),
    path("dsg/figures/", views.line_edit, name="dsg_line_edit"),
    path("dsg/transfers/new/", views.transfer_create, name="dsg_transfer_create"),
    path("dsg/transfers/<int:pk>/delete/", views.transfer_delete, name="dsg_transfer_delete"),
    path("dsg/income-from-dfe/<str:year>/", views.income_from_dfe, name="dsg_income_from_dfe"),
    path("dsg/stability-grant/", views.stability, name="dsg_stability"),
    path("dsg/stability-grant/excluded/", views.stability_claim_edit, name="dsg_stability_claim"),
    path("dsg/stability-grant/<str:source>/", views.stability_figure_edit, name="dsg_stability_figure"),
]
