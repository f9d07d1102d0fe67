from django.urls import path

from reports import views

urlpatterns = [
    path("", views.council_dashboard, name="council_dashboard"),
]
