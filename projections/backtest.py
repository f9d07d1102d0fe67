"""Rolling-origin backtest of the demand model on the DfE's published series: pure, no database.

For each council and each origin census t with at least one flow year before it: calibrate on what was
published up to January t (census totals ≤ t, new and ceased plans of calendar years < t; the prior pooled
over the region's councils on the same years; the population of calibration years < t, and the projected
population of the forecast years — a projection is not an outcome), forecast t + 1 … t + 3, and compare
the total EHC plans with what the later censuses say. In the same run, two naive forecasts: last year's
growth rate carried on, and a straight line fitted to every census total up to t. Nothing is tuned on the
test years: the model's settings (window, shrinkage weights, default uncertainty) are fixed constants in
``projections.demand_calibration``.

Caveat, stated wherever the figures are shown: the release gives ages only from January 2024, new plans by
age from 2022 and ceased plans from 2022; for earlier origins the model borrows the *shape* of the first
published ages (never a level or a rate), and where no ceased plans were published up to t, the leavers are
the region's rate (or the age-25 cap) with the rest in net migration.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

from projections.demand import DemandInputError, project, simulate
from projections.demand_calibration import History, Prior, calibrate, flow_years, prior_from

HORIZONS = (1, 2, 3)
METHODS = ("model", "last_growth", "linear_trend")
METHOD_LABELS = {
    "model": "Demand model",
    "last_growth": "Naive: last year's growth",
    "linear_trend": "Naive: linear trend",
}
SIMULATIONS = 500


@dataclass(frozen=True)
class BacktestRow:
    code: str
    name: str
    origin: int
    horizon: int
    actual: float
    model: float
    p5: float
    p95: float
    last_growth: float
    linear_trend: float

    def error(self, method: str) -> float:
        """Absolute percentage error of a method's forecast."""
        return abs(getattr(self, method) - self.actual) / self.actual * 100

    @property
    def covered(self) -> bool:
        return self.p5 <= self.actual <= self.p95


def history_from(series, population: dict[int, np.ndarray] | None = None) -> History:
    """A History from the dfe reader's AreaSeries (lists become numpy arrays), with the council's population
    by mid-year → [26] ages when it is known."""

    def arrays(values: dict) -> dict:
        return {year: np.asarray(v, dtype=float) for year, v in values.items()}

    return History(
        code=series.code,
        name=series.name,
        region=getattr(series, "region", ""),
        stock=arrays(series.stock),
        stock_by_age=arrays(series.stock_by_age),
        new={y: float(v) for y, v in series.new.items()},
        new_by_group=arrays(series.new_by_group),
        new_by_age=arrays(series.new_by_age),
        ceased={y: float(v) for y, v in series.ceased.items()},
        ceased_by_age=arrays(series.ceased_by_age),
        ceased_by_reason=arrays(getattr(series, "ceased_by_reason", {})),
        ceased_by_age_reason=arrays(getattr(series, "ceased_by_age_reason", {})),
        ceased_by_setting=arrays(getattr(series, "ceased_by_setting", {})),
        notes=list(getattr(series, "setting_notes", [])),
        population=arrays(population or {}),
    )


def naive_last_growth(totals: dict[int, float], origin: int, horizon: int) -> float:
    now, before = totals[origin], totals.get(origin - 1)
    growth = now / before if before else 1.0
    return now * growth**horizon


def naive_linear_trend(totals: dict[int, float], origin: int, horizon: int) -> float:
    years = sorted(y for y in totals if y <= origin)
    if len(years) < 2:
        return totals[origin]
    slope, intercept = np.polyfit(years, [totals[y] for y in years], 1)
    return float(slope * (origin + horizon) + intercept)


def backtest_council(
    history: History,
    *,
    prior_for: Callable[[int], Prior | None],
    simulations: int = SIMULATIONS,
    seed: int = 0,
    skipped: list[str] | None = None,
) -> list[BacktestRow]:
    """Every origin of one council with at least one later census to compare with.

    An origin the model cannot calibrate is not forecast; its reason goes to ``skipped`` (never silently).
    """
    totals = {y: float(v.sum()) for y, v in history.stock.items()}
    rows: list[BacktestRow] = []
    last = max(totals, default=0)
    for origin in sorted(totals):
        if origin >= last or not flow_years(history, origin):
            continue
        horizons = [h for h in HORIZONS if origin + h in totals]
        if not horizons:
            continue
        years = max(horizons)
        try:
            fit = calibrate(history, origin=origin, prior=prior_for(origin), horizon=years)
        except DemandInputError as error:
            if skipped is not None:
                skipped.append(f"{history.name}, January {origin}: {error}")
            continue
        population = fit.population_for(years)  # projected people: not an outcome, so usable here
        path = project(
            stock=fit.stock, rates=fit.rates, start_year=origin, years=years, population=population
        )
        sim = simulate(
            stock=fit.stock,
            rates=fit.rates,
            start_year=origin,
            years=years,
            population=population,
            simulations=simulations,
            seed=seed + origin,
        )
        sim_totals = sim.totals()
        central = path.totals()
        for h in horizons:
            rows.append(
                BacktestRow(
                    code=history.code,
                    name=history.name,
                    origin=origin,
                    horizon=h,
                    actual=totals[origin + h],
                    model=float(central[h]),
                    p5=float(np.quantile(sim_totals[:, h], 0.05)),
                    p95=float(np.quantile(sim_totals[:, h], 0.95)),
                    last_growth=naive_last_growth(totals, origin, h),
                    linear_trend=naive_linear_trend(totals, origin, h),
                )
            )
    return rows


def regional_priors(histories: Iterable[History]) -> Callable[[str, int], Prior | None]:
    """prior(region, origin): pooled over the region's councils (all councils when the region is unknown)."""
    histories = list(histories)
    cache: dict[tuple[str, int], Prior | None] = {}

    def prior(region: str, origin: int) -> Prior | None:
        key = (region, origin)
        if key not in cache:
            pool = [h for h in histories if h.region == region] if region else histories
            try:
                cache[key] = prior_from(
                    pool or histories, origin=origin, name=f"the councils of {region or 'England'}"
                )
            except DemandInputError:
                cache[key] = None
        return cache[key]

    return prior


def backtest_all(
    histories: Iterable[History],
    *,
    simulations: int = SIMULATIONS,
    seed: int = 0,
    progress=None,
    skipped: list[str] | None = None,
) -> list[BacktestRow]:
    histories = list(histories)
    priors = regional_priors(histories)
    rows: list[BacktestRow] = []
    for i, history in enumerate(histories):
        rows += backtest_council(
            history,
            prior_for=lambda origin, h=history: priors(h.region, origin),
            simulations=simulations,
            seed=seed,
            skipped=skipped,
        )
        if progress:
            progress(i + 1, len(histories))
    return rows


@dataclass(frozen=True)
class Summary:
    horizon: int
    councils: int
    forecasts: int
    median_mape: dict[str, float]  # method → median over councils of the council's MAPE at this horizon
    coverage: float  # share of forecasts whose outcome fell inside p5–p95, in %


def summarise(rows: Iterable[BacktestRow]) -> list[Summary]:
    rows = list(rows)
    out = []
    for h in HORIZONS:
        at = [r for r in rows if r.horizon == h]
        if not at:
            continue
        councils = sorted({r.code for r in at})
        medians = {}
        for method in METHODS:
            per_council = [np.mean([r.error(method) for r in at if r.code == c]) for c in councils]
            medians[method] = float(np.median(per_council))
        coverage = 100 * sum(r.covered for r in at) / len(at)
        out.append(Summary(h, len(councils), len(at), medians, coverage))
    return out


def format_table(summaries: list[Summary]) -> str:
    head = f"{'years ahead':>11} {'councils':>8} {'forecasts':>9} " + " ".join(f"{m:>13}" for m in METHODS)
    lines = [head + f" {'p5–p95 cover':>12}"]
    for s in summaries:
        cells = " ".join(f"{s.median_mape[m]:>12.1f}%" for m in METHODS)
        lines.append(f"{s.horizon:>11} {s.councils:>8} {s.forecasts:>9} {cells} {s.coverage:>11.1f}%")
    return "\n".join(lines)
