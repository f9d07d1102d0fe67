"""Benchmark the projection engine at national scale: every council with a high-needs budget at once.

    python -m tests.bench.bench_projection_engine         # prints one line, exits 1 if over target
    pytest tests/bench/bench_projection_engine.py         # the same, as a test (named bench_*, so the
                                                          # normal suite, python_files = test_*.py, skips it)

The baseline is a naive row-by-row pure-Python version of the same computation, timed in the same run and
checked to give exactly the same numbers, so the figure printed is a like-for-like ratio on this machine.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable, Sequence
from decimal import Decimal

from projections.engine import (
    COLUMNS,
    PROVISION_TYPES,
    SCENARIOS,
    SINGLE,
    ExpenditureLine,
    ProjectionInput,
    WorkstreamSaving,
    financial_years,
    format_financial_year,
    parse_financial_year,
    project_many,
    round_pound,
)

PLANS = 153  # councils with a high-needs budget (DESIGN.md, Scale)
YEARS = 10
WORKSTREAMS = ("Resource provision", "Inclusion framework", "Workforce development", "Digital infrastructure")
TARGET_SECONDS = 1.0
REPEATS = 5


def synthetic_plans(count: int = PLANS, seed: int = 2026) -> list[ProjectionInput]:
    """Deterministic plans shaped like the seeds: 6 lines, 4 workstreams' savings, upper/lower bounds."""
    rng = random.Random(seed)

    def pounds(low: int, high: int) -> Decimal:
        return Decimal(rng.randint(low * 100, high * 100)) / 100

    def rate(low_per_mille: int, high_per_mille: int) -> Decimal:
        return Decimal(rng.randint(low_per_mille, high_per_mille)) / 1000

    plans = []
    for _ in range(count):
        first = rng.choice(["2023-24", "2024-25", "2025-26"])
        years = financial_years(first, YEARS)
        lines = {
            key: ExpenditureLine(
                places=Decimal(rng.randint(20, 3_000)),
                unit_cost=pounds(2_000, 80_000),
                places_growth=rate(-20, 120),
                unit_cost_growth=rate(0, 60),
            )
            for key in PROVISION_TYPES
        }
        savings = []
        for workstream in WORKSTREAMS:
            for year in years[1:]:
                target = pounds(0, 2_000_000)
                savings.append(WorkstreamSaving(workstream, year, target, target + pounds(0, 500_000)))
        spread = rate(10, 30)
        plans.append(
            ProjectionInput(
                first_year=first,
                years=YEARS,
                opening_deficit=pounds(-5_000_000, 80_000_000),
                funding=pounds(10_000_000, 150_000_000),
                funding_growth=rate(0, 50),
                transfers={year: pounds(0, 3_000_000) for year in rng.sample(years, 3)},
                lines=lines,
                savings=savings,
                success_rate=Decimal(rng.choice([50, 60, 75, 80, 90, 100])) / 100,
                bounds={"upper": spread, "lower": -spread},
            )
        )
    return plans


def row_loop_projection(plans: Sequence[ProjectionInput]) -> list[tuple]:
    """The same model, one output row at a time, in plain Python floats and ints.

    It repeats the engine's float operations in the same order (growth by repeated multiplication, lines
    summed in PROVISION_TYPES order), so the two must agree to the pound, not just approximately.
    """
    rows = []
    for plan_index, plan in enumerate(plans):
        start = parse_financial_year(plan.first_year)
        bounds = list(plan.bounds.items()) or [(SINGLE, Decimal(0))]
        opening = round_pound(float(plan.opening_deficit))
        for bound, adjustment in bounds:
            for scenario in SCENARIOS:
                cumulative = opening
                for t in range(plan.years):
                    year = format_financial_year(start + t)
                    factor = 1.0
                    for _ in range(t):
                        factor *= 1.0 + float(plan.funding_growth)
                    funding = round_pound(float(plan.funding) * factor + float(plan.transfers.get(year, 0)))
                    spend_pounds = 0.0
                    for key in PROVISION_TYPES:
                        line = plan.lines.get(key)
                        if line is None:
                            continue
                        places_factor = cost_factor = 1.0
                        for _ in range(t):
                            places_factor *= 1.0 + (float(line.places_growth) + float(adjustment))
                            cost_factor *= 1.0 + (float(line.unit_cost_growth) + float(adjustment))
                        spend_pounds += (float(line.places) * places_factor) * (
                            float(line.unit_cost) * cost_factor
                        )
                    saved = Decimal(0)
                    if scenario != "unmitigated":
                        for saving in plan.savings:
                            if saving.year == year:
                                saved += saving.target if scenario == "target" else saving.stretch
                    savings = (
                        round_pound(float(saved) * float(plan.success_rate))
                        if scenario != "unmitigated"
                        else 0
                    )
                    spend = round_pound(spend_pounds) - savings
                    in_year = spend - funding
                    cumulative += in_year
                    rows.append(
                        (plan_index, year, scenario, bound, funding, spend, savings, in_year, cumulative)
                    )
    return rows


def best_of(repeats: int, function: Callable[[], object]) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeats):
        started = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - started)
    return best, result


def run() -> tuple[float, float]:
    """Time both, check they agree, return (vectorised seconds, baseline seconds)."""
    plans = synthetic_plans()
    vectorised, frame = best_of(REPEATS, lambda: project_many(plans))
    baseline, rows = best_of(REPEATS, lambda: row_loop_projection(plans))
    engine_rows = list(zip(*(frame[column].tolist() for column in ("plan", *COLUMNS)), strict=True))
    assert len(engine_rows) == PLANS * len(SCENARIOS) * 2 * YEARS, len(engine_rows)
    assert engine_rows == rows, "the vectorised engine and the row-loop baseline disagree"
    return vectorised, baseline


def main() -> int:
    vectorised, baseline = run()
    verdict = "PASS" if vectorised <= TARGET_SECONDS else "FAIL"
    print(
        f"projection engine, {PLANS} plans x {len(SCENARIOS)} scenarios x 2 bounds x {YEARS} years: "
        f"{vectorised:.3f} s (vectorised) vs {baseline:.3f} s (row loop baseline) "
        f"= {vectorised / baseline:.3f}x; "
        f"target <= {TARGET_SECONDS:g} s: {verdict}"
    )
    return 0 if verdict == "PASS" else 1


def test_it_projects_every_council_within_the_target():
    vectorised, _ = run()
    assert vectorised <= TARGET_SECONDS


if __name__ == "__main__":
    sys.exit(main())
