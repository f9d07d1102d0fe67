"""`make bench`: run every tests/bench/bench_*.py module in its own process; non-zero if any misses its goal.

Each in its own process because each sets up Django its own way (test settings on SQLite, production
settings behind gunicorn on PostgreSQL).
"""

import subprocess
import sys
from pathlib import Path


def main() -> int:
    failures = 0
    for path in sorted(Path(__file__).parent.glob("bench_*.py")):
        print(f"== {path.stem}", flush=True)
        failures += bool(subprocess.run([sys.executable, "-m", f"tests.bench.{path.stem}"]).returncode)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
