"""Reads for benchmarking: a council's comparator group and every figure the measures need, in three queries
whatever the group's size (local authorities, the council's neighbours, the figures)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from django.db.models import Q

from dfe.models import Figure, LocalAuthority, Neighbour
from dfe.readers.common import ENGLAND
from dfe.selectors import Cell
from recovery.models import Council
from reports.benchmarking import (
    DASHBOARD_PREFERENCE,
    MEASURE_BY_KEY,
    MEASURES,
    FigureTable,
    Measure,
    Result,
    Standing,
    dashboard_standings,
    period_words,
    periods_for,
    series_needed,
)
from reports.models import DashboardMeasures

COMPARATORS = {
    "neighbours": "its ten statistical neighbours",
    "region": "the other councils of its region",
    "type": "all councils of the same type",
    "england": "every council in England",
    "pick": "councils you pick",
}
# The kind of council, by the prefix of its GSS code (ONS): how the DfE's tools group councils by type.
TYPES = {
    "E10": "county councils",
    "E06": "unitary authorities",
    "E08": "metropolitan districts",
    "E09": "London boroughs",
}
MAX_PICKED = 40


@dataclass(frozen=True)
class Area:
    code: str
    name: str
    region: str
    gss: str
    current: bool
    start: str  # "2021-04" for a council that replaced others, "" if it always existed
    end: str  # "2021-04" for a council that ended, ""

    @property
    def kind(self) -> str:
        return TYPES.get(self.gss[:3], "")


@lru_cache(maxsize=1024)  # a handful of periods, asked for every council of every standing
def _period_start(period: str) -> str:
    """The month a period starts, to compare with when a council started or ended: January censuses and
    calendar years in January, financial years in April."""
    if len(period) == 4:
        return f"{period}-01"
    if period.endswith("-01"):
        return period
    return f"{period[:4]}-04"


@dataclass
class Benchmarks:
    """Everything a benchmarking page, report or workbook needs: the council, the group, the figures."""

    council: Area | None
    comparator: str
    group: list[Area]  # without the council, in the order to show (neighbours nearest first)
    region: list[Area]  # the council's region, the council included
    figures: dict[tuple[str, str, str], Cell]
    picked: list[str] = field(default_factory=list)
    choices: list[Area] = field(default_factory=list)  # every current council, for picking a group
    measures: Sequence[Measure] = MEASURES

    def existed(self, code: str, period: str) -> bool:
        area = self._areas.get(code)
        if area is None:
            return True
        month = _period_start(period)
        return (not area.start or month >= area.start) and (not area.end or month < area.end)

    def __post_init__(self) -> None:
        areas = [*self.group, *self.region, *([self.council] if self.council else [])]
        self._areas = {a.code: a for a in areas}

    @property
    def group_words(self) -> str:
        if self.council is None:
            return ""
        if self.comparator == "type" and self.council.kind:
            return f"all {self.council.kind}"
        if self.comparator == "region" and self.council.region:
            the = "" if self.council.region == "London" else "the "
            return f"the other councils of {the}{self.council.region}"
        return COMPARATORS[self.comparator]


AREA_FIELDS = ("la_code", "name", "region", "gss_code", "current", "ended", "successors")


def _areas_of(rows) -> list[Area]:
    """Areas of LocalAuthority rows (AREA_FIELDS), England left out; a council that replaced others starts
    in the month the last of them ended (those rows must be among `rows`)."""
    starts: dict[str, str] = {}
    for _, _, _, _, _, ended, successors in rows:
        for code in filter(None, (s.strip() for s in successors.split(","))):
            if ended:
                starts[code] = max(starts.get(code, ""), ended)
    return [
        Area(code, name, region, gss, current, starts.get(code, ""), ended)
        for code, name, region, gss, current, ended, successors in rows
        if code != ENGLAND
    ]


def _areas() -> list[Area]:
    """Every local authority, by name. 1 query."""
    return _areas_of(list(LocalAuthority.objects.order_by("name").values_list(*AREA_FIELDS)))


def _figures(found) -> dict[tuple[str, str, str], Cell]:
    """The measures' mapping ``(LA code, series, period) -> Cell`` of the store figures ``found`` (their
    totals: breakdowns are not measured). 1 query."""
    rows = found.filter(breakdown="").values_list("area__la_code", "series", "period", "value", "symbol")
    return FigureTable(
        ((code, series, period), Cell(value, symbol)) for code, series, period, value, symbol in rows
    )


def benchmarks_for_council(
    *, council: Council, comparator: str = "neighbours", picked: Iterable[str] = (), measures=MEASURES
) -> Benchmarks:
    """The council's comparator group and the figures of the council, the group, its region and England."""
    comparator = comparator if comparator in COMPARATORS else "neighbours"
    areas = _areas()
    by_code = {a.code: a for a in areas}
    mine = by_code.get(council.la_code)
    current = [a for a in areas if a.current]
    picked_codes = [c for c in dict.fromkeys(picked) if c in by_code and c != council.la_code][:MAX_PICKED]
    if mine is None:
        return Benchmarks(None, comparator, [], [], {}, choices=current, measures=measures)
    else:
        region = [a for a in current if mine.region and a.region == mine.region]
        if comparator == "neighbours":
            codes = Neighbour.objects.filter(area__la_code=mine.code).order_by("rank")
            group = [by_code[c] for c in codes.values_list("neighbour__la_code", flat=True) if c in by_code]
        elif comparator == "region":
            group = [a for a in region if a.code != mine.code]
        elif comparator == "type":
            group = [a for a in current if a.kind and a.kind == mine.kind and a.code != mine.code]
        elif comparator == "england":
            group = [a for a in current if a.code != mine.code]
        else:
            group = [by_code[c] for c in picked_codes]
    wanted = {a.code for a in (*group, *region)} | {ENGLAND, mine.code}
    figures = _figures(Figure.objects.filter(area__la_code__in=wanted, series__in=series_needed(measures)))
    return Benchmarks(
        council=mine,
        comparator=comparator,
        group=group,
        region=region,
        figures=figures,
        picked=picked_codes,
        choices=current,
        measures=measures,
    )


def dashboard_measures_for_council(*, council: Council) -> list[str]:
    """The measures the council chose for its dashboard, in order ([] if it chose none): 1 query."""
    chosen = DashboardMeasures.objects.filter(council=council).values_list("measures", flat=True).first()
    return [k for k in (chosen or "").split(",") if k in MEASURE_BY_KEY]


def neighbour_benchmarks_for_council(*, council: Council, measures=MEASURES) -> Benchmarks:
    """benchmarks_for_council against the ten statistical neighbours, reading only what the dashboard's panel
    shows: the council's and its neighbours' authorities (and every authority that ended, for when its
    successors started), and their and England's figures; no region, no list of councils to pick.
    3 queries (the authorities, the neighbours' order, the figures; 1 when the council is not a known
    authority), as benchmarks_for_council, whose whole list of authorities and region's figures were most of
    the panel's reads."""
    neighbours = Neighbour.objects.filter(area__la_code=council.la_code)
    wanted_q = (
        Q(la_code=council.la_code)
        | Q(la_code__in=neighbours.values("neighbour__la_code"))
        | ~Q(ended="")  # when their successors started
    )
    rows = LocalAuthority.objects.filter(wanted_q).order_by("name").values_list(*AREA_FIELDS)
    by_code = {a.code: a for a in _areas_of(list(rows))}
    mine = by_code.get(council.la_code)
    if mine is None:
        return Benchmarks(None, "neighbours", [], [], {}, measures=measures)
    ranked = neighbours.order_by("rank").values_list("neighbour__la_code", flat=True)
    group = [by_code[code] for code in ranked if code in by_code]
    wanted = {a.code for a in group} | {ENGLAND, mine.code}
    figures = _figures(Figure.objects.filter(area__la_code__in=wanted, series__in=series_needed(measures)))
    return Benchmarks(
        council=mine, comparator="neighbours", group=group, region=[], figures=figures, measures=measures
    )


def benchmark_standings_for_council(*, council: Council) -> list[Standing]:
    """The dashboard's three measures against the ten statistical neighbours, as of the council's data
    version: read from the council's stored benchmarking summary (reports.benchmarking_stored: 1 query), or
    worked out as benchmark_standings_read does and stored."""
    from reports.benchmarking_stored import benchmark_summary  # it is built from this module's reads

    return benchmark_summary(council=council).standings


def benchmark_standings_read(*, council: Council) -> list[Standing]:
    """The dashboard's three measures against the ten statistical neighbours, read from the tables (four
    queries): the council's, its neighbours' and England's figures only (the panel shows no region)."""
    chosen = dashboard_measures_for_council(council=council)
    benchmarks = neighbour_benchmarks_for_council(council=council, measures=panel_measures(chosen))
    return dashboard_standings(benchmarks, chosen=chosen)


def panel_measures(chosen: Sequence[str]) -> list[Measure]:
    """The measures the dashboard's panel looks through: those chosen, or else the preferred ones."""
    return [MEASURE_BY_KEY[key] for key in chosen or DASHBOARD_PREFERENCE]


def panel_benchmarks(whole: Benchmarks, chosen: Sequence[str]) -> Benchmarks:
    """neighbour_benchmarks_for_council's answer, cut from benchmarks_for_council's against the neighbours
    (`whole`, which holds every figure it would read, and the region's besides): the same areas and
    figures, so the same standings, without reading them again."""
    if whole.council is None:
        return Benchmarks(None, "neighbours", [], [], {}, measures=panel_measures(chosen))
    measures = panel_measures(chosen)
    codes = {a.code for a in whole.group} | {ENGLAND, whole.council.code}
    series = series_needed(measures)
    figures = FigureTable(
        (key, cell) for key, cell in whole.figures.items() if key[0] in codes and key[1] in series
    )
    return Benchmarks(
        council=whole.council,
        comparator="neighbours",
        group=list(whole.group),
        region=[],
        figures=figures,
        measures=measures,
    )


@dataclass(frozen=True)
class NationalMeasure:
    """One measure for every area in its latest period (the national overview's measure column)."""

    measure: Measure
    period: str  # "" when no area has a figure for it
    values: dict[str, Result]  # by LA code; an area the figures do not name has none

    @property
    def heading(self) -> str:
        return f"{self.measure.title}, {period_words(self.period)}" if self.period else self.measure.title


def national_measure(*, key: str) -> NationalMeasure | None:
    """The measure ``key`` for every area, in the latest period any area has its main series for (None for an
    unknown key). 1 query, whatever the number of councils."""
    measure = MEASURE_BY_KEY.get(key)
    if measure is None:
        return None
    figures = _figures(Figure.objects.filter(series__in=measure.series))
    latest = periods_for(measure, figures, last=1)
    if not latest:
        return NationalMeasure(measure, "", {})
    period = latest[0]
    codes = {code for code, _, _ in figures if code != ENGLAND}
    return NationalMeasure(measure, period, {code: measure.value(figures, code, period) for code in codes})
