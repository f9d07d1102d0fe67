"""Reads for the s251 mapping: the council's mapping in use, its versions, and its s251 outturn spread over
the forecast's provision types (2 queries: the mapping, the figures)."""

from __future__ import annotations

from dataclasses import dataclass

from dfe.models import Figure
from dfe.selectors import cite_figure
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
        "series",
        "breakdown",
        "period",
        "value",
        "file",
        "release__family",
        "release__title",
        "release__published",
    )
    groups: dict[str, dict[str, object]] = {}
    phases: dict[str, dict[str, dict]] = {}
    sources: set[str] = set()
    for series, breakdown, period, value, file, *release in rows:
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
