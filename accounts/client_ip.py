"""The address a sign-in comes from, for django-axes' lockout (AXES_CLIENT_IP_CALLABLE).

Behind ``PROXY_COUNT`` trusted reverse proxies, each appends the address it received the request from to
X-Forwarded-For, so the client is the ``PROXY_COUNT``-th entry from the right: with one proxy, the last hop.
Entries further left are whatever the client sent and are never trusted (a forged header cannot choose the
address that gets locked). With no proxies (the default) the header is ignored and REMOTE_ADDR is the client.
"""

from ipaddress import ip_address

from django.conf import settings


def client_ip(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = getattr(settings, "PROXY_COUNT", 0)
    if proxies <= 0:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if len(hops) < proxies:
        return remote  # not through all our proxies: the connection's own address is the truth
    candidate = hops[-proxies]
    try:
        return str(ip_address(candidate))
    except ValueError:
        return remote
