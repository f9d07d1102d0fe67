"""403, 404, 500 and CSRF failures are GOV.UK pages with a way back, never Django's bare ones."""

import pytest
from django.test import Client, override_settings

from tests.conftest import member_client


@override_settings(DEBUG=False)
def test_a_404_has_the_layout_and_a_way_back(home):
    response = member_client(home.council, "officer").get("/councils/nowhere/")
    body = response.content.decode()
    assert response.status_code == 404 and "Page not found" in body and 'href="/"' in body
    assert "govuk-header" in body or "DSG Recovery Tracker" in body


@override_settings(DEBUG=False)
def test_a_403_explains_and_offers_a_way_back(home):
    response = member_client(home.council, "forum").get(f"/councils/{home.council.slug}/workstreams/new/")
    body = response.content.decode()
    assert response.status_code == 403 and "You cannot do this" in body and "Go to your councils" in body


def test_a_csrf_failure_says_nothing_was_saved(home):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member_client(home.council, "officer").user)
    response = client.post("/accounts/logout/")
    body = response.content.decode()
    assert response.status_code == 403 and "The form had expired" in body and "Nothing was saved" in body


@pytest.mark.django_db
def test_a_500_page_renders_without_a_request_context():
    from django.test import RequestFactory
    from django.views.defaults import server_error

    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500 and b"Sorry, there is a problem with the service" in response.content


@override_settings(DEBUG=True)
def test_non_staff_get_the_real_404_for_the_national_overview_even_in_development(home):
    response = member_client(home.council, "council_admin").get("/national/")
    body = response.content.decode()
    assert response.status_code == 404 and "Page not found" in body and "URLconf" not in body
