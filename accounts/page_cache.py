"""Cache keys for pages: what a cached fragment depends on, in one place.

A council page's fragment is keyed by the council, its data version (bumped by every recorded write:
recovery.data_version), the role (what the role may see: drafts, edit links), today's date (RAG, "overdue"
and effective RAG depend on it) and the page's query string (filters, sorting, pages). Entries are never
invalidated: a write makes a new key, and the old entry ages out.

Templates cache with `{% cache CACHE_TIMEOUT "<page>" page_key %}` around the part that costs; the view
hands that part its data lazily (SimpleLazyObject), so on a hit nothing is read or built.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from accounts.access import CouncilAccess
from recovery.data_version import national_version


def _query(request: HttpRequest | None) -> str:
    if request is None:
        return ""
    return urlencode(sorted((k, v) for k, values in request.GET.lists() for v in values))


def page_key(access: CouncilAccess, request: HttpRequest | None = None, *parts: object) -> str:
    council = access.council
    role = "staff" if access.role is None else str(access.role)
    return ":".join(
        str(p)
        for p in (council.pk, council.data_version, role, timezone.localdate(), _query(request), *parts)
    )


def national_page_key(request: HttpRequest) -> str:
    """The national overview (staff only): every council's version at once."""
    return ":".join((national_version(), str(timezone.localdate()), _query(request)))


def cache_timeout() -> int:
    return settings.CACHE_TIMEOUT
