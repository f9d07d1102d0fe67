"""The council's data version: what cached pages and figures are keyed by, so no cache is ever invalidated.

Every recorded write bumps it, inside the write's transaction, in one of two ways:
- automatically: simple-history's `post_create_historical_record` fires for every audited save or delete
  (services, the Django admin, the importer) and `_bump_for_history` bumps the council of the changed row;
- explicitly, where a write records its history in bulk (QuerySet.update, bulk_create_with_history, which
  send no signals): the service calls `data_changed(...)` itself.

So a new audited model only needs a line in COUNCIL_OF (a test fails until it has one), and a new bulk write
calls `data_changed`. The version lives on the council (one row the access helper reads anyway, so a cached
page costs no extra query); the national overview is keyed by all councils' versions together.

The bump is a conditional UPDATE, `data_version + 1`: concurrent writes serialise on the council row, so
two writes can never leave the same version behind for different data.

Because every write ends by locking the council row, a write must lock it *first* too (`council_lock`), before
any row of the council's plan: otherwise a long write (the tracker import) that holds the council row waits
for a milestone that a short write (an officer's save) holds while that one waits for the council row, and
PostgreSQL aborts one of them as a deadlock. With the council row first, they queue.

Work done at write time rather than read time (reports.summaries, the national overview's row per plan)
listens here: `after_councils_change(listener)` has `listener(council_ids=…)` called once when a transaction
that bumped those councils commits (robust: a listener's failure is logged, never the write's error; each
listener is atomic itself and runs in its own transaction), so
every write path that keeps the data version keeps what listens to it, with nothing invalidated by hand.
"""

import logging
import threading
from collections import defaultdict
from collections.abc import Callable
from functools import reduce
from operator import or_

from django.db import models, transaction
from django.db.models import Count, F, Max, Q, Sum
from simple_history.signals import post_create_historical_record

from recovery.models import Council

log = logging.getLogger(__name__)

# model label -> (the attribute of the changed row naming its parent, the lookup from Council to that
# parent). The parent, not the row itself, so a deleted row still finds its council.
COUNCIL_OF: dict[str, tuple[str, str]] = {
    "recovery.council": ("pk", "pk"),
    "recovery.recoveryplan": ("council_id", "pk"),
    "recovery.leadofficer": ("council_id", "pk"),
    "accounts.membership": ("council_id", "pk"),
    "accounts.invitation": ("council_id", "pk"),
    "workstreams.category": ("plan_id", "plans"),
    "workstreams.workstream": ("plan_id", "plans"),
    "workstreams.workstreamsaving": ("workstream_id", "plans__workstreams"),
    "workstreams.milestone": ("workstream_id", "plans__workstreams"),
    "workstreams.milestoneupdate": ("milestone_id", "plans__workstreams__milestones"),
    "projections.forecast": ("plan_id", "plans"),
    "projections.forecastyear": ("forecast_id", "plans__forecasts"),
    "projections.actual": ("plan_id", "plans"),
    "projections.forecastinput": ("forecast_id", "plans__forecasts"),
    "projections.forecastline": ("forecast_id", "plans__forecasts"),
    "projections.forecasttransfer": ("forecast_id", "plans__forecasts"),
    "projections.forecastsaving": ("forecast_id", "plans__forecasts"),
    "reports.forumreport": ("plan_id", "plans"),
    "forum.forummeeting": ("council_id", "pk"),
    "dsg.dsgline": ("council_id", "pk"),
    "dsg.dsgtransfer": ("council_id", "pk"),
    "dsg.stabilityfigure": ("council_id", "pk"),
    "dsg.stabilityclaim": ("council_id", "pk"),
    "dsg.stakeholderengagement": ("council_id", "pk"),
    "dsg.plansignoff": ("council_id", "pk"),
    "dsg.plannarrative": ("council_id", "pk"),
    "dsg.planversion": ("council_id", "pk"),
    "reports.dashboardmeasures": ("council_id", "pk"),
    "projections.demandlever": ("plan_id", "plans"),
    "projections.demandtransitions": ("council_id", "pk"),
    "indicators.indicator": ("plan_id", "plans"),
    "indicators.target": ("indicator_id", "plans__indicators"),
    "indicators.indicatorvalue": ("indicator_id", "plans__indicators"),
    "agreements.agreement": ("council_id", "pk"),
    "agreements.trajectoryyear": ("agreement_id", "agreements"),
    "agreements.payment": ("agreement_id", "agreements"),
    "agreements.condition": ("agreement_id", "agreements"),
    "agreements.quarterlyreturn": ("agreement_id", "agreements"),
    "agreements.grantspend": ("agreement_id", "agreements"),
    "agreements.costavoidance": ("agreement_id", "agreements"),
    "agreements.reformsection": ("agreement_id", "agreements"),
    "agreements.reformplanversion": ("agreement_id", "agreements"),
    "agreements.capitalproject": ("agreement_id", "agreements"),
}

# Audited models that belong to no council: a change to them changes no council's pages.
NO_COUNCIL: frozenset[str] = frozenset({"accounts.userpreferences"})


def data_changed(*, council: Council | int | None = None, plan_id: int | None = None) -> None:
    """Bump the data version of a council, or of the council of plan `plan_id`. Call it inside the write's
    transaction, after a write that records its history in bulk (the signal covers every other write)."""
    if plan_id is not None:
        councils = Council.objects.filter(pk__in=Council.objects.filter(plans=plan_id).values("pk"))
        _note_change("plans", plan_id)
    else:
        council_id = council.pk if isinstance(council, Council) else council
        councils = Council.objects.filter(pk=council_id)
        _note_change("pk", council_id)
    councils.update(data_version=F("data_version") + 1)


def every_council_changed() -> None:
    """Bump every council's data version (a national import: benchmarking compares each council with the
    others), and tell the listeners, as data_changed does for one: the summaries kept at the new version."""
    council_ids = list(Council.objects.values_list("pk", flat=True))
    Council.objects.update(data_version=F("data_version") + 1)
    for council_id in council_ids:
        _note_change("pk", council_id)


def council_lock(*, council: Council | int | None = None, plan_id: int | None = None) -> None:
    """Lock the council's row (of `council`, or of plan `plan_id`) for the rest of the transaction. Call it
    at the start of a write, before any other row is locked or written (see the module's note)."""
    if plan_id is not None:
        councils = Council.objects.filter(pk__in=Council.objects.filter(plans=plan_id).values("pk"))
    else:
        councils = Council.objects.filter(pk=council.pk if isinstance(council, Council) else council)
    list(councils.select_for_update().values_list("pk", flat=True))


def council_lock_for(instance: models.Model) -> None:
    """`council_lock` for the council that `instance` (a row of any model in COUNCIL_OF) belongs to."""
    councils = _councils_of(instance)
    if councils is not None:
        list(councils.select_for_update().values_list("pk", flat=True))


def _councils_of(instance: models.Model, *, note: bool = False):
    attribute, lookup = COUNCIL_OF[instance._meta.label_lower]
    parent = getattr(instance, attribute)
    if parent is None:
        return None
    if note:
        _note_change(lookup, parent)
    if lookup == "pk":
        return Council.objects.filter(pk=parent)
    # One statement … WHERE id IN (SELECT …): no read of the parents first.
    return Council.objects.filter(pk__in=Council.objects.filter(**{lookup: parent}).values("pk"))


def data_changed_for(instance: models.Model) -> None:
    """Bump the council that `instance` (a row of any model in COUNCIL_OF) belongs to."""
    councils = _councils_of(instance, note=True)
    if councils is not None:
        councils.update(data_version=F("data_version") + 1)


def national_version() -> str:
    """All councils' versions at once, for the national overview's cache key: one aggregate query.

    Every bump raises the sum; a council added or removed changes the count or the highest id.
    """
    totals = Council.objects.aggregate(n=Count("pk"), versions=Sum("data_version"), last=Max("pk"))
    return f"{totals['n']}.{totals['versions'] or 0}.{totals['last'] or 0}"


def _bump_for_history(sender, instance, history_instance, **kwargs) -> None:
    if instance._meta.label_lower in COUNCIL_OF:
        data_changed_for(instance)


def connect() -> None:
    post_create_historical_record.connect(_bump_for_history, dispatch_uid="recovery.data_version")


# What listens to councils' changes (registered by AppConfig.ready); this thread's changes not yet committed.
_listeners: list[Callable[..., None]] = []
_state = threading.local()


def after_councils_change(listener: Callable[..., None]) -> None:
    """Call `listener(council_ids=[…])` once after each transaction that bumped those councils commits."""
    if listener not in _listeners:
        _listeners.append(listener)


class _Changes:
    """The councils changed in one atomic block, as (lookup from Council, value) pairs, resolved when the
    transaction commits (one query then, none per write)."""

    def __init__(self, savepoints: tuple):
        self.pairs: set[tuple[str, object]] = set()
        self.savepoints = savepoints  # the block it was registered in: its callback shares that block's fate
        self.flushed = False

    def flush(self) -> None:
        """On commit: every batch of the transaction at once (nested blocks each registered one), so a
        council is refreshed once however many blocks changed it; the later batches find nothing to do."""
        if self.flushed:
            return
        batches = {self, *(b for b in getattr(_state, "pending", []) if not b.flushed)}
        _state.pending = []
        for batch in batches:
            batch.flushed = True
        pairs = set().union(*(b.pairs for b in batches))
        by_lookup = defaultdict(set)
        for lookup, value in pairs:
            by_lookup[lookup].add(value)
        if set(by_lookup) == {"pk"}:  # named by their ids (data_changed(council=…)): no query to find them
            council_ids = sorted(by_lookup["pk"])
        else:
            condition = reduce(or_, (Q(**{f"{lookup}__in": values}) for lookup, values in by_lookup.items()))
            council_ids = sorted(set(Council.objects.filter(condition).values_list("pk", flat=True)))
        if not council_ids:
            return
        # Each listener in its own transaction (each is atomic itself), after the write's: one that fails is
        # logged and rolled back alone. Not one transaction around them all: each would then pay a savepoint
        # (2 statements) to be rolled back alone, and a listener may choose how its own commit is made (the
        # summaries' need not wait for the disk; the dashboards' enqueue is its one INSERT).
        for listener in list(_listeners):
            try:
                listener(council_ids=council_ids)
            except Exception:
                log.exception(
                    "%s failed for councils %s", getattr(listener, "__name__", listener), council_ids
                )


def _registered(connection, batch: _Changes) -> bool:
    return not batch.flushed and any(func == batch.flush for _, func, _ in connection.run_on_commit)


def _note_change(lookup: str, value) -> None:
    if not _listeners:
        return
    connection = transaction.get_connection()
    savepoints = tuple(connection.savepoint_ids)
    changes = getattr(_state, "changes", None)
    # Add to the batch registered in this same atomic block while it waits for the commit. Otherwise start a
    # batch here: a rolled-back transaction or savepoint dropped the old one's callback, and a batch of an
    # outer block would not be run by a test's captureOnCommitCallbacks around this block.
    if changes is not None and changes.savepoints == savepoints and _registered(connection, changes):
        changes.pairs.add((lookup, value))
        return
    changes = _state.changes = _Changes(savepoints)
    changes.pairs.add((lookup, value))
    # Batches whose callbacks a rollback dropped are forgotten.
    _state.pending = [b for b in getattr(_state, "pending", []) if _registered(connection, b)] + [changes]
    transaction.on_commit(changes.flush, robust=True)  # outside a transaction: runs now
