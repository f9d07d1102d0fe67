"""Lockout cannot be used as a weapon: an address that guesses many accounts is slowed down, not shut out
(an office shares one address); one username guessed from many addresses is locked; and X-Forwarded-For
is read only from the proxy, so a client reaching gunicorn directly cannot pick the address to lock."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client, override_settings
from django.utils import timezone

from accounts.client_ip import client_ip
from tests.accounts.test_sign_in_view import PASSWORD, PROXY, request, sign_in
from tests.factories import UserFactory


@override_settings(PROXY_COUNT=1, SIGN_IN_ADDRESS_FAILURE_LIMIT=8, SIGN_IN_ADDRESS_SLOWDOWN_SECONDS=10)
def test_an_address_past_its_limit_is_slowed_down_not_shut_out(db):
    UserFactory(username="innocent")
    office = "198.51.100.7"
    for n in range(8):
        sign_in(Client(), f"guess-{n}", "wrong", office)
    slowed = sign_in(Client(), "innocent", PASSWORD, office)
    assert slowed.status_code == 429 and slowed["Retry-After"] == "10"
    assert "Wait 10 seconds and try again" in slowed.content.decode()
    with time_machine.travel(timezone.now() + timedelta(seconds=11), tick=False):
        assert sign_in(Client(), "innocent", PASSWORD, office).status_code == 302  # today: 429 for an hour


@override_settings(PROXY_COUNT=1, SIGN_IN_USERNAME_FAILURE_LIMIT=12)
def test_a_username_guessed_from_many_addresses_is_locked(db):
    UserFactory(username="target")
    for address in range(1, 5):  # 4 addresses × 3 failures: under axes' 5 per address
        for _ in range(3):
            sign_in(Client(), "target", "wrong", f"198.51.100.{address}")
    locked = sign_in(Client(), "target", PASSWORD, "198.51.100.99")
    assert locked.status_code == 429  # today: 302, signed in after 12 guesses from 4 addresses
    assert "too many wrong passwords for this account, from several networks" in locked.content.decode()
    assert sign_in(Client(), "someone-else", "wrong", "198.51.100.99").status_code == 200  # others unaffected


@pytest.mark.parametrize(
    ("remote", "forwarded", "client"),
    [
        ("203.0.113.50", "198.51.100.9", "203.0.113.50"),  # straight to gunicorn: the header is ignored
        (PROXY, "198.51.100.9", "198.51.100.9"),  # from the proxy (a private address): its last hop
        ("127.0.0.1", "198.51.100.9", "198.51.100.9"),  # a proxy on the same machine
    ],
)
@override_settings(PROXY_COUNT=1)
def test_forwarded_headers_count_only_from_a_proxy_address(remote, forwarded, client):
    assert client_ip(request(remote, forwarded)) == client


@override_settings(PROXY_COUNT=1, SIGN_IN_ADDRESS_FAILURE_LIMIT=8)
def test_forged_headers_sent_straight_to_gunicorn_do_not_slow_the_victims_address(db):
    UserFactory(username="victim")
    attacker = Client()
    for n in range(9):
        attacker.post(
            "/accounts/login/",
            {"username": f"guess-{n}", "password": "wrong"},
            HTTP_X_FORWARDED_FOR="198.51.100.20",
            REMOTE_ADDR="203.0.113.66",
        )
    assert sign_in(Client(), "victim", PASSWORD, "198.51.100.20").status_code == 302  # today: 429
