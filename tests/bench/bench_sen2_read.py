"""Reading a national SEN2 caseload file (153 LAs x 15 years, ~255,000 rows, ~35 MB) for one council.

    python -m tests.bench.bench_sen2_read

Goal: under 5 s and a peak of at most 200 MB resident in the process that reads it (a fresh child process,
so the peak is the reader's own, not the generator's). The file is read in chunks, keeping the council's rows.
"""

import json
import os
import subprocess
import sys
import tempfile

SECONDS_GOAL = 5.0
RSS_GOAL_MB = 200

CHILD = """
import json, os, re, sys, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
import django
django.setup()
from indicators.sen2 import read_sen2
data = open(sys.argv[1], "rb").read()
start = time.perf_counter()
extract = read_sen2(data, la_code="857", gss_code="E06000057", council_name="LA 57")
# VmHWM, not ru_maxrss: Linux carries ru_maxrss over exec from the parent that generated the file.
peak_kb = int(re.search(r"VmHWM:\\s+(\\d+)", open("/proc/self/status").read()).group(1))
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "years": len(extract.years), "rss_mb": peak_kb / 1024}))
"""


def write_file(path: str) -> int:
    from tests.indicators.sen2_files import row, to_csv

    rows = []
    groups = ["Mainstream school", "Special school", "Alternative provision/Pupil referral unit", "Other"]
    for la in range(153):
        code = {"new_la_code": f"E06{la:06d}", "old_la_code": f"{800 + la}", "la_name": f"LA {la}"}
        for year in range(2010, 2025):
            for plans in ("EHCP", "Statement", "Total"):
                rows.append(row(year, code, "Total", "Total", 1000, 100, plans))
                for group in groups:
                    rows.append(row(year, code, group, "Total", 100, 10, plans))
                    rows += [row(year, code, group, f"Type {t}", 20, 2, plans) for t in range(8)]
    with open(path, "wb") as fh:
        fh.write(to_csv(rows))
    return len(rows)


def main() -> int:
    path = os.path.join(tempfile.gettempdir(), "dsg-bench-sen2.csv")
    count = write_file(path)
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    out = subprocess.run(
        [sys.executable, "-c", CHILD, path], capture_output=True, text=True, cwd=root, check=True
    ).stdout
    result = json.loads(out.strip().splitlines()[-1])
    size = os.path.getsize(path) / 1e6
    print(
        f"{count:,} rows ({size:.1f} MB): {result['years']} years read in {result['seconds']:.2f} s "
        f"(goal {SECONDS_GOAL} s), peak {result['rss_mb']:.0f} MB (goal {RSS_GOAL_MB} MB)"
    )
    os.remove(path)
    return 0 if result["seconds"] <= SECONDS_GOAL and result["rss_mb"] <= RSS_GOAL_MB else 1


if __name__ == "__main__":
    sys.path.insert(0, os.getcwd())
    sys.exit(main())
