"""Cache keys for pages: what a cached fragment depends on, in one place.

A council page's fragment is keyed by the council, its data version (bumped by every recorded write:
recovery.data_version), the role (what the role may see: drafts, edit links), today's date (RAG, "overdue"
and effective RAG depend on it) and the validated parameters the page reads (filters, sorting, pages:
`Params`), never the raw query string: a parameter the page does not read makes no new entry, a repeated one
counts as the page reads it (the last), the order does not matter, and a request with an invalid value is
rendered but not stored (its error is shown; storing it would let anyone fill the cache with typos). Entries
are never invalidated: a write makes a new key, and the old entry ages out.

Templates cache with `{% cache cache_timeout "<page>" page_key %}` around the part that costs; the view
hands that part its data lazily (SimpleLazyObject), so on a hit nothing is read or built.
"""

import re
from collections.abc import Iterable
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from accounts.access import CouncilAccess
from recovery.data_version import national_version


class Params:
    """The parameters a page reads from its query string, each checked as the page will read it."""

    def __init__(self, request: HttpRequest):
        self._get = request.GET
        self.values: dict[str, str] = {}
        self.valid = True

    def _raw(self, name: str) -> str | None:
        value = self._get.get(name)  # QueryDict.get: the last of a repeated name, as forms read it
        return value if value else None

    def _take(self, name: str, value: str | None, ok: bool) -> "Params":
        if value is not None:
            if ok:
                self.values[name] = value
            else:
                self.valid = False
        return self

    def choice(self, name: str, choices: Iterable[str]) -> "Params":
        value = self._raw(name)
        return self._take(name, value, value in set(choices))

    def integer(self, name: str, low: int, high: int) -> "Params":
        value = self._raw(name)
        ok = value is not None and value.isdigit() and low <= int(value) <= high
        return self._take(name, str(int(value)) if ok else value, ok)

    def flag(self, name: str) -> "Params":
        value = self._raw(name)
        # forms.BooleanField: "false" and "0" are unticked, anything else ticked.
        if value is not None and value.lower() not in ("false", "0"):
            self.values[name] = "1"
        return self

    def row(self, name: str, queryset: QuerySet) -> "Params":
        """The id of a row of ``queryset`` (one query, only when the parameter is given)."""
        value = self._raw(name)
        ok = value is not None and value.isdigit() and queryset.filter(pk=int(value)).exists()
        return self._take(name, str(int(value)) if ok else value, ok)

    def codes(self, name: str, pattern: str = r"\d{3}") -> "Params":
        """A repeated parameter of codes (?la=857&la=865): every value as the pattern allows, kept in the
        order given (the page reads them in that order), duplicates dropped."""
        given = list(dict.fromkeys(v for v in self._get.getlist(name) if v))
        if given:
            ok = all(re.fullmatch(pattern, v) for v in given)
            self._take(name, ",".join(given), ok)
        return self

    def sort(self, table_class, name: str = "sort") -> "Params":
        """A django-tables2 ordering: orderable column names, each maybe with '-', comma-separated."""
        value = self._raw(name)
        orderable = {n for n, column in table_class.base_columns.items() if column.orderable is not False}
        ok = value is not None and all(part.lstrip("-") in orderable for part in value.split(","))
        return self._take(name, value, ok)

    def form(self, form) -> "Params":
        """Every field of a bound form that needs no database (an unbound one reads nothing)."""
        if form.is_bound:
            if form.is_valid():
                for name, value in form.cleaned_data.items():
                    if value not in (None, "", False):
                        self.values[name] = str(value)
            else:
                self.valid = False
        return self

    def key(self) -> str:
        # An invalid request's fragment is never stored (cache_timeout), and never read from a valid one.
        return ("!invalid&" if not self.valid else "") + urlencode(sorted(self.values.items()))


def page_key(access: CouncilAccess, params: Params | None = None, *parts: object) -> str:
    council = access.council
    role = "staff" if access.role is None else str(access.role)
    query = params.key() if params is not None else ""
    return ":".join(
        str(p) for p in (council.pk, council.data_version, role, timezone.localdate(), query, *parts)
    )


def national_page_key(params: Params | None = None) -> str:
    """The national overview (staff only): every council's version at once."""
    query = params.key() if params is not None else ""
    return ":".join((national_version(), str(timezone.localdate()), query))


def cache_timeout(params: Params | None = None) -> int:
    """How long to keep the fragment: 0 (not stored) when a parameter was invalid."""
    return 0 if params is not None and not params.valid else settings.CACHE_TIMEOUT
