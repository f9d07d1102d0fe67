"""Cut the real extract the demand model's tests use: fixtures/dfe/ehcp_2025_demand.zip (OGL v3.0).

From ../shared/dfe/ehcp_2025.zip (the EHC plans release of June 2025, as downloaded): caseload.csv ("All EHC
plans" and "Child or young persons age"), newplans.csv ("New EHC plans" and "Age when plan started") and
ceased_plans.csv ("All ceased EHC plans", "Age plan ceased" and "Type of placement", the last setting, 2023
on), for England, the regions of the kept
councils and the councils kept by scripts/cut_dfe_extracts.py plus every council of the South West and West
Midlands (so regional priors pool over real councils). Rows are copied byte for byte.

Run: .venv/bin/python scripts/cut_demand_extract.py [--shared ../shared/dfe]
"""

from __future__ import annotations

import argparse
import io
import sys
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cut_dfe_extracts import CODES, OUT, _entry, keep_lines  # noqa: E402

REGIONS = {"South West", "West Midlands"}
TOPICS = {
    "data/caseload.csv": {"All EHC plans", "Child or young persons age"},
    "data/newplans.csv": {"New EHC plans", "Age when plan started"},
    "data/ceased_plans.csv": {"All ceased EHC plans", "Age plan ceased", "Type of placement"},
}


def keep(row: dict, wanted: set[str]) -> bool:
    if row.get("breakdown_topic", "") not in wanted:
        return False
    level = row.get("geographic_level", "")
    if level == "National":
        return True
    if level == "Regional":
        return row.get("region_name", "") in REGIONS
    return level == "Local authority" and (
        row.get("old_la_code", "").strip() in CODES or row.get("region_name", "") in REGIONS
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "dfe")
    args = parser.parse_args()
    archive = zipfile.ZipFile(args.shared / "ehcp_2025.zip")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zipped:
        for name, wanted in TOPICS.items():
            zipped.writestr(_entry(name), keep_lines(archive.read(name), lambda r, w=wanted: keep(r, w)))
    (OUT / "ehcp_2025_demand.zip").write_bytes(out.getvalue())


if __name__ == "__main__":
    main()
