"""Load the demo data (fixtures/demo/<slug>.json, transcribed from the seed papers) and the demo users.

It lives in `reports`, the top layer, because it writes to every app. Idempotent: every row is found by its
natural key and only saved when a value differs, so a second run changes nothing (and writes no history).
It never deletes: what users added on top of the demo data stays, and milestones' progress (RAG, dates,
commentary) is only set when a milestone is first created, so officers' updates survive a second run.
"""

import json
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.utils import timezone

from accounts.models import Membership, Role
from core.financial_years import parse_fy
from demo.agreements import load_agreements
from demo.dsg import load_dsg_ledger
from demo.forecasts import load_projection_inputs
from demo.indicators import load_demo_indicators
from forum.models import ForumMeeting
from forum.services.meetings import meeting_create
from indicators.models import Indicator
from projections.demand_services import LeverDetails, demand_lever_add
from projections.models import Actual, Forecast, ForecastKind, ForecastYear
from recovery.models import Council, LeadOfficer, RecoveryPlan, Region
from recovery.selectors import plan_for_council
from reports import services as report_services
from reports.models import ForumReport, ReportStatus
from workstreams.models import Category, Milestone, Workstream, WorkstreamSaving

PUBLISHED = ReportStatus.PUBLISHED
DEMO_DIR = Path(settings.BASE_DIR) / "fixtures" / "demo"
DEMO_SLUGS = ["rutland", "wiltshire", "warwickshire", "stockton-on-tees"]
DEMO_PASSWORD = "dsg-demo-2026"  # noqa: S105 - published demo password, only where load_demo ran
DEMO_ROLES = {
    "officer": Role.OFFICER,
    "finance": Role.FINANCE,
    "forum": Role.FORUM,
    "admin": Role.COUNCIL_ADMIN,
}


@dataclass
class LoadCounts:
    """Rows per model for one council, as present after loading (not as created)."""

    council: str
    counts: dict[str, int] = field(default_factory=dict)


def upsert(model: type[models.Model], lookup: dict, values: dict) -> models.Model:
    """Find by `lookup`, create with `values`, or save only the fields that differ."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **values)
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
    return obj


def create_once(model: type[models.Model], lookup: dict, values: dict) -> models.Model:
    """Find by `lookup`, or create with `values`; an existing row is left exactly as it is."""
    return model.objects.filter(**lookup).first() or model.objects.create(**lookup, **values)


def _money(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def _date(value) -> date | None:
    return date.fromisoformat(value) if value else None


def demo_address(lead: dict, slug: str) -> str:
    """A lead's email at <slug>.example.org: the demo sends reminders, and never to a real council."""
    local = (lead.get("email") or "").partition("@")[0] or ".".join(lead["name"].lower().split())
    return f"{local}@{slug}.example.org"


def read_fixture(slug: str) -> dict:
    with open(DEMO_DIR / f"{slug}.json", encoding="utf-8") as fh:
        return json.load(fh)


@transaction.atomic
def load_council(data: dict) -> Council:
    c = data["council"]
    council = upsert(
        Council,
        {"slug": c["slug"]},
        {
            "name": c["name"],
            "la_code": c["la_code"],
            "gss_code": c.get("gss_code") or "",
            # The fixtures name the region as the papers do ("East Midlands"): store its key.
            "region": next((r.value for r in Region if c["region"] in (r.value, r.label)), c["region"]),
        },
    )
    p = data["plan"]
    plan = upsert(
        RecoveryPlan,
        {"council": council, "title": p["title"]},
        {
            "status": p["status"],
            "first_year": parse_fy(p["first_year"]),
            "last_year": parse_fy(p["last_year"]),
            "annual_investment": _money(p.get("annual_investment")),
            "success_rate": Decimal(str(p.get("success_rate") or "0.75")),
            "approved_on": _date(p.get("approved_on")),
        },
    )
    categories = {
        name: upsert(Category, {"plan": plan, "name": name}, {"position": position})
        for position, name in enumerate(data.get("categories", []), start=1)
    }
    leads = {
        lead["initials"]: upsert(
            LeadOfficer,
            {"council": council, "initials": lead["initials"]},
            {
                "name": lead["name"],
                "job_title": lead.get("job_title") or "",
                "email": demo_address(lead, c["slug"]),
            },
        )
        for lead in data.get("leads", [])
    }
    for position, ws in enumerate(data.get("workstreams", []), start=1):
        workstream = upsert(
            Workstream,
            {"plan": plan, "code": ws["code"]},
            {
                "title": ws["title"],
                "category": categories.get(ws.get("category")),
                "description": ws.get("description") or "",
                "expected_outcomes": ws.get("expected_outcomes") or "",
                "risks": ws.get("risks") or "",
                "lead": leads.get(ws.get("lead")),
                "start_date": _date(ws.get("start_date")),
                "end_date": _date(ws.get("end_date")),
                "investment": _money(ws.get("investment")),
                "position": position,
            },
        )
        for saving in ws.get("savings", []):
            upsert(
                WorkstreamSaving,
                {"workstream": workstream, "financial_year": parse_fy(saving["year"])},
                {
                    "target": _money(saving["target"]) or Decimal(0),
                    "stretch": _money(saving["stretch"]) or Decimal(0),
                },
            )
        for m_position, ms in enumerate(ws.get("milestones", []), start=1):
            # Once loaded, a milestone's progress belongs to the officers: a second run never resets it
            # (that would bypass the version check and the update history).
            milestone = create_once(
                Milestone,
                {"workstream": workstream, "title": ms["title"]},
                {
                    "lead": leads.get(ms.get("lead")),
                    "start_date": _date(ms.get("start_date")),
                    "baseline_due": _date(ms.get("baseline_due")),
                    "forecast_due": _date(ms.get("forecast_due")),
                    "completed_on": _date(ms.get("completed_on")),
                    "rag": ms.get("rag") or "",
                    "percent_complete": int(ms.get("percent_complete") or 0),
                    "commentary": ms.get("commentary") or "",
                    "position": m_position,
                    # As the seed paper left it: last updated before the last Forum, so the demo's
                    # update return and reminders have something to ask for.
                    "updated_at": timezone.now() - timedelta(days=LAST_UPDATED_DAYS_AGO),
                },
            )
            # The plan's facts (not progress) follow the fixture: the start date and who shares the lead.
            start = _date(ms.get("start_date"))
            if milestone.start_date != start:
                Milestone.objects.filter(pk=milestone.pk).update(start_date=start)
            shared = [leads[i] for i in ms.get("other_leads", []) if i in leads]
            if {lead.pk for lead in shared} != set(milestone.other_leads.values_list("pk", flat=True)):
                milestone.other_leads.set(shared)
    load_forecasts(plan, data.get("forecasts", []))
    load_projection_inputs(plan, data.get("projection_inputs", []))
    load_demo_indicators(plan, c["slug"])  # fixtures/demo/indicators/<slug>.json, beside this fixture
    load_demand_levers(plan, data.get("demand_levers", []))
    load_dsg_ledger(council, data.get("dsg_ledger"))
    load_agreements(council, plan, data.get("agreements", []))
    for actual in data.get("actuals", []):
        upsert(
            Actual,
            {"plan": plan, "financial_year": parse_fy(actual["year"])},
            {
                "funding": _money(actual.get("funding")),
                "spend": _money(actual.get("spend")),
                "cumulative_deficit": _money(actual["cumulative_deficit"]),
            },
        )
    return council


def load_demand_levers(plan: RecoveryPlan, levers: list[dict]) -> None:
    """The workstreams' levers on the demand model, through the service (so a bad fixture is refused as a
    user's form would be). Loaded once: levers a user changed afterwards are theirs."""
    if not levers or plan.demand_levers.exists():
        return
    workstreams = {w.code: w for w in plan.workstreams.all()}
    for lever in levers:
        moves = lever["kind"] == "move"
        demand_lever_add(
            plan=plan,
            user=None,
            details=LeverDetails(
                workstream_id=workstreams[lever["workstream"]].pk,
                scenario=lever["scenario"],
                kind=lever["kind"],
                start_year=parse_fy(lever["start_year"]),
                age_from=lever["ages"][0],
                age_to=lever["ages"][1],
                factor=Decimal(1) if moves else 1 + Decimal(str(lever["change"])) / 100,
                group=lever.get("group", ""),
                to_group=lever.get("to_group", ""),
                share=Decimal(str(lever["share"])) / 100 if moves else Decimal(0),
                reason=lever.get("reason", ""),
            ),
        )


def load_forecasts(plan: RecoveryPlan, forecasts: list[dict]) -> None:
    has_current = Forecast.objects.filter(plan=plan, is_current=True).exists()
    for fc in forecasts:
        years = [parse_fy(row["year"]) for row in fc.get("years", [])]
        forecast = upsert(
            Forecast,
            {"plan": plan, "name": fc["name"]},
            {
                "as_at": _date(fc["as_at"]),
                "status": fc.get("status") or "published",
                "kind": ForecastKind.PUBLISHED_FIGURES,
                "source": fc.get("source") or "",
                "figures_unit": fc.get("unit") or "pounds",
                "first_year": min(years, default=None),
                "last_year": max(years, default=None),
                "has_bounds": any((row.get("bound") or "single") != "single" for row in fc.get("years", [])),
            },
        )
        if not has_current:
            # The latest published forecast becomes current, unless a user already chose another.
            Forecast.objects.filter(pk=forecast.pk).update(is_current=True)
            has_current = True
        for row in fc.get("years", []):
            upsert(
                ForecastYear,
                {
                    "forecast": forecast,
                    "financial_year": parse_fy(row["year"]),
                    "scenario": row["scenario"],
                    "bound": row.get("bound") or "single",
                },
                {
                    "funding": _money(row.get("funding")),
                    "spend": _money(row.get("spend")),
                    "cumulative_deficit": _money(row["cumulative_deficit"]),
                },
            )


@transaction.atomic
def load_users(council: Council) -> list[str]:
    """The four demo users of a council; the officer is linked to the lead with most milestones."""
    usernames = []
    for suffix, role in DEMO_ROLES.items():
        username = f"{council.slug}-{suffix}"
        user = _demo_user(username, first_name=council.name, last_name=role.label)
        upsert(Membership, {"user": user, "council": council}, {"role": role})
        usernames.append(username)
    busiest_lead = (
        LeadOfficer.objects.filter(council=council)
        .annotate(n=models.Count("milestones"))
        .order_by("-n", "name")
        .first()
    )
    officer = get_user_model().objects.get(username=f"{council.slug}-officer")
    if busiest_lead and not LeadOfficer.objects.filter(user=officer).exists():
        busiest_lead.user = officer
        busiest_lead.save(update_fields=["user"])
    return usernames


def _demo_user(username: str, *, first_name: str = "", last_name: str = "", staff: bool = False):
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(
            username=username, first_name=first_name, last_name=last_name, email=f"{username}@example.org"
        )
        user.is_staff = user.is_superuser = staff
        user.set_password(DEMO_PASSWORD)
        user.save()
    elif not user.check_password(DEMO_PASSWORD):
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


# The next three meetings: the first within three weeks (so the deadline, the return and the reminders
# show at once), then about termly. The last one was about a term ago; its report is published.
NEXT_MEETINGS_IN_DAYS = (17, 17 + 91, 17 + 182)
LAST_MEETING_DAYS_AGO = 74
CHAMBER = "Council Chamber"
LAST_UPDATED_DAYS_AGO = 90


def _thursday_on_or_before(day: date) -> date:
    return day - timedelta(days=(day.weekday() - 3) % 7)  # Forums meet mid-week, after school


@transaction.atomic
def load_forum_cycle(council: Council, paper: dict, today: date) -> None:
    """The council's next three Schools Forum meetings, relative to `today`, and the last meeting with
    its report published. A second run leaves a council that already has them alone (another day's run
    adds no meetings while three are still to come)."""
    admin = get_user_model().objects.get(username=f"{council.slug}-admin")
    upcoming = ForumMeeting.objects.filter(council=council, meets_on__gte=today).count()
    for days in NEXT_MEETINGS_IN_DAYS[upcoming:]:
        meets_on = _thursday_on_or_before(today + timedelta(days=days))
        if not ForumMeeting.objects.filter(council=council, meets_on=meets_on).exists():
            meeting_create(council=council, user=admin, meets_on=meets_on, location=CHAMBER)
    plan = plan_for_council(council=council)
    if plan is None or ForumReport.objects.filter(plan=plan).published().exists():
        return
    last = _thursday_on_or_before(today - timedelta(days=LAST_MEETING_DAYS_AGO))
    if not ForumMeeting.objects.filter(council=council, meets_on=last).exists():
        meeting_create(council=council, user=admin, meets_on=last, location=CHAMBER)
    report = ForumReport.objects.filter(
        plan=plan, meeting__meets_on=last
    ).first() or report_services.report_create(
        plan=plan,
        user=admin,
        meeting_date=last,
        title=paper["title"],
        purpose=paper["purpose"],
        background=paper["background"],
        summary=paper["summary"],
        recommendations=paper["recommendations"],
    )
    # Published when its papers went out, as the clerk would have.
    sent = timezone.make_aware(datetime.combine(report.meeting_date - timedelta(days=6), time(12)))
    report_services.report_publish(report=report, user=admin, now=sent)


def load_demo(today: date | None = None) -> list[LoadCounts]:
    """Load every demo council and user; return what each council holds afterwards."""
    today = today or timezone.localdate()
    _demo_user("admin", first_name="Demo", last_name="Staff", staff=True)
    results = []
    for slug in DEMO_SLUGS:
        data = read_fixture(slug)
        council = load_council(data)
        load_users(council)
        if data.get("forum_report"):
            load_forum_cycle(council, data["forum_report"], today)
        results.append(counts_for(council))
    return results


def counts_for(council: Council) -> LoadCounts:
    plan_filter = {"plan__council": council}
    return LoadCounts(
        council=council.name,
        counts={
            "workstreams": Workstream.objects.filter(**plan_filter).count(),
            "milestones": Milestone.objects.filter(workstream__plan__council=council).count(),
            "savings": WorkstreamSaving.objects.filter(workstream__plan__council=council).count(),
            "leads": LeadOfficer.objects.filter(council=council).count(),
            "forecast figures": ForecastYear.objects.filter(forecast__plan__council=council).count(),
            "actuals": Actual.objects.filter(**plan_filter).count(),
            "indicators": Indicator.objects.filter(**plan_filter).count(),
            "users": Membership.objects.filter(council=council).count(),
            "Forum meetings": ForumMeeting.objects.filter(council=council).count(),
            "published reports": ForumReport.objects.filter(
                plan__council=council, status="published"
            ).count(),
        },
    )
