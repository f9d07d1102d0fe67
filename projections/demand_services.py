"""Run the demand model for a council and save it as a forecast (unmitigated / target / stretch × bounds).

Costs: plans in each setting group × the unit cost of its provision type in a computed forecast's inputs (the
plan's current one, else its latest), growing at the line's unit-cost growth; funding and the opening deficit
from the same inputs. A group with plans and no unit cost is an error naming it, never £0.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import numpy as np
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from core.errors import Refused
from core.financial_years import fy_label
from projections.demand import (
    GROUP_KEYS,
    GROUPS,
    REASONS,
    DemandInputError,
    Path,
    Simulation,
    check_levers,
    project,
    reason_share,
    simulate,
)
from projections.demand_calibration import Calibration, History, calibrate, prior_from
from projections.demand_selectors import (
    as_lever,
    demand_histories_for_region,
    demand_levers_for,
    demand_transitions_for,
    s251_group_spend_for,
)
from projections.demand_transitions import (
    MAX_BYTES,
    TransitionsError,
    calibrate_transitions,
    default_group,
    observe,
    read_population_csv,
    read_transitions,
    settings_in,
)
from projections.engine import PROVISION_TYPES
from projections.models import (
    Bound,
    DemandLever,
    DemandTransitions,
    FiguresUnit,
    Forecast,
    ForecastKind,
    ForecastStatus,
    ForecastYear,
    Scenario,
)
from projections.services import ForecastError
from recovery.data_version import council_lock, data_changed
from recovery.models import Council
from recovery.selectors import plan_for_council

GROUP_PROVISION = {
    "mainstream": "mainstream_top_ups",
    "resourced": "special_schools",
    "special": "special_schools",
    "independent": "inmss",
    "ap": "alternative_provision",
    "post16": "post16",
    "other": "support_services",
}
SIMULATIONS = 1000
YEARS = 10


class DemandRunError(ForecastError):
    """The model cannot give a forecast for this council; the message says why. Nothing is saved."""


@dataclass
class DemandResult:
    calibration: Calibration
    levers: dict[str, list]
    paths: dict[str, Path]
    simulations: dict[str, Simulation]
    seed: int
    history: History | None = None  # the council's published series (unit costs from s251 ÷ its plans)

    @property
    def origin(self) -> int:
        return self.calibration.origin


def council_seed(council: Council) -> int:
    """Reproducible per council: the same council always gets the same random numbers."""
    return zlib.crc32(council.la_code.encode() or council.slug.encode())


def demand_model_compute(
    *,
    council: Council,
    simulations: int = SIMULATIONS,
    years: int = YEARS,
    seed: int | None = None,
    plan=None,
    histories: tuple | None = None,
) -> DemandResult:
    """Calibrate on the council's SEN2 series in the dfe store and run every scenario (no writes).
    ``histories``: demand_histories_for_region's (own, pool), when the caller has read them already."""
    histories = histories or demand_histories_for_region(council=council)
    fit = demand_calibration(council=council, histories=histories, horizon=years)
    origin = fit.origin
    levers = demand_levers_for(plan=plan) if plan is not None else {s: [] for s in Scenario.values}
    seed = council_seed(council) if seed is None else seed
    paths, sims = {}, {}
    try:
        for scenario, chosen in levers.items():
            same = next((s for s in paths if levers[s] == chosen), None)
            if same is not None:  # a scenario without levers of its own is the same run: not run twice
                paths[scenario], sims[scenario] = paths[same], sims[same]
                continue
            paths[scenario] = project(
                stock=fit.stock,
                rates=fit.rates,
                start_year=origin,
                years=years,
                levers=chosen,
                population=fit.population_for(years),
            )
            # The same seed for every scenario: the scenarios differ by their levers, not by chance.
            sims[scenario] = simulate(
                stock=fit.stock,
                rates=fit.rates,
                start_year=origin,
                years=years,
                levers=chosen,
                population=fit.population_for(years),
                simulations=simulations,
                seed=seed,
            )
    except DemandInputError as error:
        raise DemandRunError(str(error)) from None
    return DemandResult(fit, levers, paths, sims, seed, histories[0])


def demand_calibration(
    *, council: Council, histories: tuple | None = None, horizon: int = YEARS
) -> Calibration:
    """The council's rates and stock: from its own transitions when it uploaded them (every setting code with
    a group), else from its SEN2 series in the dfe store with its region's as the prior."""
    own, pool = histories or demand_histories_for_region(council=council)
    record = demand_transitions_for(council=council)
    if record is not None:
        if record.unmapped:
            raise DemandRunError(
                f"{council.name}'s transitions file has settings without a placement group: "
                f"{', '.join(record.unmapped)}. Give each a group in the table of settings"
            )
        try:
            return calibration_from_transitions(record, council=council, history=own, horizon=horizon)
        except DemandInputError as error:
            raise DemandRunError(str(error)) from None
    if not own.stock:
        raise DemandRunError(
            f"{council.name}: the DfE store has no EHC plans by setting group for LA {council.la_code}"
        )
    origin = max(own.stock)
    try:
        prior = prior_from(pool, origin=origin, name="the councils of the region") if pool else None
    except DemandInputError:
        prior = None
    try:
        return calibrate(own, origin=origin, prior=prior, horizon=horizon)
    except DemandInputError as error:
        raise DemandRunError(str(error)) from None


def lever_effects(result: DemandResult, *, plan=None, pricing: Pricing | None = None) -> list[dict]:
    """Each lever alone against the unmitigated line: plans fewer (or more) at the last census (expected),
    and, given the plan's pricing (demand_pricing), High Needs spend over its years (negative: a saving)
    beside the savings the lever's workstream claims for the same years."""
    fit = result.calibration
    base = result.paths[Scenario.UNMITIGATED]
    claimed = _claimed_savings(plan, pricing) if pricing is not None and plan is not None else {}
    effects = []
    for scenario in (Scenario.TARGET, Scenario.STRETCH):
        for lever in result.levers[scenario]:
            if scenario == Scenario.STRETCH and lever in result.levers[Scenario.TARGET]:
                continue
            alone = project(
                stock=fit.stock,
                rates=fit.rates,
                start_year=fit.origin,
                years=len(base.years) - 1,
                levers=[lever],
                population=fit.population_for(len(base.years) - 1),
            )
            effect = {
                "scenario": scenario,
                "lever": lever,
                "year": base.years[-1],
                "children": float(alone.totals()[-1] - base.totals()[-1]),
                "pounds": None,
                "claimed": None,
                "pricing_years": None,
            }
            if pricing is not None:
                change = alone.by_group()[pricing.steps] - base.by_group()[pricing.steps]
                effect["pounds"] = _money(float((change * pricing.unit).sum()))
                effect["claimed"] = claimed.get((lever.workstream_id, scenario), Decimal(0))
                effect["pricing_years"] = f"{fy_label(pricing.first)} to {fy_label(pricing.last)}"
            effects.append(effect)
    return effects


@dataclass
class Pricing:
    """How the model's counts become High Needs spend: the cost forecast's years, the census step of each
    (financial year y is priced on the January y + 1 census in it), and the unit cost per year × group."""

    forecast: Forecast
    first: int
    last: int
    steps: list[int]
    unit: np.ndarray  # [years, groups]
    notes: list[str] = field(default_factory=list)  # unit costs from the s251 outturn, and how


def demand_pricing(plan, result: DemandResult) -> Pricing:
    """The unit costs of the plan's cost forecast (its current computed one, else its latest) over its years;
    an error naming what is missing (no computed forecast, years the model does not cover, a group with plans
    and no unit cost), never £0."""
    costs_from = _cost_forecast(plan)
    first, last = costs_from.first_year, costs_from.last_year
    if first is None or last is None:
        raise DemandRunError(f"“{costs_from.name}” has no first and last year")
    origin, years = result.origin, len(result.paths[Scenario.UNMITIGATED].years) - 1
    if first + 1 < origin or last + 1 > origin + years:
        raise DemandRunError(
            f"The model runs from the January {origin} census for {years} years: it covers "
            f"{fy_label(origin - 1)} to {fy_label(origin + years - 1)}, "
            f"not {fy_label(first)} to {fy_label(last)}"
        )
    steps = [y + 1 - origin for y in range(first, last + 1)]
    s251 = _s251_unit_costs(result.history)
    cost, growth, notes = _unit_costs(costs_from, result.paths[Scenario.UNMITIGATED].by_group()[steps], s251)
    k = np.arange(len(steps))
    unit = cost[None, :] * (1 + growth[None, :]) ** k[:, None]
    return Pricing(costs_from, first, last, steps, unit, notes)


def _s251_unit_costs(history: History | None) -> dict[str, tuple[float, str]]:
    """group → (unit cost, how it was found): the latest s251 outturn of a line that is one group's spend,
    ÷ the group's plans at the January census inside that financial year (both from the DfE store)."""
    if history is None or not history.code:
        return {}
    out = {}
    for group, spends in s251_group_spend_for(la_code=history.code).items():
        g = GROUP_KEYS.index(group)
        usable = [
            (year, spend)
            for year, spend in spends
            if spend > 0 and year + 1 in history.stock and history.stock[year + 1][g] > 0
        ]
        if not usable:
            continue
        year, spend = max(usable)
        plans = float(history.stock[year + 1][g])
        out[group] = (
            spend / plans,
            f"{GROUPS[group]}: £{spend / plans:,.0f} a plan, the s251 outturn of {fy_label(year)} "
            f"(£{spend:,.0f}) ÷ {plans:,.0f} plans in January {year + 1} (DfE figures), with no growth",
        )
    return out


def _claimed_savings(plan, pricing: Pricing) -> dict[tuple[int, str], Decimal]:
    """(workstream id, scenario) -> the savings the workstream claims over the pricing years."""
    from workstreams.models import WorkstreamSaving

    totals: dict[tuple[int, str], Decimal] = {}
    savings = WorkstreamSaving.objects.filter(
        workstream__plan=plan, financial_year__gte=pricing.first, financial_year__lte=pricing.last
    ).values_list("workstream_id", "target", "stretch")
    for workstream_id, target, stretch in savings:
        for scenario, amount in ((Scenario.TARGET, target), (Scenario.STRETCH, stretch)):
            key = (workstream_id, scenario)
            totals[key] = totals.get(key, Decimal(0)) + amount
    return totals


def _cost_forecast(plan) -> Forecast:
    computed = Forecast.objects.filter(plan=plan, kind=ForecastKind.COMPUTED, inputs__isnull=False)
    found = computed.filter(is_current=True).first() or computed.order_by("-as_at", "-pk").first()
    if found is None:
        raise DemandRunError(
            "The demand model prices plans with the unit costs of a computed forecast's inputs: "
            "this plan has no computed forecast"
        )
    return found


def _unit_costs(
    forecast: Forecast, counts: np.ndarray, s251: dict[str, tuple[float, str]] | None = None
) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Unit cost and its yearly growth per group, and where a cost came from the s251 outturn instead of
    the forecast; an error for a group with plans and neither."""
    lines = {line.provision_type: line for line in forecast.lines.all()}
    cost, growth = np.zeros(len(GROUP_KEYS)), np.zeros(len(GROUP_KEYS))
    notes: list[str] = []
    for g, key in enumerate(GROUP_KEYS):
        line = lines.get(GROUP_PROVISION[key])
        if line is None or line.unit_cost <= 0:
            if key in (s251 or {}) and counts[..., g].max() > 0:
                cost[g], note = s251[key]
                notes.append(note)
                continue
            if counts[..., g].max() > 0:
                raise DemandRunError(
                    f"“{forecast.name}” has no unit cost for {PROVISION_TYPES[GROUP_PROVISION[key]]}: the "
                    f"demand model will not price {GROUPS[key].lower()} at £0; add the cost to its inputs"
                )
            continue
        cost[g], growth[g] = float(line.unit_cost), float(line.unit_cost_growth)
    return cost, growth, notes


def _money(value: float) -> Decimal:
    return Decimal(int(np.round(value)))


@transaction.atomic
def demand_forecast_run(
    *,
    council: Council,
    user: AbstractBaseUser | None,
    simulations: int = SIMULATIONS,
    seed: int | None = None,
    as_at: date | None = None,
) -> Forecast:
    """Save the model's forecast for the council's plan, priced with its cost forecast's inputs."""
    plan = plan_for_council(council=council)
    if plan is None:
        raise DemandRunError(f"{council.name} has no recovery plan to forecast for")
    _cost_forecast(plan)  # before the simulations: a plan with nothing to price them is refused at once
    result = demand_model_compute(council=council, simulations=simulations, years=YEARS, seed=seed, plan=plan)
    pricing = demand_pricing(plan, result)
    costs_from, first, last, steps, unit = (
        pricing.forecast,
        pricing.first,
        pricing.last,
        pricing.steps,
        pricing.unit,
    )
    origin = result.origin
    inputs = costs_from.inputs
    k = np.arange(len(steps))
    funding = float(inputs.funding) * (1 + float(inputs.funding_growth)) ** k
    opening = float(inputs.opening_deficit)
    figures = []
    forecast = Forecast.objects.create(
        plan=plan,
        name=f"Demand model from the January {origin} census",
        as_at=as_at or date.today(),
        status=ForecastStatus.DRAFT,
        kind=ForecastKind.PUBLISHED_FIGURES,
        has_bounds=True,
        figures_unit=FiguresUnit.POUNDS,
        source=(
            f"Demand model, {result.calibration.source}; {simulations} simulations (seed {result.seed}); "
            f"unit costs, funding and opening deficit from “{costs_from.name}”"
            + ("; some unit costs from the s251 outturn" if pricing.notes else "")
        )[:200],
        first_year=first,
        last_year=last,
        created_by=user,
    )
    for scenario in Scenario.values:
        central = (result.paths[scenario].by_group()[steps] * unit).sum(axis=1)
        per_sim = (result.simulations[scenario].by_group[:, steps, :] * unit[None]).sum(axis=2)
        cumulative = opening + np.cumsum(per_sim - funding[None, :], axis=1)
        bands = {
            Bound.SINGLE: (central, opening + np.cumsum(central - funding)),
            Bound.UPPER: (np.quantile(per_sim, 0.95, axis=0), np.quantile(cumulative, 0.95, axis=0)),
            Bound.LOWER: (np.quantile(per_sim, 0.05, axis=0), np.quantile(cumulative, 0.05, axis=0)),
        }
        for bound, (spend, cum) in bands.items():
            for i, year in enumerate(range(first, last + 1)):
                figures.append(
                    ForecastYear(
                        forecast=forecast,
                        financial_year=year,
                        scenario=scenario,
                        bound=bound,
                        funding=_money(funding[i]),
                        spend=_money(spend[i]),
                        cumulative_deficit=_money(cum[i]),
                    )
                )
    bulk_create_with_history(figures, ForecastYear, default_user=user)
    data_changed(plan_id=plan.pk)
    return forecast


def demand_backtest_for(*, council: Council, simulations: int = 300, histories: tuple | None = None) -> list:
    """The rolling-origin backtest of this council (projections.backtest), its region as the prior's pool."""
    from projections.backtest import backtest_council

    own, pool = histories or demand_histories_for_region(council=council)
    if not own.stock:
        return []

    def prior_for(origin: int):
        try:
            return prior_from(pool, origin=origin, name="the councils of the region")
        except DemandInputError:
            return None

    return backtest_council(own, prior_for=prior_for, simulations=simulations, seed=council_seed(council))


# --- levers: a workstream's change to the model, edited by finance and council admins ----------------------


@dataclass(frozen=True)
class LeverDetails:
    """A lever as the form gives it: ``factor`` for new or ceased plans (0.9 = −10%), ``share`` for a move."""

    workstream_id: int
    scenario: str
    kind: str
    start_year: int
    age_from: int = 0
    age_to: int = 25
    factor: Decimal = Decimal("1")
    group: str = ""
    to_group: str = ""
    share: Decimal = Decimal("0")
    reason: str = ""  # ceased plans only: one of projections.demand.REASONS, or every reason


@transaction.atomic
def demand_lever_add(*, plan, user: AbstractBaseUser, details: LeverDetails) -> DemandLever:
    """Add a workstream's lever to the plan's target or stretch scenario (audited; the plan's pages follow
    through its data version). Refused, with nothing saved: a workstream of another plan, a start year
    outside the plan, ages out of order, a factor that would make a count negative, a share outside 0–100%,
    a move without both groups, a lever that changes nothing."""
    council_lock(plan_id=plan.pk)
    if not plan.workstreams.filter(pk=details.workstream_id).exists():
        raise Refused("Choose one of this plan's workstreams.", "workstream")
    if not plan.first_year <= details.start_year <= plan.last_year:
        raise Refused(
            f"A lever starts in one of the plan's years, {fy_label(plan.first_year)} to "
            f"{fy_label(plan.last_year)}.",
            "start_year",
        )
    moves = details.kind == DemandLever.Kind.MOVE
    if (moves and details.share == 0) or (not moves and details.factor == 1):
        raise Refused(
            "This lever changes nothing: give the share that moves."
            if moves
            else "This lever changes nothing: give a change other than 0%.",
            "share" if moves else "change",
        )
    lever = DemandLever(
        plan=plan,
        workstream_id=details.workstream_id,
        scenario=details.scenario,
        kind=details.kind,
        start_year=details.start_year,
        age_from=details.age_from,
        age_to=details.age_to,
        factor=Decimal("1") if moves else details.factor,
        group=details.group,
        to_group=details.to_group if moves else "",
        share=details.share if moves else Decimal("0"),
        reason=details.reason,
    )
    try:
        lever.full_clean()
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise Refused(messages[0], "change" if field == "factor" else field) from None
    _check_against_the_model(plan, lever)
    lever._history_user = user
    lever.save()
    return lever


def _check_against_the_model(plan, lever: DemandLever) -> None:
    """Refuse a lever the model would refuse with the council's rates (ceased plans above the plans there
    are, say), with the scenario's other levers, so a saved lever never stops the model. Without DfE figures
    for the council there are no rates to check against: the model page says so when it cannot run."""
    try:
        fit = demand_calibration(council=plan.council)
    except DemandRunError:
        return
    converted = as_lever(lever, workstream=str(lever.workstream))
    if lever.reason and reason_share(fit.rates, converted) <= 0:
        raise Refused(
            f"The DfE's figures the model is calibrated on give no ceased plans aged {lever.age_from}–"
            f"{lever.age_to} because {REASONS[lever.reason]} for {plan.council.name}: there is nothing for "
            "this lever to change. Choose another reason or every reason.",
            "reason",
        )
    levers = demand_levers_for(plan=plan)
    chosen = levers[Scenario.STRETCH if lever.scenario == Scenario.STRETCH else Scenario.TARGET]
    try:
        check_levers([*chosen, as_lever(lever, workstream=str(lever.workstream))], fit.rates)
    except DemandInputError as error:
        raise Refused(f"The model would refuse this lever: {error}.", "change") from None


@transaction.atomic
def demand_lever_remove(*, lever: DemandLever, user: AbstractBaseUser) -> None:
    """Remove a lever (audited: its history keeps who removed it and when)."""
    council_lock(plan_id=lever.plan_id)
    lever._history_user = user
    lever.delete()


# --- what the model's page and workbook show ---------------------------------------------------------------

PAGE_SIMULATIONS = 500


@dataclass
class DemandSummary:
    """The model for a council as its page and workbook show it: the run, the levers' effects (priced when
    the plan has a computed forecast covering the model's years, else why not), and the backtest."""

    result: DemandResult
    pricing: Pricing | None
    unpriced: str | None
    effects: list[dict]
    backtest_rows: list
    backtest: list[dict]  # per horizon: count, mean error per method, how many inside the band
    history: History  # the council's own published series (the workbook's actual censuses)


def demand_summary(*, council: Council, plan, simulations: int = PAGE_SIMULATIONS) -> DemandSummary:
    from projections.backtest import METHODS

    histories = demand_histories_for_region(council=council)  # read once: the run and the backtest share it
    result = demand_model_compute(council=council, simulations=simulations, plan=plan, histories=histories)
    pricing, unpriced = None, None
    if plan is not None:
        try:
            pricing = demand_pricing(plan, result)
        except DemandRunError as error:
            unpriced = str(error)  # the counts stand on their own; the page says why there are no pounds
    rows = demand_backtest_for(council=council, histories=histories)
    backtest = [
        {
            "horizon": h,
            "count": len(at),
            "mape": [float(np.mean([r.error(m) for r in at])) for m in METHODS],
            "covered": sum(r.covered for r in at),
        }
        for h in (1, 2, 3)
        if (at := [r for r in rows if r.horizon == h])
    ]
    effects = lever_effects(result, plan=plan, pricing=pricing)
    return DemandSummary(result, pricing, unpriced, effects, rows, backtest, histories[0])


def demand_cyp_forecast(*, council: Council, plan) -> list:
    """The management plan's children-and-young-people rows (projections.demand_cyp) from the model's
    expectation alone (no simulations: milliseconds): the censuses the DfE published by age and setting,
    then the model's, unmitigated and target mitigated. DemandRunError when the model cannot run."""
    from projections.demand_cyp import cyp_by_age_group

    histories = demand_histories_for_region(council=council)
    fit = demand_calibration(council=council, histories=histories)
    history = histories[0]
    levers = demand_levers_for(plan=plan) if plan is not None else {s: [] for s in Scenario.values}
    rows = []
    for scenario, label in ((Scenario.UNMITIGATED, "unmitigated"), (Scenario.TARGET, "target mitigated")):
        try:
            path = project(
                stock=fit.stock,
                rates=fit.rates,
                start_year=fit.origin,
                years=YEARS,
                levers=levers[scenario],
                population=fit.population_for(YEARS),
            )
        except DemandInputError as error:
            raise DemandRunError(str(error)) from None
        found = cyp_by_age_group(history=history, stock=path.stock, years=path.years, scenario_label=label)
        rows += [r for r in found if scenario == Scenario.UNMITIGATED or not r.basis.startswith("Actual")]
    return rows


# --- a council's own pupil-level data (witan.send's transitions.csv) ----------------------------------------

MAX_TRANSITIONS_BYTES = MAX_BYTES


@transaction.atomic
def demand_transitions_upload(
    *,
    council: Council,
    user: AbstractBaseUser,
    transitions: bytes,
    file_name: str,
    population: bytes | None = None,
    population_file_name: str = "",
) -> DemandTransitions:
    """Keep the council's transitions.csv (and population.csv) for the model, replacing any before; each
    setting code gets its group from the last upload's table, else the default its name suggests. Refused,
    nothing saved: a file that is not witan.send's shape (unknown or missing columns, a bad year or national
    curriculum year, a gap in the years), too large, or a population file with a bad row. Codes still
    without a group are kept and listed: the model waits for them (``demand_calibration`` says so)."""
    council_lock(council=council)
    for data, name, which in (
        (transitions, file_name, "transitions"),
        (population, population_file_name, "population"),
    ):
        if data is not None and len(data) > MAX_TRANSITIONS_BYTES:
            raise Refused(f"{name} is larger than {MAX_TRANSITIONS_BYTES // 2**20} MB.", which)
    try:
        rows = read_transitions(transitions, file=file_name)
    except TransitionsError as error:
        raise Refused(str(error), "transitions") from None
    if population is not None:
        try:
            read_population_csv(population, file=population_file_name)
        except TransitionsError as error:
            raise Refused(str(error), "population") from None
    record = DemandTransitions.objects.filter(council=council).first() or DemandTransitions(council=council)
    before = record.mapping or {}
    record.mapping = {code: before.get(code) or default_group(code) for code in settings_in(rows)}
    record.file_name = file_name[:255]
    record.transitions = transitions.decode("utf-8-sig")
    record.population_file_name = population_file_name[:255] if population is not None else ""
    record.population = population.decode("utf-8-sig") if population is not None else ""
    record.transitions_count = len(rows)
    record.first_year = min(r.year for r in rows)
    record.last_year = max(r.year for r in rows)
    record.uploaded_by = user
    record.uploaded_at = timezone.now()
    record._history_user = user
    record.save()
    return record


@transaction.atomic
def demand_settings_map(
    *, record: DemandTransitions, user: AbstractBaseUser, mapping: dict[str, str]
) -> None:
    """Set the placement group of the council's setting codes (audited). Refused, nothing saved: a code the
    file does not use, a group that is not one of the seven."""
    council_lock(council=record.council_id)
    for code, group in mapping.items():
        if code not in record.mapping:
            raise Refused(f"The transitions file has no setting “{code}”.", code)
        if group and group not in GROUPS:
            raise Refused(f"“{group}” is not a placement group.", code)
    record.mapping = {**record.mapping, **mapping}
    record._history_user = user
    record.save(update_fields=["mapping"])


@transaction.atomic
def demand_transitions_remove(*, record: DemandTransitions, user: AbstractBaseUser) -> None:
    """Stop using the council's own data (audited): the model goes back to the published totals."""
    council_lock(council=record.council_id)
    record._history_user = user
    record.delete()


def calibration_from_transitions(
    record: DemandTransitions, *, council: Council, history: History, horizon: int
) -> Calibration:
    """Calibrate on the council's transitions; population.csv if uploaded, else the store's ONS population."""
    rows = read_transitions(record.transitions.encode(), file=record.file_name)
    people = (
        read_population_csv(record.population.encode(), file=record.population_file_name)
        if record.population
        else history.population
    )
    return calibrate_transitions(
        observe(rows, record.mapping), population=people, horizon=horizon, name=council.name
    )
