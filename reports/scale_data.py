"""Synthetic councils at national scale (`generate_scale_data`), for the national overview and benchmarks.

Deterministic (seeded), so two runs produce the same figures. Councils are named "Synthetic council NNN" with
LA codes from 200 upwards and slugs `synthetic-NNN`, so they never collide with the four seed councils.
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction

from projections.models import Bound, Forecast, ForecastKind, ForecastStatus, ForecastYear, Scenario
from recovery.models import Council, LeadOfficer, PlanStatus, Programme, RecoveryPlan, Region
from workstreams.models import Milestone, Workstream, WorkstreamSaving
from workstreams.rag import Rag

WORKSTREAM_TITLES = [
    "Resource provision",
    "Inclusion framework",
    "Workforce development",
    "Digital infrastructure",
    "Early years support",
    "Post-16 pathways",
    "Alternative provision review",
    "Banding review",
]


@transaction.atomic
def generate_scale_data(*, councils: int, workstreams: int = 6, milestones: int = 8, seed: int = 2026) -> int:
    """Create (or top up to) `councils` synthetic councils; returns how many were created."""
    rng = random.Random(seed)
    existing = set(Council.objects.filter(slug__startswith="synthetic-").values_list("slug", flat=True))
    regions, programmes = list(Region), list(Programme)
    created = 0
    for n in range(1, councils + 1):
        slug = f"synthetic-{n:03d}"
        if slug in existing:
            continue
        council = Council.objects.create(
            name=f"Synthetic council {n:03d}",
            slug=slug,
            la_code=f"{199 + n:03d}",
            region=regions[n % len(regions)],
            programme=programmes[n % len(programmes)],
        )
        plan = RecoveryPlan.objects.create(
            council=council,
            title="DSG deficit management plan",
            status=PlanStatus.ACTIVE,
            first_year=2024,
            last_year=2028,
        )
        lead = LeadOfficer.objects.create(council=council, name=f"Lead {n}", initials=f"L{n}")
        _plan_contents(rng, plan, lead, workstreams, milestones)
        created += 1
    return created


def _plan_contents(rng, plan, lead, n_workstreams, n_milestones):
    ws_rows = Workstream.objects.bulk_create(
        Workstream(
            plan=plan,
            code=str(i + 1),
            title=WORKSTREAM_TITLES[i % len(WORKSTREAM_TITLES)],
            lead=lead,
            start_date=date(2024, 4, 1),
            end_date=date(2028, 3, 31),
            position=i,
        )
        for i in range(n_workstreams)
    )
    savings, milestones = [], []
    for ws in ws_rows:
        for year in range(2024, 2029):
            target = Decimal(rng.randrange(0, 400)) * 1000
            savings.append(
                WorkstreamSaving(
                    workstream=ws, financial_year=year, target=target, stretch=target * Decimal("1.2")
                )
            )
        for k in range(n_milestones):
            due = date(2024, 6, 30) + timedelta(days=90 * k + rng.randrange(0, 60))
            done = due < date(2025, 6, 1) and rng.random() < 0.6
            milestones.append(
                Milestone(
                    workstream=ws,
                    title=f"Milestone {k + 1}",
                    lead=lead,
                    baseline_due=due,
                    forecast_due=due + timedelta(days=rng.choice([0, 0, 0, 30, 90])),
                    completed_on=due if done else None,
                    rag=rng.choice([Rag.GREEN, Rag.GREEN, Rag.AMBER, Rag.RED]),
                    percent_complete=100 if done else rng.randrange(0, 90),
                    position=k,
                )
            )
    WorkstreamSaving.objects.bulk_create(savings)
    Milestone.objects.bulk_create(milestones)
    forecast = Forecast.objects.create(
        plan=plan,
        name="Synthetic forecast",
        as_at=date(2024, 6, 1),
        status=ForecastStatus.PUBLISHED,
        kind=ForecastKind.PUBLISHED_FIGURES,
        is_current=True,
        source="generate_scale_data",
    )
    opening = Decimal(rng.randrange(1, 40)) * 1_000_000
    growth = Decimal(rng.randrange(5, 25)) / 100
    rows = []
    for bound, adjust in ((Bound.UPPER, Decimal("0.05")), (Bound.LOWER, Decimal("-0.05"))):
        for scenario, mitigation in (
            (Scenario.UNMITIGATED, Decimal(0)),
            (Scenario.TARGET, Decimal("0.3")),
            (Scenario.STRETCH, Decimal("0.4")),
        ):
            value = opening
            for year in range(2024, 2029):
                rows.append(
                    ForecastYear(
                        forecast=forecast,
                        financial_year=year,
                        scenario=scenario,
                        bound=bound,
                        cumulative_deficit=value.quantize(Decimal("1")),
                    )
                )
                value = value * (1 + growth + adjust) * (1 - mitigation * (year - 2023) / 10)
    ForecastYear.objects.bulk_create(rows)
