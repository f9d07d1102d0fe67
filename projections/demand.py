"""The demand model: EHC plans by single age (0–25) × the seven DfE placement groups, year by year.

Pure numpy, no database. One step goes from one January census to the next (the calendar year between):

    next stock = stock − leavers ± net migration (ageing and moving between groups conserve plans) + joiners

- **Leavers**: each plan at age *a* ceases with the age's hazard; every plan at 25 leaves (the age-25 cap).
- **Net migration**: the part of each year's change that new − ceased plans do not explain (moves between
  councils, late recording, the DfE's revisions). It is a rate on the plans that stay, positive or negative,
  spread over ages and groups as the plans are. It is a flow of its own, shown and counted, never dropped.
- **Ageing and movers**: the plans that stay are one year older at the next census; they move between
  groups as the published mix of that age × group says (``movers_from_profile``: the least movement that
  turns the mix at age *a* into the mix at age *a + 1*). Calibrated from published totals, not observed
  transitions.
- **Joiners**: new plans, by age (at the start of the plan, placed at that age at the next census) and group,
  as a rate of the population of that age when it is given (``joiner_population``: a cohort that shrinks or
  grows brings fewer or more new plans), or of the stock where it is not.

The **central line** is the expectation at the central rates (the chain is linear in the stock: exact, in
milliseconds). The **bounds** are quantiles of a Monte Carlo run that first draws the rates of each simulation
(parameter uncertainty: Gamma for joiner and leaver rates, normal for net migration), then the counts
(binomial leavers and out-migrants, Poisson joiners and in-migrants, binomial movers). Seeded: the same seed
gives the same numbers. With drawn rates the simulations' mean sits a little above the central line (growth
compounds: a mean of (1 + g)^n is more than (1 + mean g)^n); with fixed rates it is the central line.

**Levers** change the rates from a year on, each owned by a workstream: scale joiners at some ages
(``joiners_scaled``), move a share of one group's joiners to another (``joiners_moved``), scale leavers at
some ages (``leavers_scaled``). A lever that would make a count negative is refused (``LeverRefused``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np

AGES = 26  # 0 to 25
MAX_AGE = AGES - 1
GROUPS: dict[str, str] = {
    "mainstream": "Mainstream schools",
    "resourced": "Resourced provision and SEN units",
    "special": "Maintained special schools and special academies",
    "independent": "Independent and non-maintained special schools",
    "ap": "Hospital schools and alternative provision",
    "post16": "Post-16 and further education",
    "other": "Other arrangements and direct payments",
}
GROUP_KEYS: tuple[str, ...] = tuple(GROUPS)
# Why a plan ceased, as SEN2's ceased_plans.csv counts it (its column names, in its order).
REASONS: dict[str, str] = {  # each reads after "plan ceased because"
    "max_age": "they reached the maximum age",
    "needs_met": "needs were met",
    "he": "they moved on to higher education",
    "employ": "they moved on to paid employment",
    "transfer": "they transferred to another local authority",
    "no_engage": "the young person no longer wished to engage",
    "moved_outside_eng": "they moved outside England",
    "deceased": "the child or young person died",
    "not_rec": "the reason was not recorded",
    "other": "of another reason",
}
REASON_KEYS: tuple[str, ...] = tuple(REASONS)
N_GROUPS = len(GROUP_KEYS)
QUANTILES: dict[str, float] = {"p2_5": 0.025, "p5": 0.05, "p50": 0.5, "p95": 0.95, "p97_5": 0.975}
MAX_SIMULATIONS = 100_000
MAX_YEARS = 30


class DemandInputError(ValueError):
    """The model's input cannot give a forecast; the message says which figure and why."""


class LeverRefused(DemandInputError):
    """A lever that would make a count negative (or is otherwise impossible)."""


def group_index(key: str) -> int:
    if key not in GROUPS:
        raise DemandInputError(f"{key!r} is not a setting group; the groups are {', '.join(GROUP_KEYS)}")
    return GROUP_KEYS.index(key)


# --- rates -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rates:
    """Yearly rates of one council, and how uncertain each is.

    joiner_rate: new plans a year per plan in stock (``joiner_base="stock"``) or per person aged 0–25
    (``"population"``). joiner_mix: [26, 7], the share of new plans at each age × group (sums to 1).
    joiner_population: [26], with ``"population"`` only: the population of each age the rate and mix were
    calibrated on. Then the joiners at age a in a year are joiner_rate × Σ joiner_population × mix[a] ×
    population[a] / joiner_population[a] — each age's own rate per head (new plans at a ÷ people aged a) times
    that year's people aged a. Without it, the rate is per head of the 0–25 total, spread by the mix.
    leaver_hazard: [26], the chance a plan at that census age ceases within the year (age 25 is forced to 1);
    or [26, 7], by age and the plan's setting group (observed transitions give leavers by last setting).
    migration_rate: net migration as a share of the plans that stay. movers: [25, 7, 7], from age a to a + 1,
    row g the shares of group g's plans in each group a year older (rows sum to 1).
    *_sd: the standard deviation of each rate (joiner and leaver as a multiple of the rate; migration in
    the rate's own units). leaver_reasons: [26, 10], optional, each reason's share of the leavers at each age
    (``REASON_KEYS`` order; rows sum to 1): a lever on one reason scales only its part of the hazard.
    """

    joiner_rate: float
    joiner_mix: np.ndarray
    leaver_hazard: np.ndarray
    migration_rate: float
    movers: np.ndarray
    joiner_base: str = "stock"
    joiner_population: np.ndarray | None = None
    joiner_sd: float = 0.0
    leaver_sd: float = 0.0
    migration_sd: float = 0.0
    leaver_reasons: np.ndarray | None = None

    def __post_init__(self) -> None:
        mix = np.asarray(self.joiner_mix, dtype=float)
        hazard = np.asarray(self.leaver_hazard, dtype=float).copy()
        movers = np.asarray(self.movers, dtype=float)
        if mix.shape != (AGES, N_GROUPS):
            raise DemandInputError(f"joiner_mix must be {AGES} ages × {N_GROUPS} groups, not {mix.shape}")
        if hazard.shape not in ((AGES,), (AGES, N_GROUPS)):
            raise DemandInputError(
                f"leaver_hazard must have {AGES} ages (or ages × {N_GROUPS} groups), not {hazard.shape}"
            )
        if movers.shape != (MAX_AGE, N_GROUPS, N_GROUPS):
            raise DemandInputError(f"movers must be {MAX_AGE} × {N_GROUPS} × {N_GROUPS}, not {movers.shape}")
        if self.joiner_base not in ("stock", "population"):
            raise DemandInputError('joiner_base is "stock" or "population"')
        if not np.isfinite(self.joiner_rate) or self.joiner_rate < 0:
            raise DemandInputError(f"the joiner rate must be zero or more, not {self.joiner_rate}")
        if (mix < 0).any() or not np.isclose(mix.sum(), 1.0):
            raise DemandInputError("the joiners' mix by age and group must be shares that sum to 1")
        if (hazard < 0).any() or (hazard > 1).any():
            raise DemandInputError("a leaver hazard is a chance: between 0 and 1")
        if (movers < 0).any() or not np.allclose(movers.sum(axis=2), 1.0):
            raise DemandInputError("each row of the movers must be shares that sum to 1")
        if self.migration_rate <= -1:
            raise DemandInputError("net migration cannot take away every plan")
        if self.joiner_population is not None:
            reference = np.asarray(self.joiner_population, dtype=float).copy()
            if self.joiner_base != "population":
                raise DemandInputError('a reference population goes with joiner_base "population"')
            if reference.shape != (AGES,) or not np.isfinite(reference).all() or (reference < 0).any():
                raise DemandInputError(f"the reference population must be {AGES} counts of zero or more")
            if (mix[reference <= 0].sum(axis=1) > 0).any():
                raise DemandInputError(
                    "new plans at an age with no population: the rate per head is undefined"
                )
            reference.setflags(write=False)
            object.__setattr__(self, "joiner_population", reference)
        if self.leaver_reasons is not None:
            reasons = np.asarray(self.leaver_reasons, dtype=float).copy()
            if reasons.shape != (AGES, len(REASON_KEYS)) or (reasons < 0).any():
                raise DemandInputError(f"leaver_reasons must be {AGES} ages × {len(REASON_KEYS)} shares")
            reasons.setflags(write=False)
            object.__setattr__(self, "leaver_reasons", reasons)
        hazard[MAX_AGE] = 1.0  # the age-25 cap
        for name, value in (("joiner_mix", mix), ("leaver_hazard", hazard), ("movers", movers)):
            value.setflags(write=False)
            object.__setattr__(self, name, value)


def movers_from_profile(profile: np.ndarray) -> np.ndarray:
    """[25, 7, 7] from a [26, 7] age × group profile: the least movement that turns age a's mix into a + 1's.

    A group keeps min(1, share at a + 1 / share at a) of its plans; what it loses goes to the groups that
    grow, in proportion to how much each grows. An age with no plans keeps everyone where they are.
    """
    profile = np.asarray(profile, dtype=float)
    movers = np.zeros((MAX_AGE, N_GROUPS, N_GROUPS))
    for a in range(MAX_AGE):
        here, there = profile[a], profile[a + 1]
        if here.sum() <= 0 or there.sum() <= 0:
            movers[a] = np.eye(N_GROUPS)
            continue
        p, q = here / here.sum(), there / there.sum()
        kept = np.minimum(p, q)
        gain = q - kept
        for g in range(N_GROUPS):
            if p[g] <= 0:
                movers[a, g, g] = 1.0
                continue
            movers[a, g, g] = kept[g] / p[g]
            lost = 1.0 - movers[a, g, g]
            if lost > 0 and gain.sum() > 0:
                movers[a, g] += lost * gain / gain.sum()
            else:
                movers[a, g, g] = 1.0
    return movers


# --- levers ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Lever:
    """One change to the rates, owned by a workstream, from a calendar year on (the flows into next January).

    kind "joiners": new plans at ages [age_from, age_to] (in ``group`` if given) × factor.
    kind "move": ``share`` of the joiners to ``group`` at those ages go to ``to_group`` instead.
    kind "leavers": the leaver hazard at ages [age_from, age_to] × factor; with a ``reason``, only that
    reason's part of it: h × (1 + (factor − 1) × share), share the reason's share of the leavers at that age;
    with a ``group``, only the hazard of the plans in that setting group (the hazard becomes age × group).
    """

    kind: str
    workstream: str
    start_year: int
    age_from: int = 0
    age_to: int = MAX_AGE
    factor: float = 1.0
    group: str | None = None
    to_group: str | None = None
    share: float = 0.0
    workstream_id: int | None = None  # the plan's workstream, to set its effect beside the savings it claims
    reason: str | None = None  # leavers only: one of REASON_KEYS, or None for every reason

    def describe(self) -> str:
        ages = f"aged {self.age_from}–{self.age_to}" if (self.age_from, self.age_to) != (0, MAX_AGE) else ""
        change = f"{(self.factor - 1) * 100:+.0f}%".replace("-", "−")
        if self.kind == "joiners":
            where = f" in {GROUPS[self.group].lower()}" if self.group else ""
            text = f"New plans {ages}{where} {change}".replace("  ", " ")
        elif self.kind == "move":
            text = (
                f"{self.share * 100:.0f}% of new plans {ages} to {GROUPS[self.group].lower()} go to "
                f"{GROUPS[self.to_group].lower()} instead"
            ).replace("  ", " ")
        else:
            because = f" because {REASONS[self.reason]}" if self.reason in REASONS else ""
            where = f" in {GROUPS[self.group].lower()}" if self.group in GROUPS else ""
            text = f"Ceased plans {ages}{where}{because} {change}".replace("  ", " ")
        return f"{text} from {self.start_year}-{(self.start_year + 1) % 100:02d}"


def joiners_scaled(
    *, workstream: str, start_year: int, factor: float, ages: tuple[int, int] = (0, MAX_AGE), group=None
) -> Lever:
    return Lever("joiners", workstream, start_year, ages[0], ages[1], factor=factor, group=group)


def joiners_moved(
    *,
    workstream: str,
    start_year: int,
    share: float,
    from_group: str,
    to_group: str,
    ages: tuple[int, int] = (0, MAX_AGE),
) -> Lever:
    return Lever(
        "move", workstream, start_year, ages[0], ages[1], group=from_group, to_group=to_group, share=share
    )


def leavers_scaled(
    *,
    workstream: str,
    start_year: int,
    factor: float,
    ages: tuple[int, int] = (0, MAX_AGE),
    reason: str | None = None,
    group: str | None = None,
) -> Lever:
    return Lever(
        "leavers", workstream, start_year, ages[0], ages[1], factor=factor, reason=reason, group=group
    )


def leaver_multiplier(lever: Lever, rates: Rates) -> np.ndarray:
    """Per age of the lever's [age_from, age_to]: what its hazard is multiplied by (the factor for every
    reason; 1 + (factor − 1) × the reason's share for one)."""
    n = lever.age_to - lever.age_from + 1
    if lever.reason is None:
        return np.full(n, lever.factor)
    share = np.asarray(rates.leaver_reasons)[
        lever.age_from : lever.age_to + 1, REASON_KEYS.index(lever.reason)
    ]
    return 1.0 + (lever.factor - 1.0) * share


def _scale(hazard: np.ndarray, ages: slice, multiplier: np.ndarray) -> None:
    m = multiplier[: len(hazard[ages])]
    hazard[ages] *= m[:, None] if hazard.ndim == 2 else m


def _leavers_changed(hazard: np.ndarray, lever: Lever, rates: Rates, ages: slice) -> np.ndarray:
    """The hazard with a leavers lever applied: every group's, or (by age × group) one group's."""
    if lever.group is None:
        _scale(hazard, ages, leaver_multiplier(lever, rates))
        return hazard
    by_group = _by_group(hazard).copy()
    g = group_index(lever.group)
    by_group[ages, g] *= leaver_multiplier(lever, rates)[: len(by_group[ages])]
    return by_group


def check_levers(levers: Sequence[Lever], rates: Rates) -> None:
    """Refuse, with a message naming the workstream, a lever that would make a count negative."""
    hazard = rates.leaver_hazard.copy()
    for lever in levers:
        who = f"{lever.workstream}: {lever.kind} lever from {lever.start_year}"
        if lever.kind not in ("joiners", "move", "leavers"):
            raise LeverRefused(f"{who}: unknown kind {lever.kind!r} (joiners, move or leavers)")
        if not (0 <= lever.age_from <= lever.age_to <= MAX_AGE):
            raise LeverRefused(f"{who}: ages {lever.age_from}–{lever.age_to} are not within 0–{MAX_AGE}")
        if not np.isfinite(lever.factor) or lever.factor < 0:
            raise LeverRefused(
                f"{who}: a factor of {lever.factor:g} would make the number of plans negative; "
                "a change of −100% (a factor of 0) is the most a lever can take away"
            )
        if lever.group is not None:
            group_index(lever.group)
        if lever.kind == "move":
            if lever.group is None or lever.to_group is None:
                raise LeverRefused(f"{who}: a move needs the group it moves from and the group it moves to")
            group_index(lever.to_group)
            if not (0 <= lever.share <= 1):
                raise LeverRefused(
                    f"{who}: a share of {lever.share:g} would make the joiners to "
                    f"{GROUPS[lever.group].lower()} negative; a share is between 0 and 1"
                )
        if lever.kind == "leavers":
            if lever.reason is not None:
                if lever.reason not in REASONS:
                    raise LeverRefused(
                        f"{who}: {lever.reason!r} is not a reason a plan ceases; the reasons are "
                        f"{', '.join(REASON_KEYS)}"
                    )
                share_of_reason = reason_share(rates, lever)
                if share_of_reason <= 0:
                    raise LeverRefused(
                        f"{who}: no ceased plans aged {lever.age_from}–{lever.age_to} because "
                        f"{REASONS[lever.reason]} in the data the model is calibrated on, so there is "
                        "nothing for this lever to change"
                    )
            ages = slice(lever.age_from, min(lever.age_to, MAX_AGE - 1) + 1)
            hazard = _leavers_changed(hazard, lever, rates, ages)
            per_age = hazard[:MAX_AGE].reshape(MAX_AGE, -1).max(axis=1)
            if (per_age > 1).any():
                worst = int(np.argmax(per_age))
                raise LeverRefused(
                    f"{who}: ceased plans at age {worst} would be {per_age[worst]:.0%} of the plans there "
                    "are; "
                    "more plans cannot cease than exist (the count would be negative)"
                )


def reason_share(rates: Rates, lever: Lever) -> float:
    """The most of the leavers at the lever's ages the reason accounts for (0 when the data have none)."""
    if rates.leaver_reasons is None:
        return 0.0
    shares = np.asarray(rates.leaver_reasons)[
        lever.age_from : lever.age_to + 1, REASON_KEYS.index(lever.reason)
    ]
    return float(shares.max()) if shares.size else 0.0


def _year_rates(rates: Rates, levers: Sequence[Lever], year: int) -> tuple[np.ndarray, np.ndarray]:
    """The joiners' weights [26, 7] (summing to the scale of joiners, not 1) and the hazard in a flow year."""
    mix = np.array(rates.joiner_mix, dtype=float)
    hazard = np.array(rates.leaver_hazard, dtype=float)
    for lever in levers:
        if year < lever.start_year:
            continue
        ages = slice(lever.age_from, lever.age_to + 1)
        if lever.kind == "joiners":
            if lever.group is None:
                mix[ages] *= lever.factor
            else:
                mix[ages, group_index(lever.group)] *= lever.factor
        elif lever.kind == "move":
            g, h = group_index(lever.group), group_index(lever.to_group)
            moved = mix[ages, g] * lever.share
            mix[ages, g] -= moved
            mix[ages, h] += moved
        else:
            hazard = _leavers_changed(hazard, lever, rates, ages)
    hazard[MAX_AGE] = 1.0
    return mix, np.clip(hazard, 0.0, 1.0)


# --- the expectation -------------------------------------------------------------------------------------


@dataclass
class Path:
    """Census years [start … start + years]; stock [years + 1, 26, 7]; flows per flow year [years, 26, 7]."""

    years: list[int]
    stock: np.ndarray
    joiners: np.ndarray
    leavers: np.ndarray
    migration: np.ndarray

    def totals(self) -> np.ndarray:
        return self.stock.sum(axis=(1, 2))

    def by_group(self) -> np.ndarray:
        return self.stock.sum(axis=1)


def _check_inputs(stock, rates, years, population) -> tuple[np.ndarray, np.ndarray | None]:
    stock = np.asarray(stock, dtype=float)
    if stock.shape != (AGES, N_GROUPS):
        raise DemandInputError(f"the stock must be {AGES} ages × {N_GROUPS} groups, not {stock.shape}")
    if (stock < 0).any() or not np.isfinite(stock).all():
        raise DemandInputError("the stock has a negative or missing count")
    if not (1 <= years <= MAX_YEARS):
        raise DemandInputError(f"years must be between 1 and {MAX_YEARS}")
    if rates.joiner_base == "population":
        if population is None:
            raise DemandInputError("joiners are a rate of population, but no population was given")
        population = np.asarray(population, dtype=float)
        if population.shape != (years, AGES):
            raise DemandInputError(f"the population must be {years} years × {AGES} ages")
    return stock, population


def _population_weights(rates: Rates, population: np.ndarray | None, k: int) -> np.ndarray | float:
    """Per age [26]: what one unit of joiner rate brings in flow year k, before the mix (population base)."""
    people = population[k]
    if rates.joiner_population is None:
        return float(people.sum())
    reference = rates.joiner_population
    ratio = np.divide(people, reference, out=np.zeros(AGES), where=reference > 0)
    return reference.sum() * ratio


def _joiners(rates: Rates, mix: np.ndarray, joiner_rate, stock_total, population, k) -> np.ndarray:
    """Expected joiners [..., 26, 7] for rates per simulation (or one) and stock totals of the same shape."""
    rate = np.asarray(joiner_rate, dtype=float)[..., None, None]
    if rates.joiner_base == "population":
        weights = _population_weights(rates, population, k)
        per_age = np.broadcast_to(np.asarray(weights, dtype=float), (AGES,))
        return rate * per_age[:, None] * mix
    return rate * np.asarray(stock_total, dtype=float)[..., None, None] * mix


def _by_group(hazard: np.ndarray) -> np.ndarray:
    """A hazard by age [26] or by age × group [26, 7], as [26, 7]."""
    return np.broadcast_to(hazard[:, None], (AGES, N_GROUPS)) if hazard.ndim == 1 else hazard


def _age(survivors: np.ndarray, movers: np.ndarray) -> np.ndarray:
    """Plans a year older, moved between groups: [..., 26, 7] → [..., 26, 7] (age 0 empty, 25 dropped)."""
    out = np.zeros_like(survivors)
    out[..., 1:, :] = np.einsum("...ag,agh->...ah", survivors[..., :MAX_AGE, :], movers)
    return out


def project(
    *,
    stock: np.ndarray,
    rates: Rates,
    start_year: int,
    years: int,
    levers: Sequence[Lever] = (),
    population: np.ndarray | None = None,
) -> Path:
    """The expected path at the central rates. ``start_year`` is the census year of ``stock`` (January)."""
    stock, population = _check_inputs(stock, rates, years, population)
    check_levers(levers, rates)
    out = np.zeros((years + 1, AGES, N_GROUPS))
    joiners, leavers, migration = (np.zeros((years, AGES, N_GROUPS)) for _ in range(3))
    out[0] = stock
    for k in range(years):
        s = out[k]
        mix, hazard = _year_rates(rates, levers, start_year + k)
        leavers[k] = s * _by_group(hazard)
        stay = s - leavers[k]
        migration[k] = stay * rates.migration_rate
        joiners[k] = _joiners(rates, mix, rates.joiner_rate, s.sum(), population, k)
        out[k + 1] = _age(stay + migration[k], rates.movers) + joiners[k]
    return Path(list(range(start_year, start_year + years + 1)), out, joiners, leavers, migration)


# --- Monte Carlo -----------------------------------------------------------------------------------------


@dataclass
class Simulation:
    """Per simulation: stock by group [n, years + 1, 7]; total joiners, leavers, migration [n, years]."""

    years: list[int]
    by_group: np.ndarray
    joiners: np.ndarray
    leavers: np.ndarray
    migration: np.ndarray
    seed: int
    parameter_uncertainty: bool
    rates_drawn: dict[str, np.ndarray] = field(default_factory=dict)

    def totals(self) -> np.ndarray:
        return self.by_group.sum(axis=2)

    def quantiles(self) -> dict[str, np.ndarray]:
        """{"p2_5": [years + 1, 7 groups + total], …} with the mean: the band per year × group and total."""
        both = np.concatenate([self.by_group, self.totals()[..., None]], axis=2).astype(float)
        out = {name: np.quantile(both, q, axis=0) for name, q in QUANTILES.items()}
        out["mean"] = both.mean(axis=0)
        return out


def _gamma(rng, mean: float, sd_ratio: float, n: int) -> np.ndarray:
    """n draws with the given mean and sd = mean × sd_ratio (the mean itself when there is no uncertainty)."""
    if mean <= 0 or sd_ratio <= 0:
        return np.full(n, max(mean, 0.0))
    shape = 1.0 / sd_ratio**2
    return rng.gamma(shape, mean / shape, size=n)


def _binomial_split(rng, counts: np.ndarray, shares: np.ndarray) -> np.ndarray:
    """Split counts [..., G] over destinations by shares [G, H] (rows sum to 1): [..., G, H], exact totals.

    Drawn only in the cells whose chance is strictly between 0 and 1 (the same cells in every simulation):
    most plans stay in their group, so most of the movers matrix is 0 or, for what is left, 1.
    """
    left = counts.astype(np.int64)
    out = np.zeros((*counts.shape, shares.shape[-1]), dtype=np.int64)
    remaining = np.ones(shares.shape[:-1])
    for h in range(shares.shape[-1] - 1):
        p = np.divide(shares[..., h], remaining, out=np.zeros_like(remaining), where=remaining > 1e-12)
        p = np.clip(p, 0.0, 1.0)
        whole, drawn = p >= 1.0, (p > 0.0) & (p < 1.0)
        if whole.any():
            out[..., whole, h] = left[..., whole]
        if drawn.any():
            out[..., drawn, h] = rng.binomial(left[..., drawn], p[drawn])
        left = left - out[..., h]
        remaining = remaining - shares[..., h]
    out[..., -1] = left
    return out


def simulate(
    *,
    stock: np.ndarray,
    rates: Rates,
    start_year: int,
    years: int,
    levers: Sequence[Lever] = (),
    population: np.ndarray | None = None,
    simulations: int = 1000,
    seed: int = 0,
    parameter_uncertainty: bool = True,
) -> Simulation:
    """``simulations`` paths of whole plans; the same seed gives the same paths."""
    stock, population = _check_inputs(stock, rates, years, population)
    check_levers(levers, rates)
    if not (1 <= simulations <= MAX_SIMULATIONS):
        raise DemandInputError(f"simulations must be between 1 and {MAX_SIMULATIONS:,}")
    if not np.allclose(stock, np.round(stock)):
        raise DemandInputError("the stock to simulate must be whole plans")
    rng = np.random.default_rng(seed)
    n = simulations
    if parameter_uncertainty:
        joiner_rate = _gamma(rng, rates.joiner_rate, rates.joiner_sd, n)
        leaver_factor = _gamma(rng, 1.0, rates.leaver_sd, n)
        migration_rate = np.maximum(rates.migration_rate + rates.migration_sd * rng.standard_normal(n), -0.99)
    else:
        joiner_rate = np.full(n, rates.joiner_rate)
        leaver_factor = np.ones(n)
        migration_rate = np.full(n, rates.migration_rate)
    s = np.broadcast_to(np.round(stock).astype(np.int64), (n, AGES, N_GROUPS)).copy()
    by_group = np.zeros((n, years + 1, N_GROUPS), dtype=np.int64)
    joined, left, migrated = (np.zeros((n, years), dtype=np.int64) for _ in range(3))
    by_group[:, 0] = s.sum(axis=1)
    for k in range(years):
        mix, hazard = _year_rates(rates, levers, start_year + k)
        h = np.clip(_by_group(hazard)[None] * leaver_factor[:, None, None], 0.0, 1.0)
        h[:, MAX_AGE] = 1.0
        leavers = rng.binomial(s, h)
        stay = s - leavers
        # Each simulation's net migration is in (Poisson) or out (binomial): only that one is drawn.
        migrants_in, migrants_out = np.zeros_like(stay), np.zeros_like(stay)
        up, down = migration_rate > 0, migration_rate < 0
        if up.any():
            migrants_in[up] = rng.poisson(migration_rate[up, None, None] * stay[up])
        if down.any():
            migrants_out[down] = rng.binomial(stay[down], -migration_rate[down, None, None])
        stay = stay + migrants_in - migrants_out
        aged = np.zeros_like(s)
        moved = _binomial_split(rng, stay[:, :MAX_AGE, :], rates.movers)  # [n, 25, 7, 7]
        aged[:, 1:, :] = moved.sum(axis=2)
        joiners = rng.poisson(_joiners(rates, mix, joiner_rate, s.sum(axis=(1, 2)), population, k))
        s = aged + joiners
        by_group[:, k + 1] = s.sum(axis=1)
        joined[:, k] = joiners.sum(axis=(1, 2))
        left[:, k] = leavers.sum(axis=(1, 2))
        migrated[:, k] = (migrants_in - migrants_out).sum(axis=(1, 2))
    drawn = {"joiner_rate": joiner_rate, "leaver_factor": leaver_factor, "migration_rate": migration_rate}
    return Simulation(
        list(range(start_year, start_year + years + 1)),
        by_group,
        joined,
        left,
        migrated,
        seed,
        parameter_uncertainty,
        drawn,
    )


def without_uncertainty(rates: Rates) -> Rates:
    return replace(rates, joiner_sd=0.0, leaver_sd=0.0, migration_sd=0.0)
