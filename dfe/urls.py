"""Under /councils/<slug>/: the council's DfE figures."""

from django.urls import path

from dfe import views

urlpatterns = [
    path("dfe/", views.council_figures, name="dfe_figures"),
]
