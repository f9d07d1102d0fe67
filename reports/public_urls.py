from django.urls import path

from reports import views

urlpatterns = [
    path("national/", views.national_overview, name="national_overview"),
    path("public/reports/<str:token>/", views.public_report, name="public_report"),
]
