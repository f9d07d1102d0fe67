from django.urls import path

from agreements import views

urlpatterns = [
    path("agreements/", views.agreement_list, name="agreement_list"),
    path("agreements/new/", views.agreement_create, name="agreement_create"),
    path("agreements/<int:pk>/", views.agreement_detail, name="agreement_detail"),
    path("agreements/<int:pk>/edit/", views.agreement_edit, name="agreement_edit"),
    path("agreements/<int:pk>/status/", views.agreement_status, name="agreement_status"),
    path("agreements/<int:pk>/trajectory/", views.trajectory_year_edit, name="trajectory_year_edit"),
    path("agreements/<int:pk>/trajectory/revise/", views.trajectory_revise, name="trajectory_revise"),
    path("agreements/<int:pk>/payments/new/", views.payment_create, name="payment_create"),
    path(
        "agreements/<int:pk>/payments/<int:payment_pk>/delete/", views.payment_delete, name="payment_delete"
    ),
    path("agreements/<int:pk>/capital/new/", views.capital_project_create, name="capital_project_create"),
    path(
        "agreements/<int:pk>/capital/<int:project_pk>/",
        views.capital_project_edit,
        name="capital_project_edit",
    ),
    path(
        "agreements/<int:pk>/capital/<int:project_pk>/delete/",
        views.capital_project_delete,
        name="capital_project_delete",
    ),
    path("agreements/<int:pk>/conditions/new/", views.condition_create, name="condition_create"),
    path(
        "agreements/<int:pk>/conditions/<int:condition_pk>/", views.condition_update, name="condition_update"
    ),
    path(
        "agreements/<int:pk>/conditions/<int:condition_pk>/edit/", views.condition_edit, name="condition_edit"
    ),
    path("agreements/<int:pk>/grant/", views.grant_spend_edit, name="grant_spend_edit"),
    path(
        "agreements/<int:pk>/grant/<int:grant_spend_pk>/delete/",
        views.grant_spend_delete,
        name="grant_spend_delete",
    ),
    path("agreements/<int:pk>/cost-avoidance/", views.cost_avoidance_edit, name="cost_avoidance_edit"),
    path("agreements/<int:pk>/sections/new/", views.section_create, name="section_create"),
    path("agreements/<int:pk>/sections/<int:section_pk>/", views.section_edit, name="section_edit"),
    path("agreements/<int:pk>/sections/<int:section_pk>/move/", views.section_move, name="section_move"),
    path("agreements/<int:pk>/publish/", views.reform_plan_publish, name="reform_plan_publish"),
    path(
        "agreements/<int:pk>/versions/<int:version_pk>/",
        views.reform_version_detail,
        name="reform_version_detail",
    ),
    path("agreements/<int:pk>/returns/new/", views.return_create, name="return_create"),
    path("agreements/<int:pk>/returns/<int:return_pk>/", views.return_detail, name="return_detail"),
]
