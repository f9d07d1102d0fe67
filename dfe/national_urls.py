"""Under /national/dfe/: staff import DfE files for every council."""

from django.urls import path

from dfe import views

urlpatterns = [
    path("", views.national_figures, name="dfe_national"),
    path("imports/", views.import_list, name="dfe_import_list"),
    path("imports/<int:pk>/", views.import_job, name="dfe_import_job"),
    path("imports/<int:pk>/retry/", views.import_job_retry, name="dfe_import_retry"),
]
