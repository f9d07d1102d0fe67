"""The demand model's results in witan.send's Output_Setting / Output_Count shape (pure), for comparison.

Columns as witan.send writes them: calendar-year, setting (Output_Setting only), mean, std-dev, iqr, min,
low-95pc-bound, q1, median, q3, high-95pc-bound, max, low-ci, high-ci (the 95% interval of the *mean*, as
witan.send gives it), then ours: low-90pc-bound and high-90pc-bound (the p5–p95 band pages show).
calendar-year is the year of the January census. Settings are our seven placement groups, not witan's codes.
"""

from __future__ import annotations

import numpy as np

from projections.demand import GROUP_KEYS, Simulation

STATS = [
    "mean",
    "std-dev",
    "iqr",
    "min",
    "low-95pc-bound",
    "q1",
    "median",
    "q3",
    "high-95pc-bound",
    "max",
    "low-ci",
    "high-ci",
    "low-90pc-bound",
    "high-90pc-bound",
]


def _stats(values: np.ndarray) -> list[float]:
    v = values.astype(float)
    q = np.quantile(v, [0.025, 0.05, 0.25, 0.5, 0.75, 0.95, 0.975])
    mean, sd = float(v.mean()), float(v.std(ddof=1)) if len(v) > 1 else 0.0
    half = 1.96 * sd / np.sqrt(len(v))
    numbers = [
        mean,
        sd,
        q[4] - q[2],
        v.min(),
        q[0],
        q[2],
        q[3],
        q[4],
        q[6],
        v.max(),
        mean - half,
        mean + half,
    ]
    return [round(float(x), 2) for x in [*numbers, q[1], q[5]]]


def output_setting(sim: Simulation) -> tuple[list[str], list[list]]:
    rows = [
        [year, key, *_stats(sim.by_group[:, i, g])]
        for i, year in enumerate(sim.years)
        for g, key in enumerate(GROUP_KEYS)
    ]
    return ["calendar-year", "setting", *STATS], rows


def output_count(sim: Simulation) -> tuple[list[str], list[list]]:
    totals = sim.totals()
    return ["calendar-year", *STATS], [[year, *_stats(totals[:, i])] for i, year in enumerate(sim.years)]
