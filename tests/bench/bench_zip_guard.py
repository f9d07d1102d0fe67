"""The tracker import's zip guard against uploads that expand: the extra memory it takes, at most 100 MB.

    python -m tests.bench.bench_zip_guard

Three uploads, each checked in a fresh child process that measures its peak resident memory (VmHWM) before
and after the guard:
- a "lying" zip (issue 20): a 1 MB upload whose styles part declares 1,000 bytes and expands to 1 GB
  (before the fix: about 2 GB and a 500);
- the same lie in the worksheet, in a 4 MB upload (3 MB of it an image that does not compress);
- an honest workbook at the guard's limits: parts declaring 59 MB in all, each within the ratio allowed.
Goal: each refused or passed with at most 100 MB more than the process held before.
"""

import json
import os
import struct
import subprocess
import sys
import tempfile
import zipfile

EXTRA_MB_GOAL = 100
MB = 1024 * 1024

CHILD = """
import json, os, re, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
import django
django.setup()
from spreadsheets.importer.guards import ImportRefused, check_archive
data = open(sys.argv[1], "rb").read()

def peak_mb():
    return int(re.search(r"VmHWM:\\s+(\\d+)", open("/proc/self/status").read()).group(1)) / 1024

before = peak_mb()
try:
    check_archive("plan.xlsx", data)
    outcome = "passed"
except ImportRefused as error:
    outcome = "refused: " + str(error)[:90]
except Exception as error:  # a crash is a 500 in the app: reported, and the goal missed
    outcome = "ERROR (a 500): " + type(error).__name__ + ": " + str(error)[:60]
print(json.dumps({"outcome": outcome, "extra_mb": peak_mb() - before, "upload_mb": len(data) / 2**20}))
"""


def _central_header(data: bytearray, part: str) -> int:
    at = 0
    while True:
        at = data.index(b"PK\x01\x02", at)
        name_length = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46 : at + 46 + name_length] == part.encode():
            return at
        at += 4


def lying(path: str, part: str, expands_mb: int, padding_mb: int = 0) -> None:
    """A real tracker whose ``part`` expands to ``expands_mb`` while declaring 1,000 bytes, streamed so this
    process never holds it; ``padding_mb`` of incompressible bytes brings the upload up to the limit."""
    from tests.spreadsheets.workbooks import tracker

    source = zipfile.ZipFile(__import__("io").BytesIO(tracker()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename != part:
                target.writestr(item, source.read(item.filename))
        if padding_mb:
            target.writestr("xl/media/image1.png", os.urandom(padding_mb * MB))
        with target.open(part, "w") as stream:
            stream.write(b"<a>")
            for _ in range(expands_mb):
                stream.write(b"0" * MB)
    with open(path, "r+b") as fh:
        data = bytearray(fh.read())
        central = _central_header(data, part)
        struct.pack_into("<I", data, central + 24, 1000)
        struct.pack_into("<I", data, struct.unpack_from("<I", data, central + 42)[0] + 22, 1000)
        fh.seek(0)
        fh.write(data)


def honest(path: str) -> None:
    """Within every limit: shared strings and a sheet of 29.5 MB each, compressing about 100 times."""
    from tests.spreadsheets.workbooks import tracker

    source = zipfile.ZipFile(__import__("io").BytesIO(tracker()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename != "xl/worksheets/sheet1.xml":
                target.writestr(item, source.read(item.filename))
        for name in ("xl/worksheets/sheet1.xml", "xl/sharedStrings2.xml"):
            with target.open(name, "w") as stream:
                for _ in range(59):  # 59 half-megabytes: mostly repetitive, a little random (about 100:1)
                    noise = os.urandom(5200).hex().encode()
                    stream.write((b"<c><v>1</v></c>" * 35000)[: MB // 2 - len(noise)] + noise)


def main() -> int:
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    cases = [
        (
            "1 MB upload, styles part declares 1 KB, expands to 1 GB",
            lambda p: lying(p, "xl/styles.xml", 1024),
        ),
        (
            "4 MB upload, worksheet declares 1 KB, expands to 1 GB",
            lambda p: lying(p, "xl/worksheets/sheet1.xml", 1024, padding_mb=3),
        ),
        ("honest workbook at the limits (59 MB declared)", honest),
    ]
    failures = 0
    for label, make in cases:
        path = os.path.join(tempfile.gettempdir(), "dsg-bench-zip-guard.xlsx")
        make(path)
        out = subprocess.run(
            [sys.executable, "-c", CHILD, path], capture_output=True, text=True, cwd=root, check=True
        ).stdout
        os.remove(path)
        result = json.loads(out.strip().splitlines()[-1])
        ok = result["extra_mb"] <= EXTRA_MB_GOAL and not result["outcome"].startswith("ERROR")
        failures += not ok
        print(
            f"{label}: {result['upload_mb']:.1f} MB upload, {result['outcome']}; "
            f"+{result['extra_mb']:.0f} MB peak (goal {EXTRA_MB_GOAL} MB){'' if ok else '  MISSED'}",
            flush=True,
        )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.path.insert(0, os.getcwd())
    sys.exit(main())
