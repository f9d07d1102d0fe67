"""Calibrate the demand model from the DfE's published SEN2 series: pure numpy, no database.

"Calibrated from published totals", not "observed transitions": the stock by age × group at each January,
new plans (total, by age when plan started, by setting) and ceased plans (total, by age) per calendar year.

Rates are those of the last ``WINDOW`` flow years that end at or before the origin census (never later years),
shrunk towards a prior (the region's or the nation's rates, pooled over their councils, same years): a rate is
(council's count + ``RATE_WEIGHT`` × prior rate) / (council's exposure + ``RATE_WEIGHT``), and a mix of shares
(ages, groups) is (counts + ``SHARE_WEIGHT`` × prior shares) / (count + ``SHARE_WEIGHT``). So a council with
few plans leans on its region; a large council is mostly itself. The weights and the default uncertainty were
set once, before any backtest was run, and are not tuned on it.

Uncertainty: each rate's sd is the council's year-to-year variation pooled with its region's (the mean of the
region's councils' own variances). Where no council of the region has two years up to the origin, the spread
of the councils' single yearly rates stands in for it (``_within_var``; an upper bound), not the default.

Joiners are a rate of the population of each age where the council's ONS population by single year of age
covers a calibration year and every forecast year (``population``: mid-year Y, the people of the calendar
year Y whose new plans join at the January Y + 1 census): the new plans per plan in stock, shrunk as above,
times the plans in stock per head in the calibration years that have population, spread over ages as the
new plans' ages are — so each age has its own rate per head, and a shrinking or growing cohort changes
demand. Population projections are not outcomes: the forecast years' projected population may be used in a
backtest; calibration reads only years up to the origin. Where there is no population, joiners are a rate of
the plans in stock and ``Calibration.joiner_basis`` says so.

Net migration is the residual each year: next January − (this January + new − ceased). Where the ceased plans
of a year are not published, the leavers the model expects (at least the age-25 cap) stand in, and the note
says so. Every year's residual is kept in ``Calibration.flows`` and becomes the net migration rate.

Leavers by reason (``Calibration.reasons``): each reason's share of the ceased plans at each age, from the
"Age plan ceased" rows by reason (2023 on) where the council's window has them, shrunk towards the region's
shares at that age like the other mixes; at an age no row gives (the reasons of neither the council nor the
region), the overall shares (the LA total rows, shrunk the same way). The shares describe the hazard; they
do not change it: the central line is the same with or without them. A lever on one reason scales only its
part of the hazard (``projections.demand.leavers_scaled``).

Leavers by last setting (``Calibration.settings``): each group's share of the ceased plans by the setting
the plan was last in (the DfE's "Type of placement" rows, 2023 on, not crossed with age), over the window,
shrunk towards the region's shares like the other mixes. Where the council's window has none (every origin
before January 2024, or a council without the rows), the region's shares stand in; where the region has
none either, the hazard stays by age alone. The notes say which. The age hazard h[a] becomes an age × group
hazard H[a, g] = h[a] × r[a] × m[g], r and m fitted by iterative proportional fitting (``_setting_hazard``)
over the origin's stock S[a, g] so that, at that stock:

- preserved: the expected leavers at each age, Σ_g S[a, g] H[a, g] = S_a h[a], so their total (and the
  age-25 cap, every plan at 25 leaves whatever its group);
- matched: each group's share of the expected leavers, Σ_a S[a, g] H[a, g], to the shares above, to the
  fit's tolerance; not where the cap alone gives a group more than its share (its fitted part is then 0),
  where a group has no plans below 25 to leave, or where a hazard meets ``MAX_HAZARD`` (clipped);
- not preserved: the leavers of later years. The projected stock's mix of groups at each age drifts from
  the origin's, so the total leavers (and the central line's total) move by how far a group with a higher
  hazard grows or shrinks. The Monte Carlo bounds use the same hazard; the reason shares are unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from projections.demand import (
    AGES,
    MAX_AGE,
    N_GROUPS,
    REASON_KEYS,
    REASONS,
    DemandInputError,
    Rates,
    movers_from_profile,
)

WINDOW = 3
RATE_WEIGHT = 1000.0  # plan-years of prior exposure
SHARE_WEIGHT = 200.0  # plans of prior mix
PRIOR_YEARS = 2.0  # how many years' worth of variance the prior's variance counts for
DEFAULT_SD = {"joiner": 0.10, "leaver": 0.15, "migration": 0.01}
MAX_HAZARD = 0.95
MAX_NEW_SHARE = 0.5  # new plans in a year above half of January's plans: an error in the file, not a year
SOURCE = "calibrated from published totals (DfE SEN2), not observed transitions"
AGE_BANDS = {"Under 5": (0, 4), "5–10": (5, 10), "11–15": (11, 15), "16–19": (16, 19), "20–25": (20, 25)}
HORIZON = 10  # forecast years calibrate checks the population covers (the app runs 10 years)
AS_COUNT = "Joiners as a count: no population figures for this council"


@dataclass
class History:
    """One council's (or region's, or England's) published series; census Januaries or calendar years.

    stock: census year → [7] plans by group; stock_by_age: census year → [26, 7]; new: calendar year → plans;
    new_by_group: → [7]; new_by_age: → [26]; ceased: calendar year → plans; ceased_by_age: → [26];
    ceased_by_reason: → [10] ceased plans by reason (``projections.demand.REASON_KEYS`` order);
    ceased_by_age_reason: → [26, 10] (the ages of the DfE's "Age plan ceased" rows, 2023 on);
    ceased_by_setting: → [7] ceased plans by the group of the last setting ("Type of placement", 2023 on).
    notes: what reading the series found that calibration should say (a placement label not known).
    """

    code: str
    name: str
    stock: dict[int, np.ndarray] = field(default_factory=dict)
    stock_by_age: dict[int, np.ndarray] = field(default_factory=dict)
    new: dict[int, float] = field(default_factory=dict)
    new_by_group: dict[int, np.ndarray] = field(default_factory=dict)
    new_by_age: dict[int, np.ndarray] = field(default_factory=dict)
    ceased: dict[int, float] = field(default_factory=dict)
    ceased_by_age: dict[int, np.ndarray] = field(default_factory=dict)
    region: str = ""
    population: dict[int, np.ndarray] = field(default_factory=dict)  # mid-year → [26] people aged 0–25
    ceased_by_reason: dict[int, np.ndarray] = field(default_factory=dict)
    ceased_by_age_reason: dict[int, np.ndarray] = field(default_factory=dict)
    ceased_by_setting: dict[int, np.ndarray] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def has_population(self, year: int) -> bool:
        people = self.population.get(year)
        return people is not None and np.asarray(people).shape == (AGES,) and bool((people > 0).all())

    def total(self, year: int) -> float:
        return float(self.stock[year].sum())


@dataclass
class Prior:
    joiner_rate: float
    leaver_rate: float
    migration_rate: float
    joiner_var: float  # relative
    leaver_var: float  # relative
    migration_var: float
    profile: np.ndarray  # [26, 7] shares
    new_age: np.ndarray  # [26] shares
    new_group: np.ndarray  # [7] shares
    ceased_age: np.ndarray  # [26] shares
    name: str = "prior"
    ceased_reason: np.ndarray | None = None  # [10] ceased plans by reason, pooled counts
    ceased_age_reason: np.ndarray | None = None  # [26, 10] the same by age
    ceased_setting: np.ndarray | None = None  # [7] ceased plans by the group of the last setting, pooled


@dataclass
class SettingFit:
    """Leavers by last setting: the shares (council's, region's, used) and what the age × group hazard gives.

    own, prior: [7] shares of the ceased plans by last setting (None where there are no rows); used: the
    shares the hazard was fitted to (the council's shrunk towards the region's, or the region's); basis:
    "council" or "region"; by_age, by_group: [7] expected leavers at the origin's stock with the age hazard
    alone and with the age × group hazard (the same total); years: the calendar years of the rows;
    prior_name: whose shares the prior's are ("the councils of the region").
    """

    own: np.ndarray | None
    prior: np.ndarray | None
    used: np.ndarray
    basis: str
    by_age: np.ndarray
    by_group: np.ndarray
    years: list[int]
    prior_name: str = ""

    def multipliers(self) -> np.ndarray:
        """Per group: its expected leavers with the age × group hazard ÷ with the age hazard alone."""
        return np.divide(self.by_group, self.by_age, out=np.full(N_GROUPS, np.nan), where=self.by_age > 0)

    def rows(self) -> list[dict]:
        """Per group, as the page and workbook list it (shares as fractions; None where there are none)."""
        from projections.demand import GROUP_KEYS, GROUPS

        multipliers = self.multipliers()
        return [
            {
                "key": key,
                "label": GROUPS[key],
                "own": None if self.own is None else float(self.own[g]),
                "prior": None if self.prior is None else float(self.prior[g]),
                "used": float(self.used[g]),
                "by_age": float(self.by_age[g]),
                "by_group": float(self.by_group[g]),
                "multiplier": None if np.isnan(multipliers[g]) else float(multipliers[g]),
            }
            for g, key in enumerate(GROUP_KEYS)
        ]


@dataclass
class Calibration:
    rates: Rates
    stock: np.ndarray  # [26, 7] whole plans at the origin census
    origin: int
    years_used: list[int]
    flows: list[dict]  # per flow year: year, start, new, ceased (or None), leavers used, migration, end
    notes: list[str]
    source: str = SOURCE
    joiner_basis: str = AS_COUNT
    population: np.ndarray | None = None  # [horizon, 26]: people per age in each forecast flow year
    reasons: np.ndarray | None = None  # [26, 10]: each reason's share of the ceased plans at each age
    reasons_overall: np.ndarray | None = None  # [10]: the same over all ages (the LA total rows)
    reason_years: list[int] = field(default_factory=list)  # calendar years the shares come from
    settings: SettingFit | None = None  # leavers by last setting: the shares and the hazard's fit

    def reason_rows(self) -> list[dict]:
        """The shares as the page lists them: per reason, over all ages and in each DfE age group (the
        ages' shares weighted by the plans the model expects to cease there; the age-25 cap left out)."""
        if self.reasons is None or self.reasons_overall is None:
            return []
        hazard = np.asarray(self.rates.leaver_hazard)
        leaving = (self.stock * (hazard if hazard.ndim == 2 else hazard[:, None])).sum(axis=1)
        leaving[MAX_AGE] = 0.0
        bands = []
        for first, last in AGE_BANDS.values():
            weights = leaving[first : last + 1]
            shares = self.reasons[first : last + 1]
            bands.append(
                weights @ shares / weights.sum() if weights.sum() > 0 else np.full(len(REASON_KEYS), np.nan)
            )
        return [
            {
                "key": key,
                "label": REASONS[key],
                "overall": float(self.reasons_overall[r]),
                "bands": [None if np.isnan(b[r]) else float(b[r]) for b in bands],
            }
            for r, key in enumerate(REASON_KEYS)
        ]

    @property
    def per_head(self) -> bool:
        return self.rates.joiner_base == "population"

    def population_for(self, years: int) -> np.ndarray | None:
        """The population the model's ``years`` flow years need (None when joiners are a rate of stock)."""
        if self.population is None:
            return None
        if years > len(self.population):
            raise DemandInputError(
                f"the population was read for {len(self.population)} forecast years, not {years}"
            )
        return self.population[:years]


def _shrink_rate(count: float, exposure: float, prior: float | None) -> float:
    if prior is None:
        return count / exposure if exposure > 0 else 0.0
    return (count + RATE_WEIGHT * prior) / (exposure + RATE_WEIGHT)


def _shrink_shares(counts: np.ndarray | None, prior: np.ndarray | None) -> np.ndarray | None:
    if counts is None and prior is None:
        return None
    if counts is None or counts.sum() <= 0:
        return None if prior is None else prior / prior.sum()
    if prior is None or prior.sum() <= 0:
        return counts / counts.sum()
    mixed = counts + SHARE_WEIGHT * prior / prior.sum()
    return mixed / mixed.sum()


def _pooled_var(values: Sequence[float], prior: float) -> float:
    k = len(values)
    observed = float(np.var(values, ddof=1)) if k >= 2 else 0.0
    return ((k - 1) * observed + PRIOR_YEARS * prior) / ((k - 1) + PRIOR_YEARS)


def _nearest(series: dict[int, np.ndarray], origin: int) -> tuple[int, np.ndarray] | None:
    """The latest entry at or before the origin; else the earliest after it (a shape only, noted)."""
    usable = {y: v for y, v in series.items() if np.asarray(v).sum() > 0}  # an all-suppressed census: none
    before = [y for y in usable if y <= origin]
    if before:
        return max(before), usable[max(before)]
    if usable:
        return min(usable), usable[min(usable)]
    return None


def whole_plans(stock: np.ndarray, totals: np.ndarray) -> np.ndarray:
    """Round a [26, 7] array to whole plans keeping each group's total (largest remainders)."""
    out = np.floor(stock).astype(np.int64)
    for g in range(stock.shape[1]):
        short = int(round(totals[g])) - int(out[:, g].sum())
        if short > 0:
            order = np.argsort(-(stock[:, g] - out[:, g]), kind="stable")[:short]
            out[order, g] += 1
    return out


def stock_at(history: History, year: int, profile: np.ndarray) -> np.ndarray:
    """[26, 7] plans at a census: published by age where it is, else each group spread by the age profile."""
    published = history.stock_by_age.get(year)
    if published is not None and np.asarray(published).sum() > 0:  # all suppressed: spread the totals
        return np.asarray(published, dtype=float)
    totals = history.stock[year]
    overall = profile.sum(axis=1)
    spread = np.zeros((AGES, N_GROUPS))
    for g in range(N_GROUPS):
        column = profile[:, g] if profile[:, g].sum() > 0 else overall
        spread[:, g] = totals[g] * column / column.sum() if column.sum() > 0 else 0.0
    return whole_plans(spread, totals).astype(float)


def _rake(seed: np.ndarray, rows: np.ndarray, cols: np.ndarray, rounds: int = 50) -> np.ndarray:
    """Iterative proportional fitting of seed [26, 7] to row and column shares."""
    m = seed + 1e-12
    for _ in range(rounds):
        m *= (rows / np.maximum(m.sum(axis=1), 1e-300))[:, None]
        m *= (cols / np.maximum(m.sum(axis=0), 1e-300))[None, :]
    return m / m.sum()


def implausible_new(history: History) -> list[int]:
    """Years whose published new plans exceed MAX_NEW_SHARE of January's plans: an error in the file.

    The June 2025 release gives 6,078 new plans in 2022 for each of Calderdale, North and North East
    Lincolnshire and York (a regional figure in LA rows; their setting columns add to a few hundred).
    """
    return [
        y
        for y, new in sorted(history.new.items())
        if y in history.stock and new > MAX_NEW_SHARE * history.total(y)
    ]


def flow_years(history: History, origin: int) -> list[int]:
    """Calendar years Y with January Y and Y + 1 censuses and new plans, Y + 1 ≤ origin; the last WINDOW.

    A year with implausible new plans (``implausible_new``) is left out, and calibration says so.
    """
    bad = set(implausible_new(history))
    years = [
        y
        for y in sorted(history.new)
        if y + 1 <= origin and y in history.stock and y + 1 in history.stock and y not in bad
    ]
    return years[-WINDOW:]


def calibrate(
    history: History, *, origin: int, prior: Prior | None = None, horizon: int = HORIZON
) -> Calibration:
    """The rates and the origin's stock of a council, from its series up to the January ``origin`` census;
    joiners per head of population when it covers a calibration year and the ``horizon`` forecast years."""
    name = history.name
    if not history.stock:
        raise DemandInputError(f"{name}: there are no SEN2 figures (EHC plans by setting) for this council")
    if origin not in history.stock:
        have = ", ".join(str(y) for y in sorted(history.stock))
        raise DemandInputError(f"{name}: no January {origin} census of EHC plans (there are: {have})")
    years = flow_years(history, origin)
    if not years:
        raise DemandInputError(
            f"{name}: the model needs two January censuses and the new plans of the year between, up to "
            f"January {origin}; the new plans are published for {sorted(history.new) or 'no year'}"
        )
    notes: list[str] = [
        f"New plans of {y} ({history.new[y]:,.0f} against {history.total(y):,.0f} plans in January) are left "
        "out: more than half the caseload joining in a year is an error in the published file"
        for y in implausible_new(history)
        if y + 1 <= origin
    ]
    found = _nearest(history.stock_by_age, origin)
    if found is not None:
        year, profile = found
        profile = np.asarray(profile, dtype=float)
        if year > origin:
            notes.append(
                f"Ages within each group follow January {year} (no earlier census by age): a shape only"
            )
        if prior is not None:
            profile = profile + SHARE_WEIGHT * prior.profile
    elif prior is not None:
        profile = prior.profile * 1000.0
        notes.append(f"No census by age for {name}: ages within each group follow {prior.name}")
    else:
        raise DemandInputError(f"{name}: no census gives EHC plans by age, and no prior was given")
    stock = stock_at(history, origin, profile)
    # Joiners: how many (a rate of the stock), at what ages, in which groups.
    new = sum(history.new[y] for y in years)
    exposure = sum(history.total(y) for y in years)
    joiner_rate = _shrink_rate(new, exposure, prior.joiner_rate if prior else None)
    yearly_joiners = [history.new[y] / history.total(y) for y in years]
    new_age_counts = _window_sum(history.new_by_age, years, origin)
    if new_age_counts is None:
        notes.append("No published ages of new plans up to the origin: the prior's ages are used")
    new_age = _shrink_shares(new_age_counts, prior.new_age if prior else None)
    if new_age is None:
        new_age = profile.sum(axis=1) / profile.sum()
        notes.append("New plans' ages follow the stock's ages")
    new_group_counts = _window_sum(history.new_by_group, years, origin)
    new_group = _shrink_shares(new_group_counts, prior.new_group if prior else None)
    stock_mix = profile / np.maximum(profile.sum(axis=1, keepdims=True), 1e-300)
    if new_group is None:
        new_group = profile.sum(axis=0) / profile.sum()
    joiner_mix = _rake(new_age[:, None] * stock_mix, new_age, new_group)
    # Leavers: the yearly ceased rate over the ages as published; the age-25 cap on top of it.
    ceased_years = [y for y in years if y in history.ceased]
    shape = profile.sum(axis=1) / profile.sum()
    ceased_age_counts = _window_sum(history.ceased_by_age, ceased_years or years, origin)
    ceased_age = _shrink_shares(ceased_age_counts, prior.ceased_age if prior else None)
    if ceased_years:
        ceased = sum(history.ceased[y] for y in ceased_years)
        leaver_rate = _shrink_rate(
            ceased, sum(history.total(y) for y in ceased_years), prior.leaver_rate if prior else None
        )
        yearly_leavers = [history.ceased[y] / history.total(y) for y in ceased_years]
    elif prior is not None:
        leaver_rate, yearly_leavers = prior.leaver_rate, []
        notes.append(f"No ceased plans published for {years}: leavers follow {prior.name}")
    else:
        leaver_rate, yearly_leavers = shape[MAX_AGE], []
        notes.append(
            f"No ceased plans published for {years}: leavers are the age-25 cap only; the other ceased plans "
            "are in net migration"
        )
    hazard = _hazard(leaver_rate, shape, ceased_age)
    # Net migration: what new − ceased does not explain, each year.
    flows, residuals, exposures = [], [], []
    for y in years:
        start = stock_at(history, y, profile) if y != origin else stock
        expected = float((start * hazard[:, None]).sum())
        leavers = history.ceased.get(y, expected)
        stay = history.total(y) - leavers
        migration = history.total(y + 1) - history.total(y) - history.new[y] + leavers
        residuals.append(migration)
        exposures.append(stay)
        flows.append(
            {
                "year": y,
                "start": history.total(y),
                "new": history.new[y],
                "ceased": history.ceased.get(y),
                "leavers": leavers,
                "migration": migration,
                "end": history.total(y + 1),
            }
        )
    migration_rate = _shrink_rate(sum(residuals), sum(exposures), prior.migration_rate if prior else None)
    yearly_migration = [r / e for r, e in zip(residuals, exposures, strict=True) if e > 0]
    joiner_var = _pooled_var(
        [r / joiner_rate for r in yearly_joiners] if joiner_rate else [],
        prior.joiner_var if prior else DEFAULT_SD["joiner"] ** 2,
    )
    leaver_var = _pooled_var(
        [r / leaver_rate for r in yearly_leavers] if leaver_rate else [],
        prior.leaver_var if prior else DEFAULT_SD["leaver"] ** 2,
    )
    migration_var = _pooled_var(
        yearly_migration, prior.migration_var if prior else DEFAULT_SD["migration"] ** 2
    )
    per_head = _per_head(history, years, origin, horizon, joiner_rate)
    reasons, overall, reason_years = _reason_shares(history, years, origin, prior)
    notes.extend(history.notes)
    leaver_hazard, settings = _by_setting(history, years, origin, prior, hazard, stock, notes)
    try:
        rates = Rates(
            joiner_rate=per_head["rate"],
            joiner_base=per_head["base"],
            joiner_population=per_head["reference"],
            joiner_mix=joiner_mix,
            leaver_hazard=leaver_hazard,
            migration_rate=migration_rate,
            movers=movers_from_profile(profile),
            joiner_sd=float(np.sqrt(joiner_var + 1.0 / max(new, 1.0))),
            leaver_sd=float(np.sqrt(leaver_var)),
            migration_sd=float(np.sqrt(migration_var)),
            leaver_reasons=reasons,
        )
    except DemandInputError as error:
        raise DemandInputError(f"{name}, calibrated up to January {origin}: {error}") from None
    return Calibration(
        rates,
        stock,
        origin,
        years,
        flows,
        notes,
        joiner_basis=per_head["basis"],
        population=per_head["path"],
        reasons=reasons,
        reasons_overall=overall,
        reason_years=reason_years,
        settings=settings,
    )


def _by_setting(
    history: History,
    years: list[int],
    origin: int,
    prior: Prior | None,
    hazard: np.ndarray,
    stock: np.ndarray,
    notes: list[str],
) -> tuple[np.ndarray, SettingFit | None]:
    """The leaver hazard by age × group fitted to the shares of the ceased plans by last setting (the
    council's shrunk towards the region's; the region's; or none: the age hazard as it is), and the fit."""
    counts = _window_sum(history.ceased_by_setting, years, origin)
    own = counts / counts.sum() if counts is not None and counts.sum() > 0 else None
    around = prior.ceased_setting if prior is not None else None
    prior_shares = around / around.sum() if around is not None and around.sum() > 0 else None
    if own is None and prior_shares is None:
        notes.append(
            f"No ceased plans by last setting up to January {origin} (the DfE publishes them from 2023): "
            "leavers depend on age alone, the same in every setting group"
        )
        return hazard, None
    if own is None:
        basis, used = "region", prior_shares
        notes.append(
            f"No ceased plans by last setting for {history.name} up to January {origin}: the leavers' "
            f"settings follow {prior.name}"
        )
        used_years = []
    else:
        basis, used = "council", _shrink_shares(counts, around)
        used_years = sorted(
            {y for y in years if y in history.ceased_by_setting}
            or {max(y for y in history.ceased_by_setting if y < origin)}
        )
    by_group_hazard, fit_notes = _setting_hazard(hazard, stock, used)
    notes.extend(fit_notes)
    fit = SettingFit(
        own=own,
        prior=prior_shares,
        used=used,
        basis=basis,
        by_age=(stock * hazard[:, None]).sum(axis=0),
        by_group=(stock * by_group_hazard).sum(axis=0),
        years=used_years,
        prior_name=prior.name if prior is not None else "",
    )
    return by_group_hazard, fit


SETTING_ROUNDS = 50
SETTING_TOLERANCE = 1e-2  # plans


def _setting_hazard(hazard: np.ndarray, stock: np.ndarray, shares: np.ndarray) -> tuple[np.ndarray, list]:
    """[26] × the origin's stock [26, 7] → [26, 7]: the same expected leavers at each age, each group's share
    of them as ``shares`` where it can be, and notes where it cannot (see the module's docstring).

    Iterative proportional fitting of the expected leavers L[a, g] (seed S[a, g] × h[a], ages below 25) to the
    ages' leavers and the groups' targets: first uncapped, on the two vectors (L = seed × r[a] × m[g]);
    where a cell passes ``MAX_HAZARD`` of its plans, capped rounds follow, each scaling each group to its
    target, then each age back to its leavers over the cells not held at their cap, until no cell moves by
    ``SETTING_TOLERANCE``; every age's leavers are made exact at the end. H = L / S where there are plans;
    where a cell has none yet, h[a] × the group's fitted multiplier (capped)."""
    from projections.demand import GROUPS

    names = list(GROUPS.values())
    notes = []
    cap = stock[MAX_AGE]  # every plan at 25 leaves, whatever its group
    total = float(stock.sum(axis=1) @ hazard)
    wanted = shares * total - cap
    over = [names[g].lower() for g in range(N_GROUPS) if wanted[g] < -0.5]
    if over:
        notes.append(
            "Leavers by last setting: the age-25 cap alone gives more leavers than the published share in "
            f"{', '.join(over)}; no others are expected to leave there"
        )
    wanted = np.maximum(wanted, 0.0)
    below = stock[:MAX_AGE]
    seed = below * hazard[:MAX_AGE, None]
    rows = seed.sum(axis=1)
    present = seed.sum(axis=0) > 0
    empty = [names[g].lower() for g in range(N_GROUPS) if wanted[g] > 0.5 and not present[g]]
    if empty:
        notes.append(
            f"Leavers by last setting: no plans below 25 that could leave in {', '.join(empty)}, so its "
            "share of the ceased plans cannot be met there"
        )
    wanted = np.where(present, wanted, 0.0)
    flat = np.broadcast_to(hazard[:, None], (AGES, N_GROUPS)).copy()
    if wanted.sum() <= 0 or rows.sum() <= 0:
        return flat, notes
    cols = wanted * rows.sum() / wanted.sum()
    room = MAX_HAZARD * below
    fitted = _rake_vectors(seed, rows, cols)
    for _ in range(SETTING_ROUNDS if (fitted > room + 1e-9).any() else 0):  # only where a cap binds
        got = fitted.sum(axis=0)
        before = np.minimum(fitted * np.divide(cols, got, out=np.ones(N_GROUPS), where=got > 0), room)
        fitted, before = _fill_rows(before, rows, room, seed, passes=1), fitted
        if np.abs(fitted - before).max() < SETTING_TOLERANCE:
            break  # a round changes no cell by a hundredth of a plan: as fitted as the caps allow
    fitted = _fill_rows(fitted, rows, room, seed)  # every age's leavers exactly, whatever the rounds left
    short = cols - fitted.sum(axis=0)
    if (np.abs(short) > np.maximum(0.01 * cols, 0.5)).any():
        notes.append(
            f"Leavers by last setting: with no more than {MAX_HAZARD:.0%} of a group's plans at an age "
            "leaving in a year, the groups' shares are met only in part"
        )
    by_age = seed.sum(axis=0)
    multiplier = np.divide(fitted.sum(axis=0), by_age, out=np.ones(N_GROUPS), where=by_age > 0)
    out = flat
    out[:MAX_AGE] = np.where(
        below > 0,
        np.divide(fitted, below, out=np.zeros_like(fitted), where=below > 0),
        np.minimum(hazard[:MAX_AGE, None] * multiplier[None, :], MAX_HAZARD),
    )
    out[MAX_AGE] = 1.0
    return out, notes


def _rake_vectors(seed: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Uncapped IPF as seed × r[a] × m[g], iterating the two vectors only (cheap: no 25 × 7 array a round)."""
    r, m = np.ones(len(rows)), np.ones(len(cols))
    for _ in range(SETTING_ROUNDS * 4):
        got = r @ seed
        m = np.divide(cols, got, out=np.ones(len(cols)), where=got > 0)
        got = seed @ m
        r = np.divide(rows, got, out=np.ones(len(rows)), where=got > 0)
        if np.abs((r @ seed) * m - cols).max() < SETTING_TOLERANCE:
            break
    return seed * r[:, None] * m[None, :]


def _fill_rows(
    fitted: np.ndarray, rows: np.ndarray, room: np.ndarray, seed: np.ndarray, passes: int = N_GROUPS + 1
) -> np.ndarray:
    """Scale each age's cells to its leavers, filling the cells not held at their room (water-filling: a
    cell that reaches its room is held and the rest take what is left; an age with too many is scaled
    down as a whole). An age whose free cells were all
    scaled to nothing starts again from the seed's shape. The ages' leavers always fit: h[a] ≤ MAX_HAZARD."""
    got = fitted.sum(axis=1)
    over = got > rows  # too many: scaling down keeps every cell within its room
    fitted = np.where(
        over[:, None], fitted * np.divide(rows, got, out=np.zeros(MAX_AGE), where=over)[:, None], fitted
    )
    for _ in range(passes):
        held = fitted >= room - 1e-9
        need = rows - np.where(held, fitted, 0.0).sum(axis=1)
        free = np.where(held, 0.0, fitted)
        shape = np.where((free.sum(axis=1) > 0)[:, None], free, np.where(held, 0.0, seed))
        total = shape.sum(axis=1)
        scale = np.divide(np.maximum(need, 0.0), total, out=np.zeros(MAX_AGE), where=total > 0)
        fitted = np.where(held, fitted, np.minimum(shape * scale[:, None], room))
        if np.abs(fitted.sum(axis=1) - rows).max() < 1e-9:
            break
    return fitted


def _reason_shares(
    history: History, years: list[int], origin: int, prior: Prior | None
) -> tuple[np.ndarray | None, np.ndarray | None, list[int]]:
    """[26, 10] each reason's share of the ceased plans at each age, [10] over all ages, and the years."""
    overall = _shrink_shares(
        _window_sum(history.ceased_by_reason, years, origin), prior.ceased_reason if prior else None
    )
    if overall is None:
        return None, None, []
    counts = _window_sum(history.ceased_by_age_reason, years, origin)
    prior_counts = prior.ceased_age_reason if prior else None
    shares = np.tile(overall, (AGES, 1))
    for a in range(AGES):
        own = counts[a] if counts is not None and counts[a].sum() > 0 else None
        around = prior_counts[a] if prior_counts is not None and prior_counts[a].sum() > 0 else None
        mixed = _shrink_shares(own, around)
        if mixed is not None:
            shares[a] = mixed
    used = sorted(
        {y for y in years if y in history.ceased_by_reason} | _years_or_latest(history, years, origin)
    )
    return shares, overall, used


def _years_or_latest(history: History, years: list[int], origin: int) -> set[int]:
    inside = {y for y in years if y in history.ceased_by_reason}
    if inside:
        return inside
    before = [y for y in history.ceased_by_reason if y < origin]
    return {max(before)} if before else set()


def _per_head(history: History, years: list[int], origin: int, horizon: int, joiner_rate: float) -> dict:
    """Joiners per head of each age where the population allows, else per plan in stock, and why."""
    as_stock = {"rate": joiner_rate, "base": "stock", "reference": None, "path": None, "basis": AS_COUNT}
    if not history.population:
        return as_stock
    known = sorted(y for y in history.population if history.has_population(y))
    span = f"{known[0]}–{known[-1]}" if known else "no year"
    used = [y for y in years if history.has_population(y)]
    if not used:
        return as_stock | {
            "basis": f"Joiners as a count: the population figures ({span}) cover none of the years "
            f"calibrated on ({years[0]}–{years[-1]})"
        }
    ahead = list(range(origin, origin + horizon))
    missing = [y for y in ahead if not history.has_population(y)]
    if missing:
        return as_stock | {
            "basis": f"Joiners as a count: the population figures ({span}) do not cover the forecast years "
            f"{missing[0]}–{missing[-1]}"
        }
    people = sum(float(history.population[y].sum()) for y in used)
    plans = sum(history.total(y) for y in used)
    reference = np.mean([history.population[y] for y in used], axis=0)
    rate = joiner_rate * plans / people
    return {
        "rate": rate,
        "base": "population",
        "reference": reference,
        "path": np.array([history.population[y] for y in ahead], dtype=float),
        "basis": (
            f"Joiners as a rate of the population of each age: {rate * 10_000:.1f} new plans a year per "
            f"10,000 people aged 0–25 (population of {', '.join(str(y) for y in used)}; ONS population "
            f"{span})"
        ),
    }


def _window_sum(series: dict[int, np.ndarray], years: Sequence[int], origin: int) -> np.ndarray | None:
    inside = [np.asarray(series[y], dtype=float) for y in years if y in series]
    if inside:
        return np.sum(inside, axis=0)
    before = [y for y in series if y < origin]
    return np.asarray(series[max(before)], dtype=float) if before else None


def _hazard(leaver_rate: float, shape: np.ndarray, ceased_age: np.ndarray | None) -> np.ndarray:
    """Per census age: the ceased plans the rate gives, less the age-25 cap, spread as ceased plans' ages."""
    hazard = np.zeros(AGES)
    hazard[MAX_AGE] = 1.0
    others = max(leaver_rate - shape[MAX_AGE], 0.0)
    if ceased_age is None:
        weights = shape[:MAX_AGE].copy()
    else:
        weights = np.asarray(ceased_age[:MAX_AGE], dtype=float).copy()
    if weights.sum() <= 0:
        return hazard
    leaving = others * weights / weights.sum()
    hazard[:MAX_AGE] = np.minimum(
        np.divide(leaving, shape[:MAX_AGE], out=np.zeros(MAX_AGE), where=shape[:MAX_AGE] > 0), MAX_HAZARD
    )
    return hazard


def prior_from(histories: Sequence[History], *, origin: int, name: str = "the region") -> Prior:
    """Rates and mixes pooled over councils (their own flow years up to ``origin``): the shrinkage target."""
    new = exposure = ceased = ceased_exposure = 0.0
    joiner_rates, leaver_rates, migration_rates = [], [], []
    profile = np.zeros((AGES, 7))
    new_age, new_group, ceased_age = np.zeros(AGES), np.zeros(7), np.zeros(AGES)
    ceased_reason, ceased_age_reason = np.zeros(len(REASON_KEYS)), np.zeros((AGES, len(REASON_KEYS)))
    ceased_setting = np.zeros(N_GROUPS)
    residual = stay = 0.0
    for h in histories:
        years = flow_years(h, origin)
        if not years:
            continue
        found = _nearest(h.stock_by_age, origin)
        if found is not None:
            profile += found[1]
        for values, target in (
            (h.new_by_age, new_age),
            (h.new_by_group, new_group),
            (h.ceased_by_age, ceased_age),
            (h.ceased_by_reason, ceased_reason),
            (h.ceased_by_age_reason, ceased_age_reason),
            (h.ceased_by_setting, ceased_setting),
        ):
            got = _window_sum(values, years, origin)
            if got is not None:
                target += got
        own_j, own_l, own_m = [], [], []
        for y in years:
            total = h.total(y)
            if total <= 0:
                continue
            new += h.new[y]
            exposure += total
            own_j.append(h.new[y] / total)
            if y in h.ceased:
                ceased += h.ceased[y]
                ceased_exposure += total
                own_l.append(h.ceased[y] / total)
            out = h.ceased.get(y, 0.0)
            residual += h.total(y + 1) - total - h.new[y] + out
            stay += total - out
            own_m.append((h.total(y + 1) - total - h.new[y] + out) / max(total - out, 1.0))
        joiner_rates.append(own_j)
        leaver_rates.append(own_l)
        migration_rates.append(own_m)
    if exposure <= 0:
        raise DemandInputError(f"{name}: no council has the figures to calibrate on up to January {origin}")
    j = new / exposure
    lv = ceased / ceased_exposure if ceased_exposure else 0.0
    return Prior(
        joiner_rate=j,
        leaver_rate=lv,
        migration_rate=residual / stay if stay else 0.0,
        joiner_var=_within_var(joiner_rates, j, DEFAULT_SD["joiner"] ** 2, relative=True),
        leaver_var=_within_var(leaver_rates, lv, DEFAULT_SD["leaver"] ** 2, relative=True),
        migration_var=_within_var(migration_rates, 1.0, DEFAULT_SD["migration"] ** 2, relative=False),
        profile=profile / profile.sum() if profile.sum() else np.full((AGES, 7), 1.0 / (AGES * 7)),
        new_age=new_age if new_age.sum() else np.full(AGES, 1.0 / AGES),
        new_group=new_group if new_group.sum() else np.full(7, 1.0 / 7),
        ceased_age=ceased_age if ceased_age.sum() else np.full(AGES, 1.0 / AGES),
        name=name,
        ceased_reason=ceased_reason if ceased_reason.sum() else None,
        ceased_age_reason=ceased_age_reason if ceased_age_reason.sum() else None,
        ceased_setting=ceased_setting if ceased_setting.sum() else None,
    )


def _within_var(per_council: list[list[float]], scale: float, default: float, *, relative: bool) -> float:
    """The mean within-council variance of yearly rates (relative to the pooled rate if asked).

    When no council has two years up to the origin (the first origin of a series), the year-to-year
    variation cannot be told apart from the differences between councils: the spread of the councils' one
    year of rates around each other stands in for it (an upper bound: it holds both). ``default`` — a guess —
    only when fewer than two councils have a rate at all.
    """
    if scale <= 0:
        return default
    variances = [np.var(v, ddof=1) for v in per_council if len(v) >= 2]
    if variances:
        v = float(np.mean(variances))
    else:
        single = [x for rates in per_council for x in rates]
        if len(single) < 2:
            return default
        v = float(np.var(single, ddof=1))
    return v / scale**2 if relative else v
