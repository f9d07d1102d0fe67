"""Reads for the s251 mapping: the council's mapping in use, its versions, and its s251 outturn spread over
the forecast's provision types (2 queries: the mapping, the figures)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from dfe.models import Figure
from dfe.selectors import CITED_FIGURE_FIELDS, cite_figure
from projections.engine import PROVISION_TYPES
from projections.models import S251Mapping
from projections.s251_mapping import DEFAULT_MAPPING, GROUPS, YearSplit, split_rows, split_year
from recovery.models import Council

_SERIES = {f"s251_outturn_{group}": group for group in GROUPS}


@dataclass(frozen=True)
class MappingInUse:
    assignments: dict[str, str]
    version: S251Mapping | None  # None: the default, never changed

    @property
    def is_default(self) -> bool:
        return self.version is None


def s251_mapping_in_use(*, council: Council) -> MappingInUse:
    """The latest version of the council's mapping, or the default (1 query)."""
    latest = S251Mapping.objects.filter(council=council).select_related("created_by").first()
    if latest is None:
        return MappingInUse(dict(DEFAULT_MAPPING), None)
    return MappingInUse({**DEFAULT_MAPPING, **latest.assignments}, latest)


def s251_mapping_versions(*, council: Council) -> list[S251Mapping]:
    """Every version, newest first, with who made it (1 query)."""
    return list(S251Mapping.objects.filter(council=council).select_related("created_by"))


@dataclass
class S251Split:
    years: list[YearSplit]  # oldest first
    sources: list[str]

    @property
    def rows(self) -> list[tuple[str, list]]:
        return split_rows(self.years)


def s251_outturn_by_provision_type(*, council: Council, assignments: dict[str, str]) -> S251Split:
    """Each financial year of the council's s251 outturn in the DfE store, spread over the provision types by
    `assignments` (1 query). Years the store has no s251 outturn for are absent."""
    rows = Figure.objects.filter(area__la_code=council.la_code, series__in=_SERIES).values_list(
        "breakdown", *CITED_FIGURE_FIELDS
    )
    groups: dict[str, dict[str, object]] = {}
    phases: dict[str, dict[str, dict]] = {}
    sources: set[str] = set()
    for breakdown, series, period, value, file, *release in rows:
        group = _SERIES[series]
        if breakdown:
            phases.setdefault(period, {}).setdefault(group, {})[breakdown] = value
        else:
            groups.setdefault(period, {})[group] = value  # None when the DfE gave a symbol
            sources.add(cite_figure(file, *release))
    years = [
        split_year(period, groups[period], phases.get(period, {}), assignments) for period in sorted(groups)
    ]
    return S251Split(years, sorted(sources))


@dataclass(frozen=True)
class UnitCostRow:
    label: str
    key: str
    outturn: Decimal  # the year's s251 spend mapped to this provision type
    places: Decimal  # the forecast's first-year places
    unit_cost: Decimal | None  # outturn ÷ places, whole pounds; None without places or spend


@dataclass(frozen=True)
class UnitCostOffer:
    """The s251 outturn of the latest year up to a forecast's first year, by provision type, as unit costs
    for the forecast's places: finance uses them (the form starts from them) or keeps their own."""

    year: YearSplit
    rows: list[UnitCostRow]
    sources: list[str]
    mapping: MappingInUse

    @property
    def offered(self) -> dict[str, Decimal]:
        return {row.key: row.unit_cost for row in self.rows if row.unit_cost is not None}


def s251_unit_cost_offer(*, council: Council, first_year: int | None, lines: dict) -> UnitCostOffer | None:
    """None when the store has no s251 outturn up to `first_year` (2 queries: the mapping, the figures).
    `lines`: the forecast's ForecastLine per provision type (its places)."""
    if first_year is None:
        return None
    mapping = s251_mapping_in_use(council=council)
    split = s251_outturn_by_provision_type(council=council, assignments=mapping.assignments)
    years = [y for y in split.years if int(y.label[:4]) <= first_year]
    if not years:
        return None
    year = years[-1]
    rows = []
    for key, label in PROVISION_TYPES.items():
        places = lines[key].places if key in lines else Decimal(0)
        spend = year.by_type[key]
        unit_cost = (spend / places).quantize(Decimal(1), ROUND_HALF_UP) if places and spend > 0 else None
        rows.append(UnitCostRow(label, key, spend, places, unit_cost))
    return UnitCostOffer(year, rows, split.sources, mapping)
