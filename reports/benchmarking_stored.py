"""A council's Benchmarking picture against a comparator group, read as one row (issue 22).

An uncached Benchmarking page read every local authority, the council's neighbours and ~1,300 figures
(3 queries and the driver's Decimals) and worked out every measure's standings over five years and their
charts: two thirds of the page's time. None of it depends on the day or on who reads: the figures change only
when the DfE's are imported, and the group only with the DfE's LA list and neighbours and the council's LA
code. So the first view works the picture out (`BenchmarkPicture`: the areas and the blocks, without the
figures, which the page no longer reads once the blocks are built) and stores it keyed by those: the latest
DfE release (dfe.services records one before any import changes a figure, an authority or a neighbour, as it
bumps every council's data version) and the council's LA code. The views after it, every role's, read one
row, and so does the first view after an officer's save, which moves the council's data version but none of
those (keyed by the data version, every save made the next view work the picture out again and store it).

A row is used only while its key is the current one (and its `format` the code's); otherwise the picture is
worked out live, exactly as before, and stored for the next view. Nothing is invalidated by hand.
A group of councils picked in the address is not stored (the choices are the reader's, not the council's).

The dashboard's benchmarking panel and the Forum report's Benchmarking section read another row of the same
kind (`benchmark_summary`: 1 query instead of 4 and 3, and no standings worked out), built from one read of
the council against its neighbours (benchmarks_for_council's, from which the panel's own narrower read is
cut: reports.benchmarking_selectors.panel_benchmarks) and the council's choice of dashboard measures, which
is part of its key.

The payload is a deflated pickle, written only by this module, never from user bytes; a measure is stored by
its key (its formula is code, not data) and is the module's own `Measure` when read back.
"""

import io
import logging
import pickle
import zlib
from dataclasses import dataclass, replace
from functools import lru_cache

from django.db.models import Max, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from core.charts import Chart
from core.prepared import run_compiled
from core.stored_rows import format_of
from dfe.models import Release
from recovery.models import Council
from reports.benchmarking import MEASURE_BY_KEY, Entry, Measure, Missing, Standing, dashboard_standings
from reports.benchmarking_charts import MeasureBlock, measure_blocks
from reports.benchmarking_report import section_of
from reports.benchmarking_selectors import (
    COMPARATORS,
    Area,
    Benchmarks,
    benchmarks_for_council,
    panel_benchmarks,
)
from reports.models import DashboardMeasures, StoredBenchmarks

log = logging.getLogger(__name__)

# Bump when what is worked out changes without the shapes below changing (a measure's formula, the
# standings' rules): rows of an older format are then worked out live (and replaced).
FORMAT_VERSION = 1
STORED = ("neighbours", "region", "type", "england")  # not "pick": the reader's choice
SUMMARY = "summary"  # the panel's and the report section's row (no comparator is called that)


@dataclass(frozen=True)
class BenchmarkPicture:
    benchmarks: Benchmarks  # without its figures
    blocks: list[MeasureBlock]


@dataclass(frozen=True)
class BenchmarkSummary:
    standings: list[Standing]  # the dashboard's panel: benchmark_standings_for_council
    section: dict  # the Forum report's section: reports.benchmarking_report.benchmarking_section


def _shape() -> int:
    """The format: FORMAT_VERSION and the shape of everything pickled (and the measures' keys), so a row is
    never unpickled into another shape after a deploy."""
    classes = (
        BenchmarkPicture,
        BenchmarkSummary,
        Benchmarks,
        Area,
        MeasureBlock,
        Standing,
        Entry,
        Missing,
        Chart,
    )
    return format_of(FORMAT_VERSION, classes=classes, extra=(sorted(MEASURE_BY_KEY),))


FORMAT = _shape()


class _Pickler(pickle.Pickler):
    def persistent_id(self, obj):
        return ("measure", obj.key) if isinstance(obj, Measure) else None


class _Unpickler(pickle.Unpickler):
    def persistent_load(self, pid):
        kind, key = pid
        if kind != "measure":
            raise pickle.UnpicklingError(f"unknown reference {kind}")
        return MEASURE_BY_KEY[key]


def _dumps(picture) -> bytes:
    out = io.BytesIO()
    _Pickler(out, pickle.HIGHEST_PROTOCOL).dump(picture)
    return zlib.compress(out.getvalue(), 1)


def _loads(payload: bytes):
    return _Unpickler(io.BytesIO(zlib.decompress(payload))).load()  # noqa: S301  (written by _dumps only)


def benchmark_picture_read(*, council: Council, comparator: str, picked=()) -> BenchmarkPicture:
    """The picture worked out from the tables (benchmarks_for_council's queries)."""
    benchmarks = benchmarks_for_council(council=council, comparator=comparator, picked=picked)
    return BenchmarkPicture(benchmarks=benchmarks, blocks=measure_blocks(benchmarks))


def _latest_release():
    return Coalesce(Subquery(Release.objects.order_by("-pk").values("pk")[:1]), 0)


def _chosen_measures():
    return Coalesce(
        Subquery(DashboardMeasures.objects.filter(council=OuterRef("council")).values("measures")[:1]),
        Value(""),
    )


@lru_cache(maxsize=1024)
def _row_query(council_id: int, comparator: str, la_code: str, row_format: int) -> tuple:
    """The SQL of the stored row's read, compiled by the ORM once per process for each council and group:
    with its two subqueries, compiling it cost more than running it."""
    rows = StoredBenchmarks.objects.filter(
        council_id=council_id, comparator=comparator, la_code=la_code, format=row_format
    ).filter(dfe_release=_latest_release())
    if comparator == SUMMARY:
        rows = rows.filter(chosen=_chosen_measures())
    return rows.values_list("payload")[:1].query.sql_with_params()


def _stored(council: Council, comparator: str):
    """What is stored for the council and `comparator` at the current key and this format, or None: 1 query
    (the latest release and the council's measures read with the row)."""
    found = run_compiled(_row_query(council.pk, comparator, council.la_code, FORMAT))
    if not found:
        return None
    payload = found[0][0]
    try:
        return _loads(bytes(payload))
    except Exception:  # a row that no longer unpickles: worked out live, as for a stale one
        log.warning("stored benchmarks of council %s did not load", council.pk, exc_info=True)
        return None


def _release_now() -> int:
    """The latest DfE release's id (0: none yet), read before what is stored under it: 1 query."""
    return Release.objects.aggregate(latest=Max("pk"))["latest"] or 0


def _store(council: Council, comparator: str, release: int, stored, chosen: str = "") -> None:
    StoredBenchmarks.objects.bulk_create(  # an upsert: 1 query
        [
            StoredBenchmarks(
                council=council,
                comparator=comparator,
                dfe_release=release,
                la_code=council.la_code,
                chosen=chosen,
                format=FORMAT,
                payload=_dumps(stored),
            )
        ],
        update_conflicts=True,
        unique_fields=["council", "comparator"],
        update_fields=["dfe_release", "la_code", "chosen", "format", "payload"],
    )


def benchmark_picture(*, council: Council, comparator: str, picked=()) -> BenchmarkPicture:
    """The council's picture against `comparator`: the stored row's (1 query), or worked out live and stored
    (2 more: the latest release, read first, so a picture is never older than the key it is stored under;
    the upsert). A picked group is always worked out live."""
    comparator = comparator if comparator in COMPARATORS else "neighbours"
    if comparator not in STORED:
        return benchmark_picture_read(council=council, comparator=comparator, picked=picked)
    picture = _stored(council, comparator)
    if picture is not None:
        return picture
    release = _release_now()
    picture = benchmark_picture_read(council=council, comparator=comparator)
    _store(
        council,
        comparator,
        release,
        BenchmarkPicture(benchmarks=replace(picture.benchmarks, figures={}), blocks=picture.blocks),
    )
    return picture


def _summary_read(council: Council, measures: str) -> BenchmarkSummary:
    whole = benchmarks_for_council(council=council)
    chosen = [key for key in measures.split(",") if key in MEASURE_BY_KEY]  # dashboard_measures_for_council's
    standings = dashboard_standings(panel_benchmarks(whole, chosen), chosen=chosen)
    return BenchmarkSummary(standings=standings, section=section_of(whole))


def _measures_of(council: Council) -> str:
    """The council's dashboard measures as stored (DashboardMeasures.measures; "" for none): 1 query."""
    return DashboardMeasures.objects.filter(council=council).values_list("measures", flat=True).first() or ""


def benchmark_summary_read(*, council: Council) -> BenchmarkSummary:
    """The panel's standings and the report's section worked out from the tables: 4 queries (the council
    against its neighbours: 3; its dashboard measures)."""
    return _summary_read(council, _measures_of(council))


def benchmark_summary(*, council: Council) -> BenchmarkSummary:
    """The council's benchmarking summary: the stored row's (1 query), or worked out (the latest release,
    the council's measures, the council against its neighbours: 5) and stored (1)."""
    summary = _stored(council, SUMMARY)
    if summary is None:
        release, measures = _release_now(), _measures_of(council)
        summary = _summary_read(council, measures)
        _store(council, SUMMARY, release, summary, chosen=measures)
    return summary
