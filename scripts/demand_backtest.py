"""Backtest the demand model for every local authority in a real EHC plans release and print the table.

Reads the release zip with the dfe reader (no database), runs the rolling-origin backtest of
projections/backtest.py for every council (origins January 2020 … 2024, 1 to 3 years ahead) and prints median
MAPE of total EHC plans for the model and both naive forecasts, and the model's p5–p95 coverage.

Run: .venv/bin/python scripts/demand_backtest.py [../shared/dfe/ehcp_2025.zip] [--simulations 500] [--csv F]
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from dataclasses import asdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from dfe.readers.sen2_demand import read_demand_zip  # noqa: E402
from projections.backtest import SIMULATIONS, backtest_all, format_table, history_from, summarise  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    default = Path(__file__).resolve().parents[2] / "shared" / "dfe" / "ehcp_2025.zip"
    parser.add_argument("release", nargs="?", type=Path, default=default)
    parser.add_argument("--simulations", type=int, default=SIMULATIONS)
    parser.add_argument("--csv", type=Path, help="also write every forecast compared, one row each")
    args = parser.parse_args()
    started = time.perf_counter()
    areas = read_demand_zip(args.release.read_bytes(), file=args.release.name)
    histories = [history_from(a) for a in areas.values() if a.level == "la"]
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


if __name__ == "__main__":
    main()
