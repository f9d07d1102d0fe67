"""Plan summaries: the national overview's figures of each active plan, worked out when the plan is written.

The overview used to count every council's milestones by effective RAG and read every current forecast's
rows on each view, and it is keyed by every council's data version, so with 153 councils at work it was
almost never cached. Now each write that bumps a council's data version (recovery.data_version: every
audited save, delete and bulk write) has the council's summaries refreshed when its transaction commits
(`summaries_refresh`, by `summaries_after_write` registered in ReportsConfig.ready, or by the job worker's
task after it), and the overview reads one row per plan.

A summary stores facts, not today's answers, so it never goes stale with the calendar:
- "milestones": each open milestone's forecast due date (an ordinal; NO_DUE when it has none), grouped by
  "<stored RAG>|<held>" and sorted, so the effective RAG and "overdue" on any day are a bisection
  (`milestone_counts`), the same rules as workstreams.models.effective_rag_q and overdue_q (tested to agree).
  Each group is one string of fixed-width hex ordinals (`dues_text`): decoding a JSON list of 120 numbers a
  plan was most of reading the 157 summaries (1.5 of 2.4 ms); a string decodes in one step and is bisected
  as it is. A summary stored with lists is read as it was (`milestone_counts` takes both);
- "series", "funding": the current forecast's headline unmitigated cumulative deficit and High Needs funding
  by financial year; "change_year", "previous_end": the previous published forecast's figure to compare;
- SPARKLINE: the series drawn as the table's Trajectory cell (markup that depends on the series alone),
  stored in a column of its own (`split_sparkline`: read as the string it is, with nothing to decode);
- CELLS: the table's money cells as written (escaped, `written_cells`): "now" and "share" for each year the
  series gives (the day picks its year, `cells_on`), "end" and "change". A summary stored before it has none,
  and the table formats the figures as it reads (money formatting was most of the table's cells).

A row is trusted only while its `data_version` equals its council's: a write whose refresh has not run yet
(or failed: it is `robust`, never the write's error) is computed as the overview reads, never shown stale.
In production the refresh is the job worker's, after the write (`summaries_after_write`).
Nothing is invalidated by hand; `build_plan_summaries` builds them for data written before they existed
(or in bulk, as generate_scale_data does).
"""

import html
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import FilteredRelation, Q

from core.money import percent, pounds, pounds_compact
from projections.figures import HEADLINE_BOUND_ORDER
from projections.models import Forecast, ForecastStatus
from projections.selectors import unmitigated_series
from recovery.models import Council, PlanStatus
from reports.charts import trajectory_sparkline
from reports.models import PlanSummary
from workstreams.models import Milestone
from workstreams.rag import Rag

NO_DUE = date.max.toordinal() + 1  # never before any day
# A due date's width in a group's string: date.max's ordinal + 1 is 0x37b9dc, six hex digits. Zero-padded to a
# fixed width, the strings sort as the numbers do, so a group's string is bisected slice by slice.
DUE_WIDTH = 6
# The Trajectory cell's markup (reports.charts.trajectory_sparkline of "series"), worked out with the summary:
# a third of the overview's table at 306 councils. A summary stored before it (or by another version of the
# markup: change the key with it) has none, and the overview draws it as it reads.
SPARKLINE = "sparkline_1"
SPARKLINE_COLUMN = "sparkline_column"  # which SPARKLINE PlanSummary.sparkline holds (`split_sparkline`)
# The national table's money cells (core.money's formats, escaped), per plan: change the key with the formats.
CELLS = "cells_2"  # 2: £999,500 to £999,949 written "£1m", not "£1000k"
# The national chart's figures to the pound (core.money.pounds: its hover text and data table), per plan:
# "now" for each year of "series" joined by "|", and "end". Beside CELLS, not in it, so a summary stored with
# CELLS alone keeps its table's cells; one stored without it has its chart's figures written as it is read.
CHART = "chart_1"


def split_sparkline(figures: dict) -> tuple[dict, str]:
    """A plan's figures as stored: without the sparkline, which goes in its own column (PlanSummary.sparkline,
    read as the string it is), and a note in the figures of which markup the column holds (SPARKLINE), so a
    change of the markup still changes the key and old columns are drawn again as they are read."""
    if SPARKLINE not in figures:
        return figures, ""
    markup = figures.pop(SPARKLINE)  # "" for a series too short to draw: stored as drawn
    figures[SPARKLINE_COLUMN] = SPARKLINE
    return figures, markup


def with_sparkline(figures: dict | None, sparkline: str) -> dict | None:
    """What `split_sparkline` stored (the figures decoded), put back together as `plan_figures` gave it."""
    if figures is not None and figures.pop(SPARKLINE_COLUMN, None) == SPARKLINE:
        figures[SPARKLINE] = sparkline
    return figures


def _number(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _decimal(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def plan_figures(*, plan_ids: list[int]) -> dict[int, dict]:
    """The summary figures of these plans, read from the database: 3 queries whatever their number."""
    figures = {
        pk: {"milestones": {}, "series": [], "funding": [], "change_year": None, "previous_end": None}
        for pk in plan_ids
    }
    if not plan_ids:
        return figures
    # Open milestones: as workstreams.models.effective_rag_q and reports.selectors' counting read them.
    open_milestones = Milestone.objects.filter(
        workstream__plan__in=plan_ids,
        completed_on__isnull=True,
        archived_on__isnull=True,
        workstream__archived_on__isnull=True,
    ).values_list("workstream__plan_id", "rag", "rag_hold_reason", "forecast_due")
    for plan_id, rag, reason, due in open_milestones:
        held = "1" if rag and reason else "0"  # a held RAG needs a RAG and a reason (effective_rag_q)
        groups = figures[plan_id]["milestones"]
        groups.setdefault(f"{rag}|{held}", []).append(due.toordinal() if due else NO_DUE)
    for plan in figures.values():
        plan["milestones"] = {key: dues_text(dues) for key, dues in plan["milestones"].items()}

    # The current forecast and the published ones before it, per plan, with their unmitigated rows.
    forecasts = list(
        Forecast.objects.filter(plan__in=plan_ids)
        .filter(Q(is_current=True) | Q(status=ForecastStatus.PUBLISHED))
        .order_by("plan_id", "-as_at", "-pk")
    )
    cells, funding = unmitigated_series(forecasts=forecasts)
    by_plan: dict[int, list[Forecast]] = defaultdict(list)
    for f in forecasts:
        by_plan[f.plan_id].append(f)

    def headline_bound(forecast: Forecast) -> str | None:
        return next((b for b in HEADLINE_BOUND_ORDER if b in cells.get(forecast.pk, {})), None)

    def headline_series(forecast: Forecast) -> dict[int, Decimal]:
        bound = headline_bound(forecast)
        return cells[forecast.pk][bound] if bound else {}

    for plan_id, plan in figures.items():
        current = next((f for f in by_plan.get(plan_id, []) if f.is_current), None)
        series = headline_series(current) if current else {}
        if not series:
            continue
        plan["series"] = [[year, _number(value)] for year, value in sorted(series.items())]
        plan[SPARKLINE] = str(trajectory_sparkline([(year, _decimal(v)) for year, v in plan["series"]]))
        headline_funding = funding[current.pk][headline_bound(current)]
        plan["funding"] = [[year, _number(value)] for year, value in sorted(headline_funding.items())]
        previous = next(
            (
                f
                for f in by_plan[plan_id]
                if f is not current and f.status == ForecastStatus.PUBLISHED and f.as_at <= current.as_at
            ),
            None,
        )
        earlier = headline_series(previous) if previous else {}
        shared = [year for year in series if year in earlier]
        if shared:
            plan["change_year"] = max(shared)
            plan["previous_end"] = _number(earlier[plan["change_year"]])
        plan[CELLS] = written_cells(plan)
        plan[CHART] = chart_cells(plan)
    return figures


def share_of_funding(deficit: Decimal | None, funding: Decimal | None) -> Decimal | None:
    """A year's cumulative deficit as a fraction of that year's High Needs funding (to 0.1%)."""
    if deficit is None or not funding:
        return None
    return (deficit / funding).quantize(Decimal("0.001"))


def change_since(current: Decimal | None, previous_end: Decimal | None) -> Decimal | None:
    """The change in a year's deficit since the previous forecast's figure for it."""
    return None if current is None or previous_end is None else current - previous_end


def written_cells(figures: dict) -> dict:
    """The national table's money cells of a plan with a series, as reports.tables.NationalTable writes them
    from the row's figures, from the figures as stored (the strings the overview reads): "now" and "share" one
    string each, the year's cells in the order of "series" joined by "|" ("" an empty cell: no format writes
    ""), so a summary decodes them in one step; "end" and "change" a cell or None (`cells_on` reads them)."""
    series, funding = series_of(figures)

    def cell(value: Decimal | None, write) -> str:
        return "" if value is None else html.escape(write(value))

    change = None
    if figures["change_year"] is not None and figures["previous_end"] is not None:
        change = change_since(series.get(figures["change_year"]), Decimal(figures["previous_end"]))
    years = [year for year, _ in figures["series"]]
    return {
        "now": "|".join(cell(series[year], pounds_compact) for year in years),
        "share": "|".join(cell(share_of_funding(series[year], funding.get(year)), percent) for year in years),
        "end": cell(series[years[-1]], pounds_compact) or None,
        "change": cell(change, pounds_compact) or None,
    }


def chart_cells(figures: dict) -> dict:
    """The national chart's figures of a plan with a series (to the pound, as reports.charts.national_deficits
    writes them): "now" each year's, in the order of "series", joined by "|" ("" none), and "end"."""
    values = [_decimal(value) for _, value in figures["series"]]
    return {"now": "|".join(pounds(value) for value in values), "end": pounds(values[-1])}


def chart_on(figures: dict, year: int) -> tuple[str, str] | None:
    """The stored chart figures of financial year `year` and the last ("" none), or None when the summary was
    stored without them."""
    stored = figures.get(CHART)
    if stored is None:
        return None
    for position, (y, _) in enumerate(figures["series"]):
        if y == year:
            return stored["now"].split("|")[position], stored["end"]
    return "", stored["end"]


def cells_on(figures: dict, year: int) -> dict[str, str | None] | None:
    """The stored money cells of the table's row in financial year `year` (None: an empty cell), or None
    when the summary was stored without them."""
    stored = figures.get(CELLS)
    if stored is None:
        return None
    index = None
    for position, (y, _) in enumerate(figures["series"]):  # a loop: a generator per row cost 2 µs of 157
        if y == year:
            index = position
            break
    return {
        "now": None if index is None else stored["now"].split("|")[index] or None,
        "share": None if index is None else stored["share"].split("|")[index] or None,
        "end": stored["end"],
        "change": stored["change"],
    }


def dues_text(dues: list[int]) -> str:
    """A group's due dates (ordinals) as one string, sorted, DUE_WIDTH hex digits each."""
    return "".join(f"{due:0{DUE_WIDTH}x}" for due in sorted(dues))


def _before(dues: str | list[int], day: int) -> tuple[int, int]:
    """(how many of the group's dues are before `day`, how many there are), from the string or, for a
    summary stored before it, the sorted list of ordinals."""
    if not isinstance(dues, str):
        return bisect_left(dues, day), len(dues)
    target = f"{day:0{DUE_WIDTH}x}"
    low, high = 0, len(dues) // DUE_WIDTH
    total = high
    while low < high:
        middle = (low + high) // 2
        if dues[middle * DUE_WIDTH : (middle + 1) * DUE_WIDTH] < target:
            low = middle + 1
        else:
            high = middle
    return low, total


_RED, _AMBER, _GREEN = Rag.RED.value, Rag.AMBER.value, Rag.GREEN.value
# Each group key ("<stored RAG>|<held>") read once per process: (its RAG, whether it is counted as stored
# whatever the day: held, or Red already). The keys are the few RAG values by two.
_GROUP_RULES: dict[str, tuple[str, bool]] = {}


def _group_rule(key: str) -> tuple[str, bool]:
    rule = _GROUP_RULES.get(key)
    if rule is None:
        rag, held = key.split("|")
        rule = _GROUP_RULES[key] = (rag, held == "1" or rag == _RED)
    return rule


def milestone_counts(figures: dict, today: date) -> tuple[dict[str, int], int]:
    """Open milestones by effective RAG on `today`, and how many are overdue (past their forecast date)."""
    counts = {_RED: 0, _AMBER: 0, _GREEN: 0}
    overdue = 0
    day = today.toordinal()
    for key, dues in figures["milestones"].items():
        rag, as_stored = _GROUP_RULES.get(key) or _group_rule(key)
        late, total = _before(dues, day)  # due before today
        overdue += late
        if as_stored:
            if rag in counts:
                counts[rag] += total
        else:  # unheld: Red once past its forecast date
            counts[_RED] += late
            if rag in counts:
                counts[rag] += total - late
    return counts, overdue


def series_of(figures: dict) -> tuple[dict[int, Decimal | None], dict[int, Decimal | None]]:
    """The stored headline series and funding, as {financial year: Decimal}."""
    return (
        {year: _decimal(value) for year, value in figures["series"]},
        {year: _decimal(value) for year, value in figures["funding"]},
    )


def figure_in(pairs: list[list], year: int) -> Decimal | None:
    """Year `year`'s figure of a stored series or funding ([year, "figure" or None], ...), or None."""
    for y, value in pairs:
        if y == year:
            return None if value is None else Decimal(value)
    return None


def figures_for_plans(
    plans: Iterable[tuple[int, int, int | None, dict | None]], versions: dict[int, int]
) -> dict[int, dict]:
    """Each plan's figures, from (plan id, council id, its summary's data version, its summary's figures; None
    and None without a summary): the stored summary when it is of its council's current data version, else
    read now (3 queries for all such plans together, none if none)."""
    figures, stale = {}, []
    for pk, council_id, version, stored in plans:
        if version is not None and version == versions.get(council_id):
            figures[pk] = stored
        else:
            stale.append(pk)
    figures.update(plan_figures(plan_ids=stale))
    return figures


@transaction.atomic
def summaries_refresh(*, council_ids: Iterable[int]) -> int:
    """Store the summaries of these councils' active plans, as of their data version; returns how many.

    Locks the councils' rows first (as every write does, recovery.data_version.council_lock), so refreshes
    after concurrent writes queue and the last one reads everything committed before it."""
    connection = transaction.get_connection()
    if connection.vendor == "postgresql" and not connection.savepoint_ids:
        # Its own transaction (after a write's commit): a summary is derived, trusted only at its council's
        # version, so its commit need not wait for the disk (a crash loses at most a summary the overview
        # then works out as it reads). Not inside another transaction, whose own writes it would expose.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
    # The councils' rows locked, with their active plans (1 query: only the councils' rows are locked).
    active = Q(plans__status=PlanStatus.ACTIVE)
    rows = list(
        Council.objects.filter(pk__in=list(council_ids))
        .order_by("pk")
        .select_for_update(**({"of": ("self",)} if connection.features.has_select_for_update_of else {}))
        .annotate(plan_id=FilteredRelation("plans", condition=active))
        .values_list("pk", "data_version", "plan_id__pk")
    )
    versions = {pk: version for pk, version, _ in rows}
    plans = [(plan_id, pk) for pk, _, plan_id in rows if plan_id is not None]
    figures = plan_figures(plan_ids=[pk for pk, _ in plans])
    PlanSummary.objects.bulk_create(
        [
            PlanSummary(plan_id=pk, data_version=versions[c], figures=stored, sparkline=sparkline)
            for pk, c in plans
            for stored, sparkline in [split_sparkline(figures[pk])]
        ],
        update_conflicts=True,
        unique_fields=["plan"],
        update_fields=["data_version", "figures", "sparkline"],
    )
    return len(plans)


def summaries_after_write(*, council_ids: Iterable[int]) -> int:
    """After a write's commit (recovery.data_version.after_councils_change): the councils' summaries, unless
    the job worker stores them with the councils' other rows (settings.STORED_PICTURES_AFTER_WRITE:
    reports.tasks.build_stored_picture, enqueued by the same commit). The refresh was about 3 ms of an update
    return's 22 ms of CPU; until the worker has run, the overview works the plan's figures out as it reads
    (a summary is trusted only at its council's version), so it is never stale."""
    if settings.STORED_PICTURES_AFTER_WRITE:
        return 0
    return summaries_refresh(council_ids=council_ids)


def summaries_build() -> int:
    """Every council's summaries (the command build_plan_summaries; after bulk loads)."""
    return summaries_refresh(council_ids=Council.objects.values_list("pk", flat=True))
