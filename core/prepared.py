"""A query of a fixed shape compiled once per process and run again with each call's values (issue 22).

On a hot page the ORM's building and compiling of a query can cost far more CPU than running it: the
dashboard's one read of its plan, its council, its next meeting and two stored rows spent 1.8 ms in the ORM
for a statement the database answers in 0.05 ms. A `Prepared` query is built once per database (by `build`,
with sentinel values standing for its parameters) and compiled by Django; each call then runs that SQL with
its own values in the sentinels' places and has Django convert the rows (dates, decimals, booleans) as a
values_list() would. The SQL is Django's own, so it is the same on SQLite and PostgreSQL.

Only for a query whose SQL does not depend on the values: parameters used as plain values in filters (as
`=`, `>=`), never a list (`__in`, whose SQL has one placeholder per item) or None (`IS NULL`). Compiling
checks that each sentinel reaches the parameters unchanged, and fails loudly if one does not.

A query whose parameters are fixed as well (the national overview's, keyed by its filters; the filter form's
neighbour groups) needs no sentinels: `compiled_rows` / `run_compiled` run the SQL the ORM compiled once.
"""

import weakref
from collections.abc import Callable
from datetime import date
from functools import lru_cache
from typing import Any

from django.db import connection, connections
from django.db.models import QuerySet

# Values no real row or filter uses, one per parameter kind and position.
_SENTINEL_INT = -730_199_001
_SENTINEL_DATE = date(1901, 2, 3)


class Prepared:
    """`Prepared(build, council_id=int, today=date)`: `build(council_id=…, today=…)` returns a values_list()
    queryset; `prepared.rows(council_id=…, today=…)` returns its rows as dicts of the names it selects."""

    def __init__(self, build: Callable[..., QuerySet], **kinds: type):
        assert all(kind in (int, date) for kind in kinds.values()), kinds
        self.build = build
        self.kinds = kinds
        # By connection (each thread has its own): the compiler converts the rows with its connection.
        self._compiled: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def _sentinels(self) -> dict[str, Any]:
        return {
            name: (_SENTINEL_INT - n if kind is int else _SENTINEL_DATE.replace(day=3 + n))
            for n, (name, kind) in enumerate(self.kinds.items())
        }

    def _adapt(self, connection, kind: type, value):
        return connection.ops.adapt_datefield_value(value) if kind is date else int(value)

    def _compile(self, using: str) -> tuple:
        connection = connections[using]
        sentinels = self._sentinels()
        queryset = self.build(**sentinels)
        compiler = queryset.query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        slots: list[tuple[int, str]] = []
        for name, value in sentinels.items():
            adapted = self._adapt(connection, self.kinds[name], value)
            found = [i for i, param in enumerate(params) if param == adapted]
            if not found:
                raise ValueError(f"{name} does not reach the query's parameters as a plain value")
            slots += [(i, name) for i in found]
        query = queryset.query
        names = [*query.extra_select, *query.values_select, *query.annotation_select]
        return sql, list(params), slots, compiler, names

    def rows(self, *, using: str = "default", **values) -> list[dict[str, Any]]:
        connection = connections[using]
        compiled = self._compiled.get(connection)
        if compiled is None:
            compiled = self._compiled[connection] = self._compile(using)
        sql, params, slots, compiler, names = compiled
        params = list(params)
        for i, name in slots:
            params[i] = self._adapt(connection, self.kinds[name], values[name])
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            fetched = cursor.fetchall()
        return [dict(zip(names, row, strict=True)) for row in compiler.results_iter(results=[fetched])]


# A query whose parameters are fixed too (none, or the few filter values a page offers): compiled once per
# process and run as it is. Plain columns only: the rows are not converted.


def run_compiled(query: tuple) -> list[tuple]:
    """The rows of a query compiled once (`(sql, params)` from `QuerySet.query.sql_with_params()`), run as it
    is: for plain columns, which need no converting."""
    sql, params = query
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


@lru_cache(maxsize=16)
def _compiled(build: Callable[[], QuerySet]) -> tuple:
    return build().query.sql_with_params()


def compiled_rows(build: Callable[[], QuerySet]) -> list[tuple]:
    """The rows of the values_list() queryset `build()` makes (plain columns, which need no converting), its
    SQL compiled by the ORM once per process: for a query a page runs every time, whose shape and
    parameters never change, compiling was most of its cost."""
    return run_compiled(_compiled(build))
