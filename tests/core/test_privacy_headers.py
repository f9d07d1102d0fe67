"""Signed-in pages are never kept by a shared or browser cache, every response says which browser features
no page uses, and access logs can record paths with their secret tokens taken out."""

import pytest
from django.test import Client

from accounts.models import Role
from core.middleware import redacted_path
from tests.conftest import member_client


def test_a_signed_in_page_is_private_and_not_stored(home):
    response = member_client(home.council, Role.OFFICER).get(f"/councils/{home.council.slug}/milestones/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"  # today: no Cache-Control at all


def test_a_page_that_sets_its_own_cache_control_keeps_it(client, db):
    assert "no-cache" in client.get("/healthz")["Cache-Control"]


def test_every_response_has_a_permissions_policy(home, db):
    for response in (Client().get("/accounts/login/"), member_client(home.council, Role.FORUM).get("/")):
        policy = response["Permissions-Policy"]  # today: KeyError, no such header
        assert "camera=()" in policy and "geolocation=()" in policy and "microphone=()" in policy


@pytest.mark.parametrize(
    ("path", "logged"),
    [
        ("/calendar/Zk3vQ0a9s8d7f6g5h4j3k2l1mN.ics", "/calendar/[token].ics"),
        ("/public/reports/Zk3vQ0a9s8d7f6g5h4j3k2l1mN/", "/public/reports/[token]/"),
        ("/invitations/Zk3vQ0a9s8d7f6g5h4j3k2l1mN-_x/", "/invitations/[token]/"),
        ("/accounts/reset/MQ/cz0k7p-0123456789abcdef0123456789abcdef/", "/accounts/reset/MQ/[token]/"),
        ("/councils/stockton-on-tees/milestones/", "/councils/stockton-on-tees/milestones/"),
    ],
)
def test_secret_tokens_are_taken_out_of_the_logged_path(path, logged):
    assert redacted_path(path) == logged


def test_the_response_names_the_path_to_log(client, db):
    response = client.get("/invitations/Zk3vQ0a9s8d7f6g5h4j3k2l1mN/")
    assert response["X-Log-Path"] == "/invitations/[token]/"
