"""Backtest the demand model for every local authority in a real EHC plans release and print the table.

Reads the release zip with the dfe reader (no database), runs the rolling-origin backtest of
projections/backtest.py for every council (origins January 2020 … 2024, 1 to 3 years ahead) and prints median
MAPE of total EHC plans for the model and both naive forecasts, and the model's p5–p95 coverage.

With ``--population F`` (an ONS SNPP CSV, e.g. fixtures/dfe/snpp_2022_extract.csv; GSS codes matched to LA
codes with fixtures/dfe/la_codes.csv), the councils it covers have joiners per head of each age.

Run: .venv/bin/python scripts/demand_backtest.py [../shared/dfe/ehcp_2025.zip] [--simulations 500] [--csv F]
     [--population F]
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from dataclasses import asdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from dfe.readers.population import BY_AGE, read_population  # noqa: E402
from dfe.readers.sen2_demand import read_demand_zip  # noqa: E402
from projections.backtest import SIMULATIONS, backtest_all, format_table, history_from, summarise  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    default = Path(__file__).resolve().parents[2] / "shared" / "dfe" / "ehcp_2025.zip"
    parser.add_argument("release", nargs="?", type=Path, default=default)
    parser.add_argument("--simulations", type=int, default=SIMULATIONS)
    parser.add_argument("--csv", type=Path, help="also write every forecast compared, one row each")
    parser.add_argument("--population", type=Path, help="ONS population by single year of age (SNPP CSV)")
    args = parser.parse_args()
    started = time.perf_counter()
    areas = read_demand_zip(args.release.read_bytes(), file=args.release.name)
    population = population_by_la(args.population) if args.population else {}
    histories = [history_from(a, population.get(a.code)) for a in areas.values() if a.level == "la"]
    if population:
        print(f"Population by single year of age for LA codes {', '.join(sorted(population))}")
    skipped: list[str] = []
    rows = backtest_all(histories, simulations=args.simulations, skipped=skipped)
    print(
        f"{args.release.name}: {len(histories)} local authorities, {args.simulations} simulations each origin"
    )
    print("Median over councils of MAPE of total EHC plans; coverage: outcomes inside the model's p5–p95")
    print(format_table(summarise(rows)))
    print(f"({time.perf_counter() - started:.1f} s)")
    print(f"Origins not forecast ({len(skipped)}):")
    for reason in skipped:
        print(f"  {reason}")
    if args.csv:
        with args.csv.open("w", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(asdict(rows[0])))
            writer.writeheader()
            writer.writerows(asdict(r) for r in rows)


def population_by_la(path: Path) -> dict[str, dict[int, np.ndarray]]:
    """LA code → mid-year → [26] persons aged 0–25, from an SNPP CSV (GSS codes through la_codes.csv)."""
    codes = Path(__file__).resolve().parents[1] / "fixtures" / "dfe" / "la_codes.csv"
    with codes.open(newline="") as handle:
        la_of = {row["new_la_code"]: row["old_la_code"] for row in csv.DictReader(handle)}
    out: dict[str, dict[int, np.ndarray]] = {}
    for figure in read_population(path.read_bytes(), file=path.name):
        if figure.series != BY_AGE or figure.gss_code not in la_of:
            continue
        years = out.setdefault(la_of[figure.gss_code], {})
        years.setdefault(int(figure.period), np.zeros(26))[int(figure.breakdown)] = float(figure.value.number)
    return out


if __name__ == "__main__":
    main()
