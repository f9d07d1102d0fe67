"""`make bench`: run every tests/bench/bench_*.py module's main(); non-zero if any misses its target."""

import importlib
import pkgutil
import sys
from pathlib import Path


def main() -> int:
    failures = 0
    for module in sorted(pkgutil.iter_modules([str(Path(__file__).parent)]), key=lambda m: m.name):
        if not module.name.startswith("bench_"):
            continue
        print(f"== {module.name}", flush=True)
        result = importlib.import_module(f"tests.bench.{module.name}").main()
        failures += bool(result)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
