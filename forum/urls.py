"""The Schools Forum cycle under /councils/<slug>/: the calendar, its settings, and the update returns."""

from django.urls import path

from forum import meeting_views, return_views

urlpatterns = [
    path("forum/", meeting_views.meeting_list, name="meeting_list"),
    path("forum/add/", meeting_views.meeting_create, name="meeting_create"),
    path("forum/settings/", meeting_views.forum_cycle_edit, name="forum_cycle_edit"),
    path("forum/<int:meeting_id>/edit/", meeting_views.meeting_edit, name="meeting_edit"),
    path("forum/<int:meeting_id>/remove/", meeting_views.meeting_delete, name="meeting_delete"),
    path("returns/", return_views.return_status, name="return_status"),
    path("returns/mine/", return_views.return_mine, name="return_mine"),
    path("returns/<int:lead_id>/", return_views.update_return, name="update_return"),
    path("returns/<int:lead_id>/chase/", return_views.return_chase, name="return_chase"),
]
