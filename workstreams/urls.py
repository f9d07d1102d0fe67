"""URLs under /councils/<slug>/ for workstreams, milestones, categories and lead officers."""

from django.urls import path

from workstreams import views

urlpatterns = [
    path("workstreams/", views.workstream_list, name="workstream_list"),
    path("workstreams/new/", views.workstream_create, name="workstream_create"),
    path("workstreams/<int:pk>/", views.workstream_detail, name="workstream_detail"),
    path("workstreams/<int:pk>/edit/", views.workstream_edit, name="workstream_edit"),
    path("workstreams/<int:pk>/savings/", views.workstream_savings, name="workstream_savings"),
    path("workstreams/<int:pk>/archive/", views.workstream_archive, name="workstream_archive"),
    path("workstreams/<int:pk>/move/", views.workstream_move, name="workstream_move"),
    path("workstreams/<int:pk>/milestones/new/", views.milestone_create, name="milestone_create"),
    path("milestones/", views.milestone_list, name="milestone_list"),
    path("milestones/mine/", views.milestone_mine, name="milestone_mine"),
    path("milestones/changes/", views.milestone_changes, name="milestone_changes"),
    path("milestones/<int:pk>/", views.milestone_detail, name="milestone_detail"),
    path("milestones/<int:pk>/update/", views.milestone_update, name="milestone_update"),
    path("milestones/<int:pk>/edit/", views.milestone_edit, name="milestone_edit"),
    path("milestones/<int:pk>/archive/", views.milestone_archive, name="milestone_archive"),
    path("milestones/<int:pk>/move/", views.milestone_move, name="milestone_move"),
    path("categories/", views.category_list, name="category_list"),
    path("categories/<int:pk>/edit/", views.category_edit, name="category_edit"),
    path("leads/", views.lead_list, name="lead_list"),
    path("leads/new/", views.lead_create, name="lead_create"),
    path("leads/<int:pk>/edit/", views.lead_edit, name="lead_edit"),
]
