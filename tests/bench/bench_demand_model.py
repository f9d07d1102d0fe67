"""Benchmark the demand model on the real June 2025 release (the issue's goals on this 2-core machine kind).

    python -m tests.bench.bench_demand_model      # prints the figures, exits 1 if a goal is missed

- one council (the largest) × 1,000 simulations × 10 years, age × setting group: ≤ 2 s;
- the expectation path (calibration included) for every council: ≤ 1 s;
- peak memory of the process (ru_maxrss) ≤ 500 MB.
Reads ../shared/dfe/ehcp_2025.zip when it is there, else the committed extract (fewer councils, said so).
"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

from dfe.readers.sen2_demand import read_demand_zip
from projections.backtest import history_from
from projections.demand import project, simulate
from projections.demand_calibration import calibrate, prior_from

ROOT = Path(__file__).resolve().parents[2]
FULL = ROOT.parent / "shared" / "dfe" / "ehcp_2025.zip"
EXTRACT = ROOT / "fixtures" / "dfe" / "ehcp_2025_demand.zip"
ORIGIN = 2025
GOALS = {"one council × 1,000 simulations × 10 years": 2.0, "expectation path, every council": 1.0}
MAX_MB = 500


def main() -> int:
    source = FULL if FULL.exists() else EXTRACT
    histories = [
        history_from(a)
        for a in read_demand_zip(source.read_bytes()).values()
        if a.level == "la" and ORIGIN in a.stock
    ]
    prior = prior_from(histories, origin=ORIGIN, name="England")
    largest = max(histories, key=lambda h: h.total(ORIGIN))
    fit = calibrate(largest, origin=ORIGIN, prior=prior)
    started = time.perf_counter()
    simulate(stock=fit.stock, rates=fit.rates, start_year=ORIGIN, years=10, simulations=1000, seed=1)
    one = time.perf_counter() - started
    started = time.perf_counter()
    for h in histories:
        f = calibrate(h, origin=ORIGIN, prior=prior)
        project(stock=f.stock, rates=f.rates, start_year=ORIGIN, years=10)
    every = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    figures = dict(zip(GOALS, (one, every), strict=True))
    print(
        f"{source.name}: {len(histories)} councils; "
        f"largest {largest.name} ({largest.total(ORIGIN):,.0f} plans)"
    )
    for name, seconds in figures.items():
        print(f"{name}: {seconds:.2f} s (goal ≤ {GOALS[name]:.0f} s)")
    print(f"peak memory: {peak_mb:.0f} MB (goal ≤ {MAX_MB} MB)")
    missed = [n for n, s in figures.items() if s > GOALS[n]] + (["memory"] if peak_mb > MAX_MB else [])
    return 1 if missed else 0


def test_demand_model_bench():
    assert main() == 0


if __name__ == "__main__":
    sys.exit(main())
