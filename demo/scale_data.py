"""Synthetic councils at national scale (`generate_scale_data`), for the national overview and benchmarks.

Deterministic (seeded), so two runs produce the same figures. Councils are named "Synthetic council NNN"
with slugs `synthetic-NNN` and the LA codes from 200 upwards that no council has yet, so they never collide
with the seed councils nor with the DfE's list of every council (`import_dfe la_codes.csv`), whichever was
loaded first.

The defaults are the national scale the benchmarks use: 12 workstreams x 10 milestones, most milestones with
one or two recorded updates (the RAG history), and two published forecasts (the current one and the one
before it) of 3 scenarios x 2 bounds x 10 years with High Needs funding. Everything is written with
bulk_create, a council at a time, so 153 councils take seconds, not minutes.
"""

import random
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from agreements.models import Agreement, AgreementKind
from projections.models import Bound, Forecast, ForecastKind, ForecastStatus, ForecastYear, Scenario
from projections.stored_figures import stored_figures_refresh
from recovery.models import Council, LeadOfficer, PlanStatus, Programme, RecoveryPlan, Region
from reports.summaries import summaries_refresh
from workstreams.models import Milestone, MilestoneUpdate, Workstream, WorkstreamSaving
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


FIRST_YEAR, YEARS = 2024, 10
UPDATE_AUTHOR = "synthetic-updates"


@transaction.atomic
def generate_scale_data(
    *, councils: int, workstreams: int = 12, milestones: int = 10, seed: int = 2026
) -> int:
    """Create (or top up to) `councils` synthetic councils; returns how many were created."""
    rng = random.Random(seed)
    author, _ = get_user_model().objects.get_or_create(
        username=UPDATE_AUTHOR,
        defaults={"first_name": "Synthetic", "last_name": "officer", "is_active": False},
    )
    existing = set(Council.objects.filter(slug__startswith="synthetic-").values_list("slug", flat=True))
    regions, programmes = list(Region), list(Programme)
    taken = set(Council.objects.values_list("la_code", flat=True))
    free_codes = (code for code in (f"{n:03d}" for n in range(200, 1000)) if code not in taken)
    created_ids = []
    for n in range(1, councils + 1):
        slug = f"synthetic-{n:03d}"
        if slug in existing:
            continue
        council = Council.objects.create(
            name=f"Synthetic council {n:03d}",
            slug=slug,
            la_code=next(free_codes),
            region=regions[n % len(regions)],
        )
        plan = RecoveryPlan.objects.create(
            council=council,
            title="DSG deficit management plan",
            status=PlanStatus.ACTIVE,
            first_year=FIRST_YEAR,
            last_year=FIRST_YEAR + 4,
        )
        _programme_agreement(council, plan, programmes[n % len(programmes)])
        lead = LeadOfficer.objects.create(council=council, name=f"Lead {n}", initials=f"L{n}")
        _plan_contents(rng, plan, lead, workstreams, milestones, author)
        created_ids.append(council.pk)
    # Written in bulk, past the services: the national overview's summaries and the dashboards' stored
    # forecast figures are built here (reports.summaries, projections.stored_figures).
    summaries_refresh(council_ids=created_ids)
    stored_figures_refresh(council_ids=created_ids)
    return len(created_ids)


def _programme_agreement(council, plan, programme: str) -> None:
    """A council's programme is derived from its agreements: a synthetic council in one gets a synthetic
    agreement of that kind (no trajectory, payments or conditions)."""
    if programme == Programme.NONE:
        return
    kind = AgreementKind.SAFETY_VALVE if programme == Programme.SAFETY_VALVE else AgreementKind.DBV
    Agreement.objects.create(
        council=council,
        plan=plan,
        kind=kind,
        title=f"Synthetic {AgreementKind(kind).label}",
        agreed_on=date(FIRST_YEAR, 3, 31),
        first_year=FIRST_YEAR,
        last_year=FIRST_YEAR + (4 if kind == AgreementKind.SAFETY_VALVE else 1),
        dfe_contribution=Decimal(20_000_000 if kind == AgreementKind.SAFETY_VALVE else 1_000_000),
    )


def _plan_contents(rng, plan, lead, n_workstreams, n_milestones, author):
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
    _update_history(rng, milestones, author)
    opening = Decimal(rng.randrange(1, 40)) * 1_000_000
    growth = Decimal(rng.randrange(5, 25)) / 100
    funding = Decimal(rng.randrange(30, 150)) * 1_000_000
    # The forecast before the current one: a little more optimistic, so the overview shows a real change.
    for as_at, current, drift in ((date(2023, 11, 1), False, Decimal("0.97")), (date(2024, 6, 1), True, 1)):
        _forecast(plan, as_at, current, opening * drift, growth * drift, funding)


def _update_history(rng, milestones, author):
    """One or two recorded updates for most milestones: old and new RAG, as officers would have made them."""
    rags = [Rag.GREEN, Rag.GREEN, Rag.AMBER, Rag.RED]
    updates = []
    for m in milestones:
        previous = rng.choice(rags)
        for k in range(rng.choice([0, 1, 1, 2])):
            new = m.rag if k == 0 else rng.choice(rags)
            day = m.baseline_due - timedelta(days=rng.randrange(10, 120) + 60 * k)
            updates.append(
                MilestoneUpdate(
                    milestone=m,
                    author=author,
                    created_at=timezone.make_aware(
                        datetime.combine(day, datetime.min.time().replace(hour=10))
                    ),
                    old_rag=previous,
                    new_rag=new,
                    old_percent_complete=0,
                    new_percent_complete=m.percent_complete,
                    old_forecast_due=m.baseline_due,
                    new_forecast_due=m.forecast_due,
                    commentary="Progress recorded for the termly return.",
                )
            )
            previous = new
    MilestoneUpdate.objects.bulk_create(updates)


def _forecast(plan, as_at, current, opening, growth, funding):
    forecast = Forecast.objects.create(
        plan=plan,
        name="Synthetic forecast" if current else "Synthetic forecast (previous)",
        as_at=as_at,
        status=ForecastStatus.PUBLISHED,
        kind=ForecastKind.PUBLISHED_FIGURES,
        is_current=current,
        source="generate_scale_data",
        first_year=FIRST_YEAR,
        last_year=FIRST_YEAR + YEARS - 1,
        has_bounds=True,
    )
    rows = []
    for bound, adjust in ((Bound.UPPER, Decimal("0.05")), (Bound.LOWER, Decimal("-0.05"))):
        for scenario, mitigation in (
            (Scenario.UNMITIGATED, Decimal(0)),
            (Scenario.TARGET, Decimal("0.3")),
            (Scenario.STRETCH, Decimal("0.4")),
        ):
            value = opening
            for t, year in enumerate(range(FIRST_YEAR, FIRST_YEAR + YEARS)):
                rows.append(
                    ForecastYear(
                        forecast=forecast,
                        financial_year=year,
                        scenario=scenario,
                        bound=bound,
                        funding=(funding * Decimal("1.03") ** t).quantize(Decimal("1")),
                        cumulative_deficit=value.quantize(Decimal("1")),
                    )
                )
                value = value * (1 + growth + adjust) * (1 - mitigation * (t + 1) / 20)
    ForecastYear.objects.bulk_create(rows)
