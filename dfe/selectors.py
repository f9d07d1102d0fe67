"""Reads of the DfE store shaped for pages and exports: a fixed number of queries whatever the data size."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, QuerySet

from dfe.models import Figure, ImportJob, LocalAuthority
from dfe.readers.common import SYMBOL_MEANING, period_label
from dfe.series import SERIES
from recovery.models import Council


@dataclass(frozen=True)
class SectionSpec:
    key: str
    title: str
    series: tuple[str, ...]
    unit: str  # "count" or "pounds"
    chart: str  # "line" or "bar"
    note: str = ""


# What the council's "DfE figures" page shows, in order.
SECTIONS = (
    SectionSpec(
        "ehcp",
        "EHC plans each January",
        ("ehcp_total",),
        "count",
        "line",
        "EHC plans replaced statements of SEN from September 2014: to January 2014 the DfE's figure counts "
        "statements; from January 2015 to January 2017, EHC plans and the statements still held.",
    ),
    SectionSpec(
        "settings",
        "Where children and young people with EHC plans are, each January",
        ("ehcp_mainstream", "ehcp_special", "ehcp_special_independent", "ehcp_ap", "ehcp_fe"),
        "count",
        "line",
    ),
    SectionSpec(
        "flows", "New and ceased EHC plans each calendar year", ("ehcp_new", "ehcp_ceased"), "count", "bar"
    ),
    SectionSpec(
        "high-needs",
        "High needs block of the DSG, each financial year",
        ("dsg_high_needs", "dsg_high_needs_deductions", "dsg_high_needs_after"),
        "pounds",
        "bar",
    ),
    SectionSpec(
        "s251",
        "High-needs spend and DSG carried forward (s251 outturn)",
        ("s251_outturn_high_needs", "s251_outturn_dsg_carried_forward"),
        "pounds",
        "bar",
    ),
)


@dataclass(frozen=True)
class Cell:
    value: Decimal | None
    symbol: str = ""

    @property
    def meaning(self) -> str:
        return SYMBOL_MEANING.get(self.symbol, "")


@dataclass
class Section:
    spec: SectionSpec
    labels: list[str]
    rows: list[tuple[str, list[Cell | None]]] = field(
        default_factory=list
    )  # (period label, a cell per series)
    sources: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        return self.spec.key

    @property
    def title(self) -> str:
        return self.spec.title


def figures_for_council(*, council: Council) -> QuerySet[Figure]:
    series = [s for spec in SECTIONS for s in spec.series]
    return (
        Figure.objects.filter(area__la_code=council.la_code, breakdown="", series__in=series)
        .select_related("release")
        .order_by("period")
    )


def dfe_sections_for_council(*, council: Council) -> list[Section]:
    """Every section of the page, with a row per period and the releases its figures came from (1 query)."""
    figures = list(figures_for_council(council=council))
    sections = []
    for spec in SECTIONS:
        mine = [f for f in figures if f.series in spec.series]
        section = Section(spec, [SERIES[s].label for s in spec.series])
        periods = sorted({f.period for f in mine})
        by_key = {(f.series, f.period): f for f in mine}
        for period in periods:
            cells = []
            for series in spec.series:
                f = by_key.get((series, period))
                cells.append(None if f is None else Cell(f.value, f.symbol))
            section.rows.append((period_label(period), cells))
        # Oldest release first; files without their sheet names ("….ods › High_needs_block" -> "….ods").
        citations: dict[tuple, set[str]] = {}
        for f in mine:
            key = (f.release.as_of, f.release.citation)
            citations.setdefault(key, set()).add(f.file.split(" › ")[0])
        section.sources = [f"{c} ({', '.join(sorted(files))})" for (_, c), files in sorted(citations.items())]
        sections.append(section)
    return sections


def predecessors_for_council(*, council: Council) -> list[LocalAuthority]:
    """Councils that no longer exist and were replaced (in part) by this one: their figures stay theirs."""
    return list(
        LocalAuthority.objects.filter(current=False).filter(
            Q(successors=council.la_code)
            | Q(successors__startswith=f"{council.la_code},")
            | Q(successors__endswith=f",{council.la_code}")
            | Q(successors__contains=f",{council.la_code},")
        )
    )


def import_jobs_recent(*, limit: int = 20) -> QuerySet[ImportJob]:
    return (
        ImportJob.objects.select_related("created_by", "release")
        .defer("data")
        .order_by("-created_at")[:limit]
    )
