"""What every stored row of worked-out figures shares (issue 22): its format, its payload, its instances.

A page's data-only parts are worked out once per data version and stored as one row (the dashboard's picture,
reports.stored_picture; a draft report's parts, reports.stored_report; the forecast figures,
projections.stored_figures; the benchmarking pictures, reports.benchmarking_stored). Each row is a deflated
pickle, written only by the app (never from user bytes), with a `format` that says which shapes it holds:
- `format_of` works the format out from a module's FORMAT_VERSION and the fields of every dataclass and
  model it pickles, so a deploy that changes a shape changes the format by itself, and a row of the old
  shape is read live (and replaced) instead of being unpickled into the new one;
- `dumps` / `loads` write and read the payload;
- `one_instance_per_row` makes the ORM's copies of one row (each milestone's own copy of its lead) one
  instance, so pickle stores, and the next view builds, each row once.
"""

import pickle
import zlib
from collections.abc import Iterable
from dataclasses import fields

from django.db.models import Model


def format_of(version: int, *, classes: Iterable[type] = (), models: Iterable[type[Model]] = (), extra=()):
    """A small positive number for `version` and the shapes of `classes` (dataclasses) and `models`, and
    `extra` (anything else whose change must make old rows unreadable, as a tuple)."""
    names = [(c.__name__, [f.name for f in fields(c)]) for c in classes]
    names += [(m.__name__, [f.attname for f in m._meta.concrete_fields]) for m in models]
    return (zlib.crc32(repr((version, names, *extra)).encode()) & 0x7FFF) or 1


def dumps(value) -> bytes:
    """The payload of a stored row: `value` pickled and deflated (fast level: rows are read far more often
    than they are written, and inflating costs the same at any level)."""
    return zlib.compress(pickle.dumps(value, pickle.HIGHEST_PROTOCOL), 1)


def loads(payload: bytes):
    """What `dumps` wrote."""
    return pickle.loads(zlib.decompress(payload))  # noqa: S301  (written by dumps only, never user bytes)


def one_instance_per_row(roots: Iterable[Model], *, more: Iterable[Model] = ()) -> None:
    """Make every model instance reachable from `roots` and `more` (through the related instances the ORM
    cached and the prefetched lists) the one instance of its row: `roots` first, so a row that is a root is
    the instance its related rows point at (a milestone's workstream is the one holding its milestones)."""
    roots = list(roots)
    canonical: dict[tuple[type, object], Model] = {(type(root), root.pk): root for root in roots}
    done: set[int] = set()
    pending: list[Model] = [*roots, *more]
    while pending:
        instance = pending.pop()
        if id(instance) in done:
            continue
        done.add(id(instance))
        cache = instance._state.fields_cache
        for name, related in cache.items():
            if isinstance(related, Model):
                cache[name] = canonical.setdefault((type(related), related.pk), related)
                pending.append(cache[name])
        for related in getattr(instance, "_prefetched_objects_cache", {}).values():
            pending.extend(related)


def store_for_plans(model: type[Model], rows: dict[int, tuple[int, object]], *, format: int) -> None:
    """Store {plan id: (data version, value)} as `model`'s rows (one row per plan: `plan`, `data_version`,
    `format`, `payload`), replacing what each plan had: an upsert, 1 query (none for no rows)."""
    if not rows:
        return
    model.objects.bulk_create(
        [
            model(plan_id=pk, data_version=version, format=format, payload=dumps(value))
            for pk, (version, value) in rows.items()
        ],
        update_conflicts=True,
        unique_fields=["plan"],
        update_fields=["data_version", "format", "payload"],
    )
