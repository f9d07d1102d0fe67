"""Reads of the DfE store shaped for pages and exports: a fixed number of queries whatever the data size."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, QuerySet

from core.financial_years import fy_label
from dfe.models import Figure, ImportJob, LocalAuthority, Neighbour, cite
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
    return Figure.objects.filter(area__la_code=council.la_code, breakdown="", series__in=series).order_by(
        "period"
    )


def _file_name(file: str) -> str:
    """A stored file without its sheet ("….ods › High_needs_block" -> "….ods"), as pages cite it."""
    return file.split(" › ")[0]


def cite_figure(file: str, family: str, title: str, published) -> str:
    """How a page cites one figure: the release in words, then the file."""
    return f"{cite(family, title, published)} ({_file_name(file)})"


def dfe_sections_for_council(*, council: Council) -> list[Section]:
    """Every section of the page, with a row per period and the releases its figures came from (1 query;
    plain tuples, not model instances: a page holds a few hundred figures)."""
    rows = figures_for_council(council=council).values_list(
        "series",
        "period",
        "value",
        "symbol",
        "file",
        "release__as_of",
        "release__family",
        "release__title",
        "release__published",
    )
    by_series: dict[str, list[tuple]] = {}
    for row in rows:
        by_series.setdefault(row[0], []).append(row)
    sections = []
    for spec in SECTIONS:
        mine = [row for series in spec.series for row in by_series.get(series, [])]
        section = Section(spec, [SERIES[s].label for s in spec.series])
        by_key = {(row[0], row[1]): Cell(row[2], row[3]) for row in mine}
        for period in sorted({row[1] for row in mine}):
            section.rows.append((period_label(period), [by_key.get((s, period)) for s in spec.series]))
        # Oldest release first; files without their sheet names.
        citations: dict[tuple, set[str]] = {}
        for _, _, _, _, file, as_of, family, title, published in mine:
            citations.setdefault((as_of, cite(family, title, published)), set()).add(_file_name(file))
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


@dataclass(frozen=True)
class Headline:
    label: str
    period: str
    value: Decimal | None
    symbol: str
    unit: str
    previous_period: str = ""
    previous: Decimal | None = None

    @property
    def cell(self) -> Cell:
        return Cell(self.value, self.symbol)

    @property
    def change(self) -> Decimal | None:
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous


HEADLINE_SERIES = ("ehcp_total", "ehcp_new", "dsg_high_needs", "s251_outturn_dsg_carried_forward")


def dfe_headlines_for_council(*, council: Council) -> list[Headline]:
    """The dashboard panel: the latest of a few series, each with the period before it (1 query)."""
    rows = (
        Figure.objects.filter(area__la_code=council.la_code, breakdown="", series__in=HEADLINE_SERIES)
        .order_by("series", "-period")
        .values_list("series", "period", "value", "symbol")
    )
    latest: dict[str, list[tuple]] = {}
    for row in rows:
        latest.setdefault(row[0], [])
        if len(latest[row[0]]) < 2:
            latest[row[0]].append(row)
    headlines = []
    for series in HEADLINE_SERIES:
        found = latest.get(series)
        if not found:
            continue
        (_, period, value, symbol), *before = found
        unit = "pounds" if SERIES[series].unit == "pounds" else "count"
        headline = Headline(SERIES[series].label, period_label(period), value, symbol, unit)
        if before:
            _, previous_period, previous, _ = before[0]
            headline = Headline(
                headline.label, headline.period, value, symbol, unit, period_label(previous_period), previous
            )
        headlines.append(headline)
    return headlines


@dataclass(frozen=True)
class NeighbourRow:
    rank: int
    name: str
    la_code: str
    closeness: str
    plans: Cell | None
    plans_period: str


def neighbours_for_council(*, council: Council) -> list[NeighbourRow]:
    """The council's ten statistical neighbours, nearest first, with their latest EHC plans (2 queries)."""
    neighbours = list(
        Neighbour.objects.filter(area__la_code=council.la_code)
        .order_by("rank")
        .values_list("rank", "neighbour__name", "neighbour__la_code", "closeness")
    )
    if not neighbours:
        return []
    codes = [code for _, _, code, _ in neighbours]
    latest: dict[str, tuple] = {}
    for code, period, value, symbol in (
        Figure.objects.filter(area__la_code__in=[*codes, council.la_code], series="ehcp_total", breakdown="")
        .order_by("area__la_code", "period")
        .values_list("area__la_code", "period", "value", "symbol")
    ):
        latest[code] = (period, Cell(value, symbol))  # the last one wins: the latest
    rows = []
    for rank, name, code, closeness in neighbours:
        period, cell = latest.get(code, ("", None))
        rows.append(NeighbourRow(rank, name, code, closeness, cell, period_label(period) if period else ""))
    return rows


@dataclass(frozen=True)
class YearFigure:
    label: str
    cell: Cell
    unit: str
    source: str
    series: str = ""


YEAR_SERIES = (
    "dsg_high_needs",
    "dsg_high_needs_deductions",
    "dsg_high_needs_after",
    "s251_outturn_high_needs",
    "s251_outturn_dsg_carried_forward",
)


def dfe_figures_for_year(*, council: Council, financial_year: str) -> list[YearFigure]:
    """The DfE's money figures for one financial year ("2023-24"), each with its source, for finance to set
    beside their own outturn (1 query)."""
    rows = Figure.objects.filter(
        area__la_code=council.la_code, breakdown="", series__in=YEAR_SERIES, period=financial_year
    ).values_list(
        "series", "value", "symbol", "file", "release__family", "release__title", "release__published"
    )
    found = {row[0]: row for row in rows}
    return [
        YearFigure(
            SERIES[series].label,
            Cell(found[series][1], found[series][2]),
            "pounds",
            cite_figure(found[series][3], *found[series][4:]),
            series,
        )
        for series in YEAR_SERIES
        if series in found
    ]


# What the DfE's files give for an outturn the council records: the field of projections.Actual each fills.
OUTTURN_SERIES = {
    "funding": "dsg_high_needs_after",  # DSG allocations: the high needs block after the DfE's deductions
    "spend": "s251_outturn_high_needs",  # s251 outturn: the high-needs lines, added up
}
_OUTTURN_FIELD = {series: name for name, series in OUTTURN_SERIES.items()}


def dfe_outturn_figures(*, council: Council, years) -> dict[int, dict[str, YearFigure]]:
    """Per financial year (2023 for 2023-24), the DfE's figure for each outturn field it can fill, with its
    source, for finance to accept or override (1 query). A symbol (not available) is no offer."""
    by_label = {fy_label(fy): fy for fy in years}
    rows = Figure.objects.filter(
        area__la_code=council.la_code,
        breakdown="",
        series__in=OUTTURN_SERIES.values(),
        period__in=list(by_label),
        value__isnull=False,
    ).values_list(
        "series", "period", "value", "file", "release__family", "release__title", "release__published"
    )
    offers: dict[int, dict[str, YearFigure]] = {}  # (one query for every year of the outturn table)
    for series, period, value, file, *release in rows:
        offers.setdefault(by_label[period], {})[_OUTTURN_FIELD[series]] = YearFigure(
            SERIES[series].label, Cell(value, ""), "pounds", cite_figure(file, *release)
        )
    return offers


def outturn_offer(year_figures: list[YearFigure]) -> dict[str, YearFigure]:
    """The outturn fields the DfE's figures for one year (dfe_figures_for_year) can fill: no extra query."""
    return {
        _OUTTURN_FIELD[f.series]: f
        for f in year_figures
        if f.series in _OUTTURN_FIELD and f.cell.value is not None
    }


@dataclass
class NeedTable:
    """EHC plans by primary need at each census: a row per need (the DfE's order), a column per census."""

    periods: list[str]  # "January 2025"
    rows: list[tuple[str, list[Cell | None], Decimal | None]]  # need, a cell per census, latest share (%)
    totals: list[Decimal]
    sources: list[str]


def needs_for_council(*, council: Council) -> NeedTable:
    """The council's EHC plans by primary need from the DfE store (1 query)."""
    from dfe.series import NEED_LABELS

    rows = Figure.objects.filter(area__la_code=council.la_code, series="ehcp_need").values_list(
        "period",
        "breakdown",
        "value",
        "symbol",
        "file",
        "release__family",
        "release__title",
        "release__published",
    )
    cells: dict[tuple[str, str], Cell] = {}
    citations: set[str] = set()
    for period, need, value, symbol, file, *release in rows:
        cells[(period, need)] = Cell(value, symbol)
        citations.add(cite_figure(file, *release))
    periods = sorted({p for p, _ in cells})
    totals = [
        sum((c.value for (p, _), c in cells.items() if p == period and c.value is not None), Decimal(0))
        for period in periods
    ]
    table_rows = []
    for key, label in NEED_LABELS.items():
        if not any((p, key) in cells for p in periods):
            continue
        latest = cells.get((periods[-1], key))
        share = (
            (latest.value / totals[-1] * 100).quantize(Decimal("0.1"))
            if latest and latest.value is not None and totals[-1]
            else None
        )
        table_rows.append((label, [cells.get((p, key)) for p in periods], share))
    return NeedTable([period_label(p) for p in periods], table_rows, totals, sorted(citations))


DSG_LEDGER_SERIES = {
    "dsg_schools": "schools",
    "dsg_central": "central",
    "dsg_early_years": "early_years",
    "dsg_high_needs_after": "high_needs",
    "dsg_total_after": "total",
    "s251_outturn_dsg_carried_forward": "s251_carried_forward",
    # High-needs spending in the s251 outturn: all its lines, and SEN transport (1.4.11), which is not DSG.
    "s251_outturn_high_needs": "s251_high_needs",
    "s251_outturn_sen_transport": "s251_sen_transport",
}


@dataclass(frozen=True)
class DsgStoreFigure:
    value: Decimal
    source: str


# A store figure and what cites it (``cite_figure(file, family, title, published)``), for values_list.
CITED_FIGURE_FIELDS = (
    "series",
    "period",
    "value",
    "file",
    "release__family",
    "release__title",
    "release__published",
)


def _dsg_store(rows) -> dict[tuple[str, str], DsgStoreFigure]:
    return {
        (DSG_LEDGER_SERIES[series], period): DsgStoreFigure(
            value, cite_figure(file, family, title, published)
        )
        for series, period, value, file, family, title, published in rows
    }


def _dsg_store_q() -> Q:
    return Q(breakdown="", series__in=DSG_LEDGER_SERIES, value__isnull=False)


def dsg_store_figures_for_council(*, council: Council) -> dict[tuple[str, str], DsgStoreFigure]:
    """The DSG allocation per block (High Needs after academy deductions), the total after recoupment and
    deductions, the s251 DSG carried forward (line 1.9.3) and the s251 high-needs outturn (SEN transport
    apart), keyed by (ledger key, "2023-24"); figures the DfE gave as a symbol are left out. 1 query."""
    return _dsg_store(
        Figure.objects.filter(_dsg_store_q(), area__la_code=council.la_code).values_list(*CITED_FIGURE_FIELDS)
    )


EHC_PLAN_SERIES = ("ehcp_age_group", "ehcp_need")  # SEN2: "age|placement group", and primary need


@dataclass(frozen=True)
class DsgPlanFigures:
    """What the DSG management plan reads of the DfE store: the ledger's figures (as
    dsg_store_figures_for_council gives them) and the EHC plans by age and placement and by primary need,
    as rows (series, breakdown, period, value, release title, release published)."""

    store: dict[tuple[str, str], DsgStoreFigure]
    ehc_plans: list[tuple]


def dsg_plan_figures_for_council(*, council: Council) -> DsgPlanFigures:
    """Both reads of the plan in 1 query (the council's figures of either kind, split here)."""
    rows = Figure.objects.filter(
        _dsg_store_q() | (Q(series__in=EHC_PLAN_SERIES) & ~Q(breakdown="")), area__la_code=council.la_code
    ).values_list("breakdown", *CITED_FIGURE_FIELDS)
    store, ehc_plans = [], []
    for breakdown, series, period, value, file, family, title, published in rows:
        if series in EHC_PLAN_SERIES:
            ehc_plans.append((series, breakdown, period, value, title, published))
        else:
            store.append((series, period, value, file, family, title, published))
    return DsgPlanFigures(_dsg_store(store), ehc_plans)
