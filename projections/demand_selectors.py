"""Reads for the demand model: a council's published SEN2 series from the dfe store, its region's, its levers,
and the council's ONS population by single year of age (its joiners per head; the region's is not read).

Two queries for a council and its region (the Figures of every LA in the region at once), one for the levers.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from django.db.models import Q

from dfe.models import Figure, LocalAuthority
from dfe.readers.sen2_demand import CEASED_PLACEMENTS, GROUPS, ages_of, column_group
from projections.demand import AGES, REASON_KEYS, Lever
from projections.demand_calibration import History
from projections.models import DemandLever, DemandTransitions, Scenario
from recovery.models import Council

SERIES = (
    "ehcp_group",
    "ehcp_age_group",
    "ehcp_new",
    "ehcp_new_group",
    "ehcp_new_age",
    "ehcp_ceased",
    "ehcp_ceased_age",
    "ehcp_ceased_reason",
    "ehcp_ceased_setting",
)
PLACEMENT_COLUMNS = frozenset(CEASED_PLACEMENTS.values())
POPULATION = "population_age"  # ONS persons by single year of age (dfe.readers.population), mid-year


def _census(period: str) -> int:
    return int(period[:4])  # "2025-01": the January 2025 census


def _histories(figures) -> dict[str, History]:
    """Histories keyed by LA code from (la_code, name, region, series, breakdown, period, value) rows."""
    rows = defaultdict(list)
    names = {}
    for code, name, region, series, breakdown, period, value in figures:
        names[code] = (name, region)
        rows[code].append((series, breakdown, period, value))
    out = {}
    for code, items in rows.items():
        h = History(code=code, name=names[code][0], region=names[code][1])
        for series, breakdown, period, value in items:
            if value is None:
                continue
            v = float(value)
            if series == "ehcp_group" and breakdown in GROUPS:
                h.stock.setdefault(_census(period), np.zeros(len(GROUPS)))[GROUPS.index(breakdown)] = v
            elif series == "ehcp_age_group":
                age, group = breakdown.split("|")
                grid = h.stock_by_age.setdefault(_census(period), np.zeros((AGES, len(GROUPS))))
                grid[int(age), GROUPS.index(group)] = v
            elif series == "ehcp_new" and not breakdown:
                h.new[int(period)] = v
            elif series == "ehcp_new_group" and breakdown in GROUPS:
                h.new_by_group.setdefault(int(period), np.zeros(len(GROUPS)))[GROUPS.index(breakdown)] = v
            elif series in ("ehcp_new_age", "ehcp_ceased_age"):
                ages = ages_of(breakdown)
                target = h.new_by_age if series == "ehcp_new_age" else h.ceased_by_age
                values = target.setdefault(int(period), np.zeros(AGES))
                values[ages] += v / len(ages)
            elif series == "ehcp_ceased" and not breakdown:
                h.ceased[int(period)] = v
            elif series == "ehcp_ceased" and breakdown in REASON_KEYS:
                reasons = h.ceased_by_reason.setdefault(int(period), np.zeros(len(REASON_KEYS)))
                reasons[REASON_KEYS.index(breakdown)] = v
            elif series == "ehcp_ceased_reason":
                band, reason = breakdown.rsplit("|", 1)
                ages = ages_of(band)
                if ages is not None and reason in REASON_KEYS:
                    grid = h.ceased_by_age_reason.setdefault(int(period), np.zeros((AGES, len(REASON_KEYS))))
                    grid[ages, REASON_KEYS.index(reason)] += v / len(ages)
            elif series == "ehcp_ceased_setting":
                by_group = h.ceased_by_setting.setdefault(int(period), np.zeros(len(GROUPS)))
                by_group[GROUPS.index(column_group(breakdown))] += v
                if breakdown not in PLACEMENT_COLUMNS:
                    h.notes.append(
                        f"Ceased plans of {period} from the placement {breakdown!r}, which this version does "
                        "not know, are counted in other"
                    )
            elif series == POPULATION and breakdown.isdigit() and int(breakdown) < AGES:
                h.population.setdefault(int(period), np.zeros(AGES))[int(breakdown)] = v
        out[code] = h
    return out


def demand_histories_for_region(*, council: Council) -> tuple[History, list[History]]:
    """The council's History and those of every current LA in its region (the shrinkage prior's pool).

    A council with no SEN2 figures gets an empty History: calibration then says so by name.
    """
    region = (
        LocalAuthority.objects.filter(la_code=council.la_code).values_list("region", flat=True).first() or ""
    )
    areas = (
        LocalAuthority.objects.filter(region=region, current=True)
        if region
        else LocalAuthority.objects.none()
    )
    codes = {council.la_code, *areas.values_list("la_code", flat=True)}
    own_population = Q(area__la_code=council.la_code, series=POPULATION)
    figures = Figure.objects.filter(
        Q(area__la_code__in=codes, series__in=SERIES) | own_population
    ).values_list("area__la_code", "area__name", "area__region", "series", "breakdown", "period", "value")
    histories = _histories(figures)
    own = histories.get(council.la_code) or History(code=council.la_code, name=council.name)
    own.name = council.name
    return own, list(histories.values())


def demand_levers_for(*, plan) -> dict[str, list[Lever]]:
    """{"unmitigated": [], "target": [...], "stretch": target + stretch} as projections.demand levers."""
    target, stretch = [], []
    for lever in DemandLever.objects.filter(plan=plan).select_related("workstream"):
        converted = as_lever(lever, workstream=f"{lever.workstream.code}. {lever.workstream.title}")
        (target if lever.scenario == Scenario.TARGET else stretch).append(converted)
    return {Scenario.UNMITIGATED: [], Scenario.TARGET: target, Scenario.STRETCH: target + stretch}


def demand_histories_all() -> list[History]:
    """Every local authority's History (one query), for the national backtest."""
    figures = (
        Figure.objects.filter(series__in=(*SERIES, POPULATION))
        .exclude(area__la_code="E")
        .values_list("area__la_code", "area__name", "area__region", "series", "breakdown", "period", "value")
    )
    return list(_histories(figures).values())


def latest_demand_backtest():
    from projections.models import DemandBacktest

    return DemandBacktest.objects.first()


def latest_demand_run(*, council):
    """The council's latest demand model run (its status and forecast), or None."""
    from projections.models import DemandRun

    return DemandRun.objects.filter(council=council).select_related("forecast").first()


def as_lever(lever: DemandLever, *, workstream: str = "") -> Lever:
    """A saved lever as the model takes it (projections.demand.Lever)."""
    return Lever(
        kind=lever.kind,
        workstream=workstream,
        start_year=lever.start_year,
        age_from=lever.age_from,
        age_to=lever.age_to,
        factor=float(lever.factor),
        group=lever.group or None,
        to_group=lever.to_group or None,
        share=float(lever.share),
        workstream_id=lever.workstream_id,
        reason=lever.reason or None,
    )


def lever_text(lever: DemandLever) -> str:
    """A saved lever in words, as the page lists it ("New plans aged 5–10 −10% from 2027-28")."""
    return as_lever(lever).describe()


def demand_transitions_for(*, council: Council) -> DemandTransitions | None:
    """The council's own transitions for the demand model (one query), or None."""
    return DemandTransitions.objects.filter(council=council).select_related("uploaded_by").first()


# s251 outturn lines that are one placement group's spend, so spend ÷ plans there is a unit cost.
S251_GROUP_SPEND = {
    "s251_outturn_independent": "independent",
    "s251_outturn_alternative_provision": "ap",
}


def s251_group_spend_for(*, la_code: str) -> dict[str, list[tuple[int, float]]]:
    """group → [(financial year's first year, spend)] from an LA's s251 outturn (one query)."""
    out: dict[str, list[tuple[int, float]]] = defaultdict(list)
    rows = Figure.objects.filter(
        area__la_code=la_code, series__in=S251_GROUP_SPEND, breakdown="", value__isnull=False
    ).values_list("series", "period", "value")
    for series, period, value in rows:
        out[S251_GROUP_SPEND[series]].append((int(period[:4]), float(value)))
    return dict(out)
