"""Sign-in lockout behind a proxy: the client's address from the trusted hop, forged headers ignored, a
per-username lock that does not lock everyone behind the proxy, and a limit per address across usernames."""

import pytest
from django.test import Client, RequestFactory, override_settings

from accounts.client_ip import client_ip
from tests.factories import UserFactory

PASSWORD = "pw-for-tests-1"
PROXY = "10.0.0.5"


def request(remote="203.0.113.9", forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "client"),
    [
        (0, "203.0.113.9", "198.51.100.1", "203.0.113.9"),  # no proxy: the header is the client's own words
        (1, PROXY, "198.51.100.1", "198.51.100.1"),  # one proxy: the last hop
        (1, PROXY, "6.6.6.6, 198.51.100.1", "198.51.100.1"),  # a forged entry on the left is ignored
        (2, PROXY, "6.6.6.6, 198.51.100.1, 10.0.0.4", "198.51.100.1"),
        (2, PROXY, "198.51.100.1", PROXY),  # fewer hops than proxies: not through them all
        (1, PROXY, "not-an-address", PROXY),
        (1, PROXY, None, PROXY),
    ],
)
def test_it_takes_the_client_address_from_the_trusted_hop(proxies, remote, forwarded, client):
    with override_settings(PROXY_COUNT=proxies):
        assert client_ip(request(remote, forwarded)) == client


def sign_in(client, username, password, address):
    data = {"username": username, "password": password}
    return client.post("/accounts/login/", data, HTTP_X_FORWARDED_FOR=address, REMOTE_ADDR=PROXY)


@override_settings(PROXY_COUNT=1)
def test_it_locks_a_username_from_one_client_not_for_everyone_behind_the_proxy(db):
    UserFactory(username="target")
    client = Client()
    for _ in range(5):
        sign_in(client, "target", "wrong", "198.51.100.1")
    locked = sign_in(client, "target", PASSWORD, "198.51.100.1")
    assert locked.status_code == 429 and "locked there for 1 hour" in locked.content.decode()
    elsewhere = sign_in(Client(), "target", PASSWORD, "198.51.100.2")
    assert elsewhere.status_code == 302  # the same account from another client, through the same proxy


@override_settings(PROXY_COUNT=1, SIGN_IN_ADDRESS_FAILURE_LIMIT=8)
def test_it_pauses_an_address_that_guesses_many_accounts(db):
    UserFactory(username="innocent")
    client = Client()
    for n in range(8):
        sign_in(client, f"guess-{n}", "wrong", "198.51.100.7")
    response = sign_in(client, "innocent", PASSWORD, "198.51.100.7")
    assert response.status_code == 429
    assert "too many wrong passwords from your network, for several accounts" in response.content.decode()
    assert sign_in(Client(), "innocent", PASSWORD, "198.51.100.8").status_code == 302
