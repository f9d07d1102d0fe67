"""The address a sign-in comes from, for django-axes' lockout (AXES_CLIENT_IP_CALLABLE).

Behind ``PROXY_COUNT`` trusted reverse proxies, each appends the address it received the request from to
X-Forwarded-For, so the client is the ``PROXY_COUNT``-th entry from the right: with one proxy, the last hop.
Entries further left are whatever the client sent and are never trusted (a forged header cannot choose the
address that gets locked). With no proxies (the default) the header is ignored and REMOTE_ADDR is the client.
The header is read only when the connection comes from a proxy's address (``PROXY_ADDRESSES``: loopback and
private networks by default): a client that reaches gunicorn directly cannot pick its address with it.
"""

from functools import cache
from ipaddress import ip_address, ip_network

from django.conf import settings


@cache
def _networks(spec: tuple[str, ...]):
    return tuple(ip_network(item.strip(), strict=False) for item in spec if item.strip())


def from_a_proxy(remote: str) -> bool:
    try:
        address = ip_address(remote)
    except ValueError:
        return False
    return any(address in network for network in _networks(tuple(settings.PROXY_ADDRESSES)))


def client_ip(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = getattr(settings, "PROXY_COUNT", 0)
    if proxies <= 0 or not from_a_proxy(remote):
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if len(hops) < proxies:
        return remote  # not through all our proxies: the connection's own address is the truth
    candidate = hops[-proxies]
    try:
        return str(ip_address(candidate))
    except ValueError:
        return remote
