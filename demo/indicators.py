"""Demo indicators from fixtures/demo/indicators/<slug>.json (transcribed from the seeds), loaded through the
services exactly as an officer would enter them. Each file says in its "invented" list what is invented.

Idempotent: an indicator the plan already has (same name) is left as it is, with its targets and values, so a
second run changes nothing and what officers recorded since is never reset.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction

from indicators.models import Availability, Indicator, ValueKind
from indicators.services import IndicatorDetails, indicator_create, target_set, value_record
from recovery.models import RecoveryPlan
from workstreams.models import Workstream

DEMO_DIR = Path(settings.BASE_DIR) / "fixtures" / "demo" / "indicators"


def read_indicator_fixture(slug: str) -> dict | None:
    path = DEMO_DIR / f"{slug}.json"
    if not path.is_file():
        return None
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def _decimal(text) -> Decimal | None:
    return None if text in (None, "") else Decimal(str(text))


@transaction.atomic
def load_demo_indicators(plan: RecoveryPlan, slug: str) -> list[Indicator]:
    """Create the fixture's indicators the plan does not have yet; return the new ones."""
    data = read_indicator_fixture(slug)
    if data is None:
        return []
    workstreams = {ws.code: ws for ws in Workstream.objects.filter(plan=plan)}
    created = []
    for entry in data["indicators"]:
        if Indicator.objects.filter(plan=plan, name=entry["name"]).exists():
            continue
        baseline = entry.get("baseline") or {}
        indicator = indicator_create(
            plan=plan,
            user=None,
            details=IndicatorDetails(
                name=entry["name"],
                unit=entry["unit"],
                direction=entry["direction"],
                period_type=entry["period_type"],
                workstream=workstreams.get(entry.get("workstream") or ""),
                baseline_period=baseline.get("period", ""),
                baseline_value=_decimal(baseline.get("value")),
                source=entry.get("source", ""),
                notes=entry.get("notes", ""),
                sen2_measure=entry.get("sen2_measure", ""),
            ),
        )
        for target in entry.get("targets", []):
            target_set(
                indicator=indicator,
                user=None,
                period=target["period"],
                value=Decimal(target["value"]),
                amber_tolerance=_decimal(target.get("amber")) or Decimal(0),
                red_tolerance=_decimal(target.get("red")) or Decimal(0),
            )
        for value in entry.get("values", []):
            value_record(
                indicator=indicator,
                user=None,
                period=value["period"],
                value=_decimal(value.get("value")),
                availability=value.get("availability", Availability.VALUE),
                kind=value.get("kind", ValueKind.ACTUAL),
                note=value.get("note", ""),
                source=entry.get("source", "") if entry.get("sen2_measure") else "",
            )
        created.append(indicator)
    return created
