"""Every council's DfE figures side by side (staff): the latest of each series, read in three queries."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Max

from dfe.models import Figure
from dfe.readers.common import period_label
from recovery.models import Council

SERIES = [
    "ehcp_total",
    "ehcp_mainstream_pc",
    "ehcp_special_pc",
    "ehcp_special_independent",
    "ehcp_new",
    "ehcp_ceased",
    "dsg_high_needs",
    "dsg_total",
    "s251_outturn_high_needs",
    "s251_outturn_dsg_carried_forward",
]


@dataclass
class NationalDfeRow:
    council: Council
    plans: Decimal | None = None
    growth_5y: Decimal | None = None  # per cent over five Januaries
    mainstream_pc: Decimal | None = None
    special_pc: Decimal | None = None
    independent_pc: Decimal | None = None
    new: Decimal | None = None
    ceased: Decimal | None = None
    high_needs: Decimal | None = None
    s251_high_needs: Decimal | None = None
    carried_forward: Decimal | None = None
    deficit_share_of_dsg: Decimal | None = None  # per cent; a deficit is a positive share


@dataclass
class NationalDfe:
    rows: list[NationalDfeRow]
    periods: dict[str, str]  # series -> the period shown, in words


def _five_years_before(period: str) -> str:
    return f"{int(period[:4]) - 5}{period[4:]}"


def national_dfe_rows() -> NationalDfe:
    councils = list(Council.objects.order_by("name"))
    latest = dict(
        Figure.objects.filter(series__in=SERIES, breakdown="")
        .values("series")
        .annotate(latest=Max("period"))
        .values_list("series", "latest")
    )
    wanted = set(latest.items())
    if "ehcp_total" in latest:
        wanted.add(("ehcp_total", _five_years_before(latest["ehcp_total"])))
    if "s251_outturn_dsg_carried_forward" in latest:
        wanted.add(("dsg_total", latest["s251_outturn_dsg_carried_forward"]))
    values: dict[tuple[str, str, str], Decimal | None] = {}
    periods = {p for _, p in wanted}
    for code, series, period, value in Figure.objects.filter(
        series__in={s for s, _ in wanted}, breakdown="", period__in=periods
    ).values_list("area__la_code", "series", "period", "value"):
        if (series, period) in wanted:
            values[(code, series, period)] = value
    rows = []
    for council in councils:

        def get(series: str, period: str | None = None, code: str = council.la_code) -> Decimal | None:
            p = period or latest.get(series)
            return values.get((code, series, p)) if p else None

        row = NationalDfeRow(council)
        row.plans = get("ehcp_total")
        if "ehcp_total" in latest:
            before = get("ehcp_total", _five_years_before(latest["ehcp_total"]))
            if row.plans is not None and before:
                row.growth_5y = (row.plans / before - 1) * 100
        row.mainstream_pc, row.special_pc = get("ehcp_mainstream_pc"), get("ehcp_special_pc")
        independent = get("ehcp_special_independent")
        if independent is not None and row.plans:
            row.independent_pc = independent / row.plans * 100
        row.new, row.ceased = get("ehcp_new"), get("ehcp_ceased")
        row.high_needs = get("dsg_high_needs")
        row.s251_high_needs = get("s251_outturn_high_needs")
        row.carried_forward = get("s251_outturn_dsg_carried_forward")
        if row.carried_forward is not None:
            dsg = get("dsg_total", latest["s251_outturn_dsg_carried_forward"])
            if dsg:
                row.deficit_share_of_dsg = -row.carried_forward / dsg * 100
        rows.append(row)
    return NationalDfe(rows, {s: period_label(p) for s, p in latest.items()})
