"""The Django admin: every domain model is there, and each list (with its filters and search) opens."""

from django.apps import apps
from django.contrib import admin

from tests.factories import ActualFactory, ForecastYearFactory, MilestoneUpdateFactory, SavingFactory

DOMAIN_APPS = {"recovery", "workstreams", "projections", "reports"}


def test_it_registers_every_domain_model():
    models = {
        m
        for m in apps.get_models()
        if m._meta.app_label in DOMAIN_APPS and not m.__name__.startswith("Historical")
    }
    inlines = {
        inline.model for model_admin in admin.site._registry.values() for inline in model_admin.inlines
    }
    # A model is in the admin on its own page or as an inline of its parent (forecast inputs, savings).
    missing = {m.__name__ for m in models if m not in admin.site._registry and m not in inlines}
    assert not missing


def test_it_opens_every_list_with_search_for_staff(staff_client, home):
    MilestoneUpdateFactory(milestone=home.milestone)
    SavingFactory(workstream=home.workstream)
    ForecastYearFactory()
    ActualFactory(plan=home.plan)
    for model in admin.site._registry:
        if model._meta.app_label not in DOMAIN_APPS:
            continue
        url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        assert staff_client.get(url).status_code == 200, url
        assert staff_client.get(url, {"q": "nurture"}).status_code == 200, url


def test_it_keeps_the_admin_from_council_members(client_for, home):
    from accounts.models import Role

    response = client_for(Role.COUNCIL_ADMIN).get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response.url
