"""Benchmarking against statistical neighbours on the DfE's own figures (pure: figures in, plain data out).

Every measure is defined once here, with its formula and its source in words, so a page, a report and a
workbook show the same numbers and a reader can rebuild any of them from the files named.

Figures arrive as a plain mapping ``(LA code, series, period) -> Cell`` (dfe.selectors.Cell: a number or
the DfE's symbol). A measure of an area in a period is a number, or a ``Missing`` saying why not (the
DfE's symbol, "no figure", "did not exist"). Missing values are shown as such and left out of ranks,
medians and quartiles; every median says how many councils it is over.

Periods are the store's: January censuses "2025-01", calendar years "2024", financial years "2023-24". The
population of a measure is always that of the same area, and the year it uses is said with the value
(``population_year``): for a January census or a calendar year, the ONS figure for that year; for a financial
year, the year before it starts ("the prior year", as the DfE's benchmarking tool does).
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from dfe.readers.common import ENGLAND
from dfe.selectors import Cell

S251 = "DfE, LA and school expenditure (section 251) outturn"
S251_BUDGET = "DfE, LA and school expenditure (section 251) budget"
SEN2 = "DfE, Education, health and care plans (SEN2)"
DSG = "DfE, Dedicated schools grant allocations"
ONS = "ONS population estimates and projections"


Figures = Mapping[tuple[str, str, str], Cell]


class FigureTable(dict):
    """Figures as the benchmarking selectors read them, with each series' periods worked out once: the
    Benchmarking page asks for a measure's periods a score of times, and each ask went through every figure
    of the council, its group and region (70 µs each on the full DfE release). Read only: built whole, then
    never changed."""

    __slots__ = ("_periods",)

    def periods(self, series: str) -> list[str]:
        """The periods `series` has a figure for (any area), sorted."""
        try:
            index = self._periods
        except AttributeError:
            found: dict[str, set[str]] = {}
            for _, name, period in self:
                found.setdefault(name, set()).add(period)
            index = self._periods = {name: sorted(periods) for name, periods in found.items()}
        return index.get(series, [])


@dataclass(frozen=True)
class Missing:
    """Why an area has no value for a measure in a period."""

    reason: str  # "c", "x", … (the DfE's symbol), "no figure", "did not exist"

    def __str__(self) -> str:
        return self.reason


Result = Decimal | Missing
Compute = Callable[[Figures, str, str], Result]


# --- periods ----------------------------------------------------------------------------------------------


def previous_period(period: str, years: int = 1) -> str:
    """The same kind of period `years` earlier: "2025-01" -> "2020-01" (years=5), "2024" -> "2023",
    "2023-24" -> "2022-23"."""
    if len(period) == 4:
        return str(int(period) - years)
    if not is_financial(period):
        return f"{int(period[:4]) - years}-01"
    start = int(period[:4]) - years
    return f"{start}-{(start + 1) % 100:02d}"


def is_financial(period: str) -> bool:
    return len(period) == 7 and period[5:] != "01"


def population_year(period: str) -> str:
    """The ONS year a per-head measure of `period` divides by (see the module docstring)."""
    if is_financial(period):
        return str(int(period[:4]) - 1)
    return period[:4]


def january_in(financial_year: str) -> str:
    """The January census inside a financial year: "2023-24" -> "2024-01"."""
    return f"{int(financial_year[:4]) + 1}-01"


def period_words(period: str) -> str:
    return f"January {period[:4]}" if len(period) == 7 and period.endswith("-01") else period


# --- arithmetic on cells ----------------------------------------------------------------------------------


def _get(figures: Figures, code: str, series: str, period: str) -> Result:
    cell = figures.get((code, series, period))
    if cell is None:
        return Missing("no figure")
    if cell.value is None:
        return Missing(cell.symbol or "no figure")
    return cell.value


def _ratio(numerator: Result, denominator: Result, scale: int | Decimal = 1) -> Result:
    if isinstance(numerator, Missing):
        return numerator
    if isinstance(denominator, Missing):
        return denominator
    if denominator == 0:
        return Missing("no figure")
    return numerator * scale / denominator


def _difference(a: Result, b: Result) -> Result:
    if isinstance(a, Missing):
        return a
    if isinstance(b, Missing):
        return b
    return a - b


# --- measures ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Measure:
    key: str
    title: str
    unit: str  # "pounds", "percent", "points" (percentage points), "rate" (per 1,000 / 10,000)
    formula: str
    source: str
    series: tuple[str, ...]  # every store series the formula reads
    periods_of: str  # the series whose periods the measure has
    compute: Compute
    first_year_offset: int = 0  # periods at the start of periods_of without a value (growth, change)

    def value(self, figures: Figures, code: str, period: str) -> Result:
        return self.compute(figures, code, period)


def _per_head(series: str, band: str, scale: int) -> Compute:
    def compute(figures: Figures, code: str, period: str) -> Result:
        return _ratio(
            _get(figures, code, series, period), _get(figures, code, band, population_year(period)), scale
        )

    return compute


def _spend_per_plan(figures: Figures, code: str, period: str) -> Result:
    return _ratio(
        _get(figures, code, "s251_outturn_high_needs", period),
        _get(figures, code, "ehcp_total", january_in(period)),
    )


def _deficit_share(figures: Figures, code: str, period: str) -> Result:
    carried = _get(figures, code, "s251_outturn_dsg_carried_forward", period)
    if not isinstance(carried, Missing):
        carried = -carried  # the DfE reports a deficit as a negative amount carried forward
    return _ratio(carried, _get(figures, code, "dsg_total", period), 100)


def _deficit_share_change(figures: Figures, code: str, period: str) -> Result:
    return _difference(
        _deficit_share(figures, code, period), _deficit_share(figures, code, previous_period(period))
    )


def _growth_5y(figures: Figures, code: str, period: str) -> Result:
    now = _get(figures, code, "ehcp_total", period)
    before = _get(figures, code, "ehcp_total", previous_period(period, 5))
    ratio = _ratio(now, before)
    return ratio if isinstance(ratio, Missing) else (ratio - 1) * 100


def _ceased_rate(figures: Figures, code: str, period: str) -> Result:
    return _ratio(
        _get(figures, code, "ehcp_ceased", period), _get(figures, code, "ehcp_total", f"{period}-01"), 100
    )


def _share(*series: str) -> Compute:
    def compute(figures: Figures, code: str, period: str) -> Result:
        parts = [_get(figures, code, s, period) for s in series]
        missing = next((p for p in parts if isinstance(p, Missing)), None)
        return _ratio(missing or sum(parts, Decimal(0)), _get(figures, code, "ehcp_total", period), 100)

    return compute


def _budget_against_outturn(figures: Figures, code: str, period: str) -> Result:
    outturn = _get(figures, code, "s251_outturn_high_needs", period)
    budget = _get(figures, code, "s251_budget_high_needs", period)
    difference = _difference(outturn, budget)
    return _ratio(difference, budget, 100)


GROUPS = (
    ("place_funding", "place funding (1.0.2)"),
    ("top_ups", "top-up funding (1.2.1, 1.2.2, 1.2.4, 1.2.11)"),
    ("independent", "independent and non-maintained providers (1.2.3)"),
    ("sen_services", "SEN support and inclusion services (1.2.5, 1.2.8, 1.2.9)"),
    ("alternative_provision", "alternative provision (1.2.7)"),
    ("hospital", "hospital education (1.2.6)"),
    ("therapies", "therapies and health-related services (1.2.13)"),
    ("sen_transport", "SEN transport (1.4.11)"),
)
POP_2_18 = "the ONS population aged 2 to 18 of the same area in the year before the financial year starts"
POP_0_25 = "the ONS population aged 0 to 25 of the same area in the same year"

MEASURES: tuple[Measure, ...] = (
    Measure(
        "hn_per_head",
        "High-needs spend per head aged 2 to 18",
        "pounds",
        f"s251 outturn high-needs total (net, the lines listed under each group) ÷ {POP_2_18}",
        f"{S251}; {ONS}",
        ("s251_outturn_high_needs", "population_2_18"),
        "s251_outturn_high_needs",
        _per_head("s251_outturn_high_needs", "population_2_18", 1),
    ),
    Measure(
        "hn_per_plan",
        "High-needs spend per EHC plan",
        "pounds",
        "s251 outturn high-needs total (net) ÷ EHC plans at the January census inside the financial year",
        f"{S251}; {SEN2} (caseload)",
        ("s251_outturn_high_needs", "ehcp_total"),
        "s251_outturn_high_needs",
        _spend_per_plan,
    ),
    *(
        Measure(
            f"hn_{group}_per_head",
            f"High-needs spend on {words.split(' (')[0]} per head aged 2 to 18",
            "pounds",
            f"s251 outturn net spend on {words} ÷ {POP_2_18}",
            f"{S251}; {ONS}",
            (f"s251_outturn_{group}", "population_2_18"),
            f"s251_outturn_{group}",
            _per_head(f"s251_outturn_{group}", "population_2_18", 1),
        )
        for group, words in GROUPS
    ),
    Measure(
        "deficit_share",
        "DSG deficit as a share of the DSG",
        "percent",
        "− s251 outturn line 1.9.3 (DSG carried forward, gross; a deficit is negative) ÷ the total DSG "
        "allocation before deductions for the same financial year × 100 (a deficit is a positive share)",
        f"{S251}; {DSG}",
        ("s251_outturn_dsg_carried_forward", "dsg_total"),
        "s251_outturn_dsg_carried_forward",
        _deficit_share,
    ),
    Measure(
        "deficit_share_change",
        "Change in the DSG deficit as a share of the DSG",
        "points",
        "the DSG deficit as a share of the DSG this financial year − the same the year before "
        "(percentage points)",
        f"{S251}; {DSG}",
        ("s251_outturn_dsg_carried_forward", "dsg_total"),
        "s251_outturn_dsg_carried_forward",
        _deficit_share_change,
        first_year_offset=1,
    ),
    Measure(
        "plans_per_1000",
        "EHC plans per 1,000 aged 0 to 25",
        "rate",
        f"EHC plans at the January census ÷ {POP_0_25} × 1,000",
        f"{SEN2} (caseload); {ONS}",
        ("ehcp_total", "population_0_25"),
        "ehcp_total",
        _per_head("ehcp_total", "population_0_25", 1000),
    ),
    Measure(
        "plans_growth_5y",
        "Growth in EHC plans over five years",
        "percent",
        "(EHC plans at the January census ÷ EHC plans five Januaries earlier − 1) × 100",
        f"{SEN2} (caseload)",
        ("ehcp_total",),
        "ehcp_total",
        _growth_5y,
        first_year_offset=5,
    ),
    Measure(
        "new_per_10000",
        "New EHC plans per 10,000 aged 0 to 25",
        "rate",
        f"EHC plans made in the calendar year ÷ {POP_0_25} × 10,000",
        f"{SEN2} (new plans); {ONS}",
        ("ehcp_new", "population_0_25"),
        "ehcp_new",
        _per_head("ehcp_new", "population_0_25", 10000),
    ),
    Measure(
        "ceased_rate",
        "EHC plans ceased per 100 plans held",
        "rate",
        "EHC plans ceased in the calendar year (all reasons) ÷ EHC plans at the January census of that "
        "year × 100",
        f"{SEN2} (ceased plans; caseload)",
        ("ehcp_ceased", "ehcp_total"),
        "ehcp_ceased",
        _ceased_rate,
    ),
    Measure(
        "share_mainstream",
        "Share of EHC plans in mainstream schools",
        "percent",
        "EHC plans in mainstream schools (mainstream_total) ÷ all EHC plans, at the January census × 100",
        f"{SEN2} (caseload)",
        ("ehcp_mainstream", "ehcp_total"),
        "ehcp_total",
        _share("ehcp_mainstream"),
    ),
    Measure(
        "share_special",
        "Share of EHC plans in special schools",
        "percent",
        "EHC plans in special schools of every kind (special_total) ÷ all EHC plans, at the January "
        "census × 100",
        f"{SEN2} (caseload)",
        ("ehcp_special", "ehcp_total"),
        "ehcp_total",
        _share("ehcp_special"),
    ),
    Measure(
        "share_independent",
        "Share of EHC plans in independent and non-maintained special schools",
        "percent",
        "EHC plans in independent special schools + in non-maintained special schools ÷ all EHC plans, "
        "at the January census × 100",
        f"{SEN2} (caseload)",
        ("ehcp_special_independent", "ehcp_special_non_maintained", "ehcp_total"),
        "ehcp_total",
        _share("ehcp_special_independent", "ehcp_special_non_maintained"),
    ),
    Measure(
        "share_ap",
        "Share of EHC plans in alternative provision",
        "percent",
        "EHC plans in alternative provision and pupil referral units (ap_pru_total) ÷ all EHC plans × 100",
        f"{SEN2} (caseload)",
        ("ehcp_ap", "ehcp_total"),
        "ehcp_total",
        _share("ehcp_ap"),
    ),
    Measure(
        "share_post16",
        "Share of EHC plans in further education (post-16)",
        "percent",
        "EHC plans in further education colleges and specialist post-16 institutions (fe_total) ÷ all "
        "EHC plans × 100",
        f"{SEN2} (caseload)",
        ("ehcp_fe", "ehcp_total"),
        "ehcp_total",
        _share("ehcp_fe"),
    ),
    Measure(
        "share_not_recorded",
        "Share of EHC plans with placement not recorded",
        "percent",
        "EHC plans whose placement is not recorded (placement_unknown; collected from January 2023) ÷ all "
        "EHC plans × 100",
        f"{SEN2} (caseload)",
        ("ehcp_placement_unknown", "ehcp_total"),
        "ehcp_placement_unknown",
        _share("ehcp_placement_unknown"),
    ),
    Measure(
        "budget_against_outturn",
        "High-needs outturn against budget",
        "percent",
        "(s251 outturn high-needs total − s251 budget high-needs total) ÷ the budget × 100, for each "
        "financial year both exist (a positive figure is an overspend)",
        f"{S251}; {S251_BUDGET}",
        ("s251_outturn_high_needs", "s251_budget_high_needs"),
        "s251_outturn_high_needs",
        _budget_against_outturn,
    ),
)
MEASURE_BY_KEY: dict[str, Measure] = {m.key: m for m in MEASURES}


def series_needed(measures: Iterable[Measure] = MEASURES) -> set[str]:
    return {s for m in measures for s in m.series}


# --- comparing ----------------------------------------------------------------------------------------------


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


@dataclass(frozen=True)
class Entry:
    code: str
    name: str
    result: Result
    is_council: bool = False

    @property
    def value(self) -> Decimal | None:
        return None if isinstance(self.result, Missing) else self.result


@dataclass(frozen=True)
class Standing:
    """Where a council stands on one measure in one period, against a comparator group."""

    measure: Measure
    period: str
    council: Entry
    entries: list[Entry]  # the council and the group, highest value first, missing ones last
    rank: int | None  # 1 = highest, among those with a value (council included)
    ranked_over: int  # how many have a value (council included)
    median: Decimal | None  # of the group without the council
    lower_quartile: Decimal | None
    upper_quartile: Decimal | None
    median_over: int  # how many group members the median is over
    region: Decimal | None = None  # median of the council's region
    region_over: int = 0
    england: Result = field(default_factory=lambda: Missing("no figure"))

    @property
    def position(self) -> str:
        """ "3rd highest of 11", or why there is no rank."""
        if self.rank is None:
            return f"not ranked ({self.council.result})"
        if self.rank == self.ranked_over and self.ranked_over > 1:
            return f"lowest of {self.ranked_over}"
        if self.rank == 1:
            return f"highest of {self.ranked_over}"
        return f"{ordinal(self.rank)} highest of {self.ranked_over}"

    @property
    def missing(self) -> list[Entry]:
        return [e for e in self.entries if e.value is None]

    # How pages write the standing's values (templates cannot call `written`).
    def _w(self, value: Result | None) -> str:
        return written(self.measure, Missing("no figure") if value is None else value)

    @property
    def period_words(self) -> str:
        return period_words(self.period)

    @property
    def council_written(self) -> str:
        return self._w(self.council.result)

    @property
    def median_written(self) -> str:
        return self._w(self.median)

    @property
    def lower_quartile_written(self) -> str:
        return self._w(self.lower_quartile)

    @property
    def upper_quartile_written(self) -> str:
        return self._w(self.upper_quartile)

    @property
    def region_written(self) -> str:
        return self._w(self.region)

    @property
    def england_written(self) -> str:
        return self._w(self.england)


def quartiles(values: Sequence[Decimal]) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
    """Lower quartile, median, upper quartile (inclusive method, as a spreadsheet's QUARTILE.INC)."""
    if not values:
        return None, None, None
    if len(values) == 1:
        return values[0], values[0], values[0]
    q1, q2, q3 = statistics.quantiles(sorted(values), n=4, method="inclusive")
    return q1, q2, q3


def rank_of(value: Decimal, values: Sequence[Decimal]) -> int:
    """1 + how many values are higher (equal values share a rank)."""
    return 1 + sum(1 for v in values if v > value)


def standing(
    measure: Measure,
    figures: Figures,
    period: str,
    *,
    council: tuple[str, str],
    group: Sequence[tuple[str, str]],
    region: Sequence[str] = (),
    existed: Callable[[str, str], bool] = lambda code, period: True,
) -> Standing:
    """The council's standing. `group` is [(LA code, name)] without the council, in the order to show;
    `existed(code, period)` is False for a council that did not exist in that period (not compared)."""

    def result(code: str) -> Result:
        if not existed(code, period):
            return Missing("did not exist")
        return measure.value(figures, code, period)

    mine = Entry(council[0], council[1], result(council[0]), is_council=True)
    others = [Entry(code, name, result(code)) for code, name in group if code != council[0]]
    numbers = [e.value for e in others if e.value is not None]
    q1, median, q3 = quartiles(numbers)
    everyone = [mine, *others]
    ranked = [e.value for e in everyone if e.value is not None]
    region_values = [v for code in region if not isinstance(v := result(code), Missing)]
    entries = sorted(
        everyone, key=lambda e: (e.value is None, -(e.value if e.value is not None else Decimal(0)))
    )
    return Standing(
        measure=measure,
        period=period,
        council=mine,
        entries=entries,
        rank=rank_of(mine.value, ranked) if mine.value is not None else None,
        ranked_over=len(ranked),
        median=median,
        lower_quartile=q1,
        upper_quartile=q3,
        median_over=len(numbers),
        region=statistics.median(region_values) if region_values else None,
        region_over=len(region_values),
        england=measure.value(figures, ENGLAND, period),
    )


def periods_for(measure: Measure, figures: Figures, *, last: int = 5) -> list[str]:
    """The latest `last` periods in which the measure can have a value (the periods of its main series,
    less those too early for a growth or a change)."""
    if isinstance(figures, FigureTable):
        found = figures.periods(measure.periods_of)
    else:
        found = sorted({period for (_, series, period) in figures if series == measure.periods_of})
    if measure.first_year_offset:
        earliest = set(found)
        found = [p for p in found if previous_period(p, measure.first_year_offset) in earliest]
    return found[-last:]


def round_for(measure: Measure, value: Decimal | None) -> Decimal | None:
    """Values as pages and workbooks show them: pounds whole, rates and shares to one decimal place."""
    if value is None:
        return None
    places = Decimal(1) if measure.unit == "pounds" else Decimal("0.1")
    return value.quantize(places, rounding=ROUND_HALF_UP)


def written(measure: Measure, result: Result) -> str:
    """A value in words as pages write it ("£1,234", "12.3%", "+1.2 points", "45.6"), or why it is missing."""
    if isinstance(result, Missing):
        return {"no figure": "no figure", "did not exist": "did not exist"}.get(result.reason, result.reason)
    value = round_for(measure, result)
    if measure.unit == "pounds":
        return f"−£{-value:,.0f}" if value < 0 else f"£{value:,.0f}"
    if measure.unit == "percent":
        return f"{value:,.1f}%".replace("-", "−")
    if measure.unit == "points":
        return f"{value:+,.1f} points".replace("-", "−")
    return f"{value:,.1f}".replace("-", "−")


# The dashboard's three: the first measures in this order with figures to compare (money first, then demand).
DASHBOARD_PREFERENCE = (
    "deficit_share",
    "hn_per_head",
    "plans_per_1000",
    "plans_growth_5y",
    "share_independent",
    "new_per_10000",
    "share_mainstream",
    "ceased_rate",
)


def dashboard_standings(benchmarks, *, chosen: Sequence[str] = (), count: int = 3) -> list[Standing]:
    """Where the council stands on the measures it chose (each with figures in some year, ranked or not), or
    else on the first `count` preferred measures it has a rank on (latest year of each)."""
    if benchmarks.council is None:
        return []
    council = (benchmarks.council.code, benchmarks.council.name)
    group = [(a.code, a.name) for a in benchmarks.group]
    by_key = {m.key: m for m in benchmarks.measures}
    found = []
    for key in chosen or DASHBOARD_PREFERENCE:
        measure = by_key.get(key)
        periods = periods_for(measure, benchmarks.figures, last=1) if measure else []
        if not periods:
            continue
        s = standing(
            measure, benchmarks.figures, periods[-1], council=council, group=group, existed=benchmarks.existed
        )
        if chosen or (s.rank is not None and s.median_over):
            found.append(s)
        if len(found) == count:
            break
    return found
