"""The High Needs Block deficit projection: plain data in, a pandas DataFrame out.

No Django here, so the model can be tested, benchmarked and reused (exports, charts) without a database.

Sign convention, as councils write it: a *deficit* is positive when money is owed, a surplus is negative.
``in_year_deficit = spend - funding`` and ``cumulative_deficit = opening_deficit + running sum``.

Arithmetic. Inputs are ``Decimal`` pounds. Compounding is done in float64 with numpy: a float64 carries
about 15-16 significant digits, so for any sum up to £10^12 the error of 30 years of compounding stays well
below a penny. Growth factors are built by repeated multiplication (``cumprod``), not ``pow``, so every
platform and a plain Python loop get the same bits. Each year's funding, spend and savings are then rounded
to whole pounds, **half away from zero** (``ROUND_HALF_UP`` in ``decimal`` terms, what Excel's ``ROUND``
does), and everything after that is exact int64 arithmetic: ``in_year = spend - funding`` and
``cumulative = opening + cumsum(in_year)`` hold to the pound. The opening deficit is rounded the same way.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from types import MappingProxyType

import numpy as np
import pandas as pd

# Financial years are shared with the rest of the app; core.financial_years is plain Python too.
from core.financial_years import financial_years, format_financial_year, parse_financial_year

PROVISION_TYPES: dict[str, str] = {
    "mainstream_top_ups": "Mainstream top-ups",
    "special_schools": "Special schools and resourced provision",
    "inmss": "Independent non-maintained special schools",
    "post16": "Post-16 and further education",
    "alternative_provision": "Alternative provision",
    "support_services": "Support services and other",
}
SCENARIOS: tuple[str, ...] = ("unmitigated", "target", "stretch")
SINGLE = "single"
BOUNDS: tuple[str, ...] = ("upper", "lower")  # output order (after the central case) when a plan has bounds
COLUMNS: tuple[str, ...] = (
    "year",
    "scenario",
    "bound",
    "funding",
    "spend",
    "savings",
    "in_year_deficit",
    "cumulative_deficit",
)
MONEY_COLUMNS: tuple[str, ...] = COLUMNS[3:]
DEFAULT_SUCCESS_RATE = Decimal("0.75")  # seed 000: "an applied 75% success rate"
MAX_YEARS = 30
MAX_INPUT_POUNDS = Decimal(10) ** 12  # the float64 accuracy note above holds up to here
MAX_OUTPUT_POUNDS = 10**15  # beyond this a yearly figure is a typo in a growth rate, not a forecast

# --- validation helpers -----------------------------------------------------------------------------------


def _decimal(value: object, name: str) -> Decimal:
    # Money is never float (DESIGN.md); a float here is a bug upstream, so say so rather than guess.
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise ValueError(f"{name}: must be a Decimal, got {type(value).__name__} {value!r}")
    result = Decimal(value)
    if not result.is_finite():
        raise ValueError(f"{name}: must be a finite number, got {value}")
    return result


def _in_range(value: Decimal, name: str, low: Decimal | int, high: Decimal | int) -> Decimal:
    if not low <= value <= high:
        raise ValueError(f"{name}: must be between {low} and {high}, got {value}")
    return value


def _money(value: object, name: str, *, non_negative: bool = False) -> Decimal:
    amount = _decimal(value, name)
    if non_negative and amount < 0:
        raise ValueError(f"{name}: must not be negative, got {amount}")
    if abs(amount) > MAX_INPUT_POUNDS:
        raise ValueError(f"{name}: £{amount:,} is beyond the £10^12 this model is accurate for")
    return amount


def _rate(value: object, name: str, low: int = -1, high: int = 1) -> Decimal:
    return _in_range(_decimal(value, name), name, low, high)


def _financial_year(value: object, name: str) -> str:
    try:
        parse_financial_year(value)  # type: ignore[arg-type]
    except ValueError as error:
        raise ValueError(f"{name}: {error}") from None
    return value  # type: ignore[return-value]


def _set(obj: object, name: str, value: object) -> None:
    object.__setattr__(obj, name, value)  # frozen dataclass: normalise in __post_init__ only


# --- inputs -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExpenditureLine:
    """One provision type's spend: ``places`` (places or plans) at ``unit_cost`` pounds a year each.

    The growth rates are yearly fractions (``Decimal("0.08")`` = 8%); year 1 uses the baseline.
    """

    places: Decimal
    unit_cost: Decimal
    places_growth: Decimal = Decimal(0)
    unit_cost_growth: Decimal = Decimal(0)

    def __post_init__(self) -> None:
        places = _decimal(self.places, "places")
        if places < 0:
            raise ValueError(f"places: must not be negative, got {places}")
        _set(self, "places", places)
        _set(self, "unit_cost", _money(self.unit_cost, "unit_cost", non_negative=True))
        _set(self, "places_growth", _rate(self.places_growth, "places_growth"))
        _set(self, "unit_cost_growth", _rate(self.unit_cost_growth, "unit_cost_growth"))


@dataclass(frozen=True)
class WorkstreamSaving:
    """What one workstream is expected to save in one financial year, before the success rate."""

    workstream: str
    year: str
    target: Decimal
    stretch: Decimal

    def __post_init__(self) -> None:
        if not isinstance(self.workstream, str) or not self.workstream.strip():
            raise ValueError(f"workstream: must be a non-empty name, got {self.workstream!r}")
        _financial_year(self.year, "year")
        # Negative savings are allowed: a workstream's investment can cost more than it saves in a year.
        _set(self, "target", _money(self.target, "target"))
        _set(self, "stretch", _money(self.stretch, "stretch"))


@dataclass(frozen=True)
class ProjectionInput:
    """Everything one plan's projection needs.

    ``lines`` maps a key of ``PROVISION_TYPES`` to its ``ExpenditureLine`` (a missing type spends nothing).
    ``transfers`` maps a financial year to the Schools Block transfer added to that year's funding.
    ``bounds`` maps ``"upper"`` and/or ``"lower"`` to an adjustment added to every line's growth in places
    and in unit cost (e.g. ``{"upper": Decimal("0.02"), "lower": Decimal("-0.02")}``); the projection always
    has the central case ``"single"``, and the bounds beside it. Transfers and savings for years outside the
    projection are ignored.
    """

    first_year: str
    years: int
    opening_deficit: Decimal
    funding: Decimal
    funding_growth: Decimal = Decimal(0)
    lines: Mapping[str, ExpenditureLine] = field(default_factory=dict)
    transfers: Mapping[str, Decimal] = field(default_factory=dict)
    savings: Sequence[WorkstreamSaving] = ()
    success_rate: Decimal = DEFAULT_SUCCESS_RATE
    bounds: Mapping[str, Decimal] = field(default_factory=dict)

    def __post_init__(self) -> None:
        start = parse_financial_year(_financial_year(self.first_year, "first_year"))
        if isinstance(self.years, bool) or not isinstance(self.years, int):
            raise ValueError(f"years: must be a whole number, got {self.years!r}")
        if not 1 <= self.years <= MAX_YEARS:
            raise ValueError(f"years: must be between 1 and {MAX_YEARS}, got {self.years}")
        if start + self.years - 1 > 9998:
            raise ValueError(f"years: {self.years} years from {self.first_year} run past the year 9999")
        _set(self, "opening_deficit", _money(self.opening_deficit, "opening_deficit"))
        _set(self, "funding", _money(self.funding, "funding", non_negative=True))
        _set(self, "funding_growth", _rate(self.funding_growth, "funding_growth"))
        _set(self, "success_rate", _rate(self.success_rate, "success_rate", 0, 1))
        _set(self, "lines", MappingProxyType(self._checked_lines()))
        _set(self, "transfers", MappingProxyType(self._checked_transfers()))
        _set(self, "savings", self._checked_savings())
        _set(self, "bounds", MappingProxyType(self._checked_bounds()))

    def _checked_lines(self) -> dict[str, ExpenditureLine]:
        if not isinstance(self.lines, Mapping):
            raise ValueError("lines: must map a provision type to an ExpenditureLine")
        lines = {}
        for key in PROVISION_TYPES:  # keep the canonical order whatever order the caller used
            if key in self.lines:
                if not isinstance(self.lines[key], ExpenditureLine):
                    raise ValueError(f"lines[{key!r}]: must be an ExpenditureLine")
                lines[key] = self.lines[key]
        unknown = [key for key in self.lines if key not in PROVISION_TYPES]
        if unknown:
            raise ValueError(
                f"lines: unknown provision type {unknown[0]!r}; use one of {', '.join(PROVISION_TYPES)}"
            )
        return lines

    def _checked_transfers(self) -> dict[str, Decimal]:
        if not isinstance(self.transfers, Mapping):
            raise ValueError("transfers: must map a financial year to pounds")
        return {
            _financial_year(year, f"transfers[{year!r}]"): _money(amount, f"transfers[{year!r}]")
            for year, amount in self.transfers.items()
        }

    def _checked_savings(self) -> tuple[WorkstreamSaving, ...]:
        savings = tuple(self.savings)
        seen: set[tuple[str, str]] = set()
        for saving in savings:
            if not isinstance(saving, WorkstreamSaving):
                raise ValueError(f"savings: must be WorkstreamSaving items, got {saving!r}")
            if (saving.workstream, saving.year) in seen:
                raise ValueError(
                    f"savings: workstream {saving.workstream!r} has more than one saving for {saving.year}"
                )
            seen.add((saving.workstream, saving.year))
        return savings

    def _checked_bounds(self) -> dict[str, Decimal]:
        if not isinstance(self.bounds, Mapping):
            raise ValueError("bounds: must map 'upper' and/or 'lower' to a growth adjustment")
        unknown = [key for key in self.bounds if key not in BOUNDS]
        if unknown:
            raise ValueError(f"bounds: unknown bound {unknown[0]!r}; use 'upper' and/or 'lower'")
        bounds = {key: _rate(self.bounds[key], f"bounds[{key!r}]") for key in BOUNDS if key in self.bounds}
        if len(bounds) == 2 and bounds["upper"] < bounds["lower"]:
            raise ValueError(
                f"bounds: the upper adjustment ({bounds['upper']}) is below the lower ({bounds['lower']})"
            )
        for key, adjustment in bounds.items():
            for line_key, line in self.lines.items():
                for growth_name in ("places_growth", "unit_cost_growth"):
                    growth = getattr(line, growth_name)
                    if growth + adjustment < -1:
                        raise ValueError(
                            f"bounds[{key!r}]: takes {line_key} {growth_name} below -1 "
                            f"({growth} + {adjustment})"
                        )
        return bounds

    @property
    def bound_names(self) -> tuple[str, ...]:
        """The central case first, then the bounds around it (if any)."""
        return (SINGLE, *self.bounds)

    @property
    def year_labels(self) -> list[str]:
        return financial_years(self.first_year, self.years)


def savings_totals(
    items: Iterable[tuple[Hashable, Decimal, Decimal]],
) -> dict[Hashable, tuple[Decimal, Decimal]]:
    """``(year, target, stretch)`` items summed per year over workstreams, exactly (``Decimal``).

    The one place yearly savings are added up: the engine, the forecast pages and the exports use it.
    """
    totals: dict[Hashable, tuple[Decimal, Decimal]] = {}
    for year, target, stretch in items:
        old_target, old_stretch = totals.get(year, (Decimal(0), Decimal(0)))
        totals[year] = (old_target + target, old_stretch + stretch)
    return totals


# --- the model ----------------------------------------------------------------------------------------------


def round_pounds(values: np.ndarray) -> np.ndarray:
    """Round to whole pounds, halves away from zero (Excel's ROUND, ``ROUND_HALF_UP``), as int64."""
    return (np.sign(values) * np.floor(np.abs(values) + 0.5)).astype(np.int64)


def round_pound(value: float) -> int:
    """The scalar twin of ``round_pounds``."""
    return int(math.copysign(math.floor(abs(value) + 0.5), value))


def _whole_pounds(amount: Decimal) -> int:
    return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _growth_factors(rates: np.ndarray, n_years: int) -> np.ndarray:
    """``(1 + rate) ** t`` for t = 0..n_years-1 on a new last axis, by repeated multiplication."""
    steps = np.empty((*rates.shape, n_years))
    steps[..., 0] = 1.0
    steps[..., 1:] = (1.0 + rates)[..., None]
    return np.cumprod(steps, axis=-1)


def _empty_frame(plan_dtype: type) -> pd.DataFrame:
    columns: dict[str, pd.Series] = {"plan": pd.Series([], dtype=plan_dtype)}
    for name in COLUMNS:
        columns[name] = pd.Series([], dtype=np.int64 if name in MONEY_COLUMNS else str)
    return pd.DataFrame(columns)


def project_many(inputs: Sequence[ProjectionInput] | Mapping[Hashable, ProjectionInput]) -> pd.DataFrame:
    """Project many plans at once. Rows: plan x bound x scenario x year, in that order.

    ``plan`` is the position in ``inputs``, or the key when ``inputs`` is a mapping. The arithmetic runs on
    numpy arrays shaped (plan, bound, scenario, year); plans of different lengths share the array and the
    unused years are masked out.
    """
    if isinstance(inputs, Mapping):
        plan_keys: list[Hashable] = list(inputs.keys())
        plans = list(inputs.values())
    else:
        plans = list(inputs)
        plan_keys = list(range(len(plans)))
    for key, plan in zip(plan_keys, plans, strict=True):
        if not isinstance(plan, ProjectionInput):
            raise ValueError(f"plan {key!r}: must be a ProjectionInput, got {type(plan).__name__}")
    if not plans:
        return _empty_frame(plan_dtype=object if isinstance(inputs, Mapping) else np.int64)

    n_plans, n_lines, n_bounds = len(plans), len(PROVISION_TYPES), 1 + len(BOUNDS)
    n_years = max(plan.years for plan in plans)
    year_index = np.arange(n_years)

    # Gather the inputs into arrays: one Python pass over the input objects, none over output rows.
    first = np.zeros(n_plans, dtype=np.int64)
    length = np.zeros(n_plans, dtype=np.int64)
    opening = np.zeros(n_plans, dtype=np.int64)
    funding = np.zeros(n_plans)
    funding_growth = np.zeros(n_plans)
    success = np.zeros(n_plans)
    transfers = np.zeros((n_plans, n_years))
    saved = np.zeros((n_plans, 2, n_years))  # (plan, target|stretch, year), summed over workstreams
    places = np.zeros((n_plans, n_lines))
    unit_cost = np.zeros((n_plans, n_lines))
    places_growth = np.zeros((n_plans, n_lines))
    cost_growth = np.zeros((n_plans, n_lines))
    adjustment = np.zeros((n_plans, n_bounds))
    bound_used = np.zeros((n_plans, n_bounds), dtype=bool)
    bound_label = np.empty((n_plans, n_bounds), dtype=object)
    for p, plan in enumerate(plans):
        start = parse_financial_year(plan.first_year)
        first[p], length[p] = start, plan.years
        opening[p] = _whole_pounds(plan.opening_deficit)
        funding[p], funding_growth[p] = float(plan.funding), float(plan.funding_growth)
        success[p] = float(plan.success_rate)
        for year, amount in plan.transfers.items():
            offset = parse_financial_year(year) - start
            if 0 <= offset < plan.years:
                transfers[p, offset] = float(amount)
        offsets = ((parse_financial_year(s.year) - start, s.target, s.stretch) for s in plan.savings)
        # savings outside the projection are ignored
        totals = savings_totals((o, t, s) for o, t, s in offsets if 0 <= o < plan.years)
        for offset, (target, stretch) in totals.items():
            saved[p, 0, offset], saved[p, 1, offset] = float(target), float(stretch)
        for k, key in enumerate(PROVISION_TYPES):
            line = plan.lines.get(key)
            if line is not None:
                places[p, k], unit_cost[p, k] = float(line.places), float(line.unit_cost)
                places_growth[p, k] = float(line.places_growth)
                cost_growth[p, k] = float(line.unit_cost_growth)
        # Slot 0 is always the central case; the bounds (if any) are variants around it, never instead of it.
        bound_used[p, 0], bound_label[p, 0] = True, SINGLE
        for b, name in enumerate(plan.bounds, start=1):
            adjustment[p, b], bound_used[p, b], bound_label[p, b] = float(plan.bounds[name]), True, name

    # funding_y = funding_1 * (1 + g)^(y-1) + transfer_y           -> (plan, year)
    funding_pounds = funding[:, None] * _growth_factors(funding_growth, n_years) + transfers
    # spend_y = sum over lines of places * (1+gp+adj)^(y-1) * cost * (1+gc+adj)^(y-1)   -> (plan, bound, year)
    spend_pounds = np.zeros((n_plans, n_bounds, n_years))
    for k in range(n_lines):  # fixed order, so the float sum is the same however many plans
        line_places = places[:, k, None, None] * _growth_factors(
            places_growth[:, k, None] + adjustment, n_years
        )
        line_cost = unit_cost[:, k, None, None] * _growth_factors(
            cost_growth[:, k, None] + adjustment, n_years
        )
        spend_pounds = spend_pounds + line_places * line_cost
    savings_pounds = saved * success[:, None, None]  # (plan, target|stretch, year)

    in_plan = year_index[None, :] < length[:, None]  # (plan, year)
    _check_magnitude(plan_keys, funding_pounds, in_plan, "funding")
    _check_magnitude(plan_keys, spend_pounds, in_plan[:, None, :] & bound_used[:, :, None], "spend")
    _check_magnitude(plan_keys, savings_pounds, in_plan[:, None, :], "savings")
    funding_int = round_pounds(np.where(in_plan, funding_pounds, 0.0))
    spend_int = round_pounds(np.where(in_plan[:, None, :], spend_pounds, 0.0))
    savings_int = np.zeros((n_plans, len(SCENARIOS), n_years), dtype=np.int64)
    savings_int[:, 1:, :] = round_pounds(np.where(in_plan[:, None, :], savings_pounds, 0.0))

    # From here on everything is exact integer arithmetic.           -> (plan, bound, scenario, year)
    shape = (n_plans, n_bounds, len(SCENARIOS), n_years)
    funding_all = np.broadcast_to(funding_int[:, None, None, :], shape)
    spend_all = spend_int[:, :, None, :] - savings_int[:, None, :, :]
    in_year = spend_all - funding_all
    cumulative = opening[:, None, None, None] + np.cumsum(in_year, axis=-1)

    keep = np.broadcast_to(bound_used[:, :, None, None] & in_plan[:, None, None, :], shape)

    def flat(values: np.ndarray) -> np.ndarray:
        return np.broadcast_to(values, shape)[keep]

    year_numbers = flat((first[:, None] + year_index[None, :])[:, None, None, :])
    unique_years, year_position = np.unique(year_numbers, return_inverse=True)
    year_names = np.array([format_financial_year(int(y)) for y in unique_years], dtype=object)
    if isinstance(inputs, Mapping):
        plan_labels = np.empty(n_plans, dtype=object)
        for p, key in enumerate(plan_keys):  # element by element: a tuple key must stay one label
            plan_labels[p] = key
    else:
        plan_labels = np.arange(n_plans, dtype=np.int64)
    return pd.DataFrame(
        {
            "plan": flat(plan_labels[:, None, None, None]),
            "year": year_names[year_position.reshape(-1)],
            "scenario": flat(np.array(SCENARIOS, dtype=object)[None, None, :, None]),
            "bound": flat(bound_label[:, :, None, None]),
            "funding": flat(funding_all),
            "spend": flat(spend_all),
            "savings": flat(np.broadcast_to(savings_int[:, None, :, :], shape)),
            "in_year_deficit": flat(in_year),
            "cumulative_deficit": flat(cumulative),
        }
    )


def _check_magnitude(keys: list[Hashable], values: np.ndarray, mask: np.ndarray, what: str) -> None:
    too_big = ~(np.abs(values) <= MAX_OUTPUT_POUNDS) & np.broadcast_to(mask, values.shape)
    if too_big.any():
        plan = keys[int(np.argwhere(too_big)[0][0])]
        raise ValueError(
            f"plan {plan!r}: projected {what} passes £10^15 in a year; check the growth rates and bounds"
        )


def project(inp: ProjectionInput) -> pd.DataFrame:
    """One plan's projection: rows bound x scenario x year, columns ``COLUMNS``."""
    return project_many([inp]).drop(columns="plan")


def last_year_deficit_by_success_rate(
    inp: ProjectionInput,
    rates: Iterable[Decimal | float | int] = (0, 0.5, 0.75, 1),
    *,
    scenario: str = "target",
    bound: str | None = None,
) -> dict[Decimal, int]:
    """The cumulative deficit at the end of the last projected year, for each success rate.

    ``bound`` defaults to the central case (``"single"``), which every plan has.
    Floats are read through ``str`` (``0.1`` -> ``Decimal("0.1")``), so keys read as the caller wrote them.
    """
    if scenario not in SCENARIOS:
        raise ValueError(f"scenario: must be one of {', '.join(SCENARIOS)}, got {scenario!r}")
    if bound is None:
        bound = SINGLE
    elif bound not in inp.bound_names:
        raise ValueError(f"bound: this plan has {', '.join(inp.bound_names)}, not {bound!r}")
    decimal_rates = []
    for rate in rates:
        value = Decimal(str(rate)) if isinstance(rate, float) else rate
        decimal_rates.append(_rate(value, "rates", 0, 1))
    frame = project_many([replace(inp, success_rate=rate) for rate in decimal_rates])
    last = frame[
        (frame["year"] == inp.year_labels[-1]) & (frame["scenario"] == scenario) & (frame["bound"] == bound)
    ]
    by_plan = dict(zip(last["plan"], last["cumulative_deficit"], strict=True))
    return {rate: int(by_plan[i]) for i, rate in enumerate(decimal_rates)}
