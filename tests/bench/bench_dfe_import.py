"""Importing the DfE's June 2025 EHC plans release zip (../shared/dfe/ehcp_2025.zip, 4 MB zipped, 46 MB of
CSV) for every council, after the LA list, into a fresh SQLite database, through `import_dfe`.

    python -m tests.bench.bench_dfe_import

Goal (issue 19): at most 20 s and a peak of at most 400 MB resident in the importing process.
"""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SECONDS_GOAL = 20.0
RSS_GOAL_MB = 400
ROOT = Path(__file__).resolve().parents[2]
RELEASE = ROOT.parent / "shared" / "dfe" / "ehcp_2025.zip"

CHILD = """
import os, re, sys, time
import django
django.setup()
from django.core.management import call_command
start = time.perf_counter()
call_command("import_dfe", sys.argv[1], stdout=open(os.devnull, "w"))
seconds = time.perf_counter() - start
peak_kb = int(re.search(r"VmHWM:\\s+(\\d+)", open("/proc/self/status").read()).group(1))
print(f"{seconds} {peak_kb / 1024}")
"""


def main() -> int:
    if not RELEASE.is_file():
        print(f"skipped: {RELEASE} is not here (download the release zip there to run this bench)")
        return 0
    with tempfile.TemporaryDirectory() as folder:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3",
            "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        }
        python = sys.executable
        subprocess.run([python, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
        subprocess.run(
            [python, "manage.py", "import_dfe", "fixtures/dfe/la_codes.csv"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        started = time.perf_counter()
        out = subprocess.run(
            [python, "-c", CHILD, str(RELEASE)], cwd=ROOT, env=env, check=True, capture_output=True, text=True
        ).stdout
        wall = time.perf_counter() - started
    seconds, rss = (float(x) for x in out.strip().splitlines()[-1].split())
    print(
        f"ehcp_2025.zip, 153 councils: imported in {seconds:.1f} s ({wall:.1f} s with start-up; goal "
        f"{SECONDS_GOAL:.0f} s), peak {rss:.0f} MB (goal {RSS_GOAL_MB} MB)"
    )
    return 0 if wall <= SECONDS_GOAL and rss <= RSS_GOAL_MB else 1


if __name__ == "__main__":
    sys.exit(main())
