"""The national workbook at 153 councils x 12 workstreams x 10 milestones, against raw openpyxl.

    python -m tests.bench.bench_national_export

Baseline, measured in the same run: the same querysets read and the same cell values appended with openpyxl's
write-only mode and nothing else (no formats, fills or widths). Goal: our export takes at most 1.5 times the
baseline, and the process that writes it peaks at no more than 300 MB resident. Each export runs in a fresh
child process, so the peak is the export's own, not the data generator's.
"""

import json
import os
import subprocess
import sys
import tempfile
import time

RATIO_GOAL = 1.5
RSS_GOAL_MB = 300
REPEATS = 3


def setup_database() -> dict:
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings.test")
    if "DATABASE_URL" not in env:
        path = os.path.join(tempfile.gettempdir(), "dsg-bench-national.sqlite3")
        if os.path.exists(path):
            os.remove(path)
        env["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    call_command(
        "generate_scale_data", "--councils", "153", "--workstreams", "12", "--milestones", "10",
        stdout=open(os.devnull, "w"),  # noqa: SIM115
    )  # fmt: skip
    return env


def child(kind: str) -> None:
    """In a fresh process: write the workbook one way, print seconds and peak RSS as JSON."""
    import resource

    import django

    django.setup()
    from openpyxl import Workbook

    from spreadsheets.exports.national import NationalExport
    from spreadsheets.writer import to_workbook

    start = time.perf_counter()
    if kind == "ours":
        data = to_workbook(NationalExport(), write_only=True)
    else:
        wb = Workbook(write_only=True)
        for sheet in NationalExport().sheets():
            ws = wb.create_sheet(sheet.title)
            ws.append([c.header for c in sheet.columns])
            for row in sheet.rows:
                ws.append([getattr(v, "value", v) for v in row])
        path = os.path.join(tempfile.gettempdir(), "dsg-bench-raw.xlsx")
        wb.save(path)
        data = open(path, "rb").read()  # noqa: SIM115
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, "bytes": len(data)}))


def run_child(kind: str, env: dict) -> dict:
    output = subprocess.run(
        [sys.executable, "-m", "tests.bench.bench_national_export", "--child", kind],
        env=env, check=True, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    return json.loads(output.stdout.strip().splitlines()[-1])


def main() -> int:
    env = setup_database()
    from workstreams.models import Milestone

    milestones = Milestone.objects.count()
    raw = min((run_child("raw", env) for _ in range(REPEATS)), key=lambda r: r["seconds"])
    ours = min((run_child("ours", env) for _ in range(REPEATS)), key=lambda r: r["seconds"])
    ratio = ours["seconds"] / raw["seconds"]
    print(f"national_export_milestones: {milestones} rows (1.0)")
    print(f"raw_openpyxl_write_only: {raw['seconds']:.2f} s (1.0)")
    print(f"national_export: {ours['seconds']:.2f} s ({ratio:.2f})")
    print(
        f"national_export_peak_rss: {ours['peak_mb']:.0f} MB "
        f"({ours['peak_mb'] / RSS_GOAL_MB:.2f} of {RSS_GOAL_MB} MB)"
    )
    print(f"national_export_size: {ours['bytes'] / 1024:.0f} KB ({ours['bytes'] / raw['bytes']:.2f})")
    missed = []
    if ratio > RATIO_GOAL:
        missed.append(f"national export is {ratio:.2f}x raw openpyxl (goal <= {RATIO_GOAL})")
    if ours["peak_mb"] > RSS_GOAL_MB:
        missed.append(f"national export peaked at {ours['peak_mb']:.0f} MB (goal <= {RSS_GOAL_MB} MB)")
    for line in missed:
        print(f"MISSED: {line}")
    return 1 if missed else 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        child(sys.argv[2])
    else:
        sys.exit(main())
