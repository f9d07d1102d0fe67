"""Demo agreements with the DfE: the `agreements` list of a demo council's fixture
(fixtures/demo/<slug>.json).

Idempotent like the rest of load_demo: the agreement, its trajectory, payments, conditions and capital
projects follow the fixture; a condition's RAG and commentary, and the returns, are created once and then
belong to the users.
A return marked `"submitted": true` is submitted through the service, so its snapshot is the real one.
"""

from datetime import date
from decimal import Decimal

from agreements import services
from agreements.models import (
    Agreement,
    CapitalProject,
    Condition,
    CostAvoidance,
    GrantSpend,
    Payment,
    QuarterlyReturn,
    TrajectoryYear,
)
from core.financial_years import parse_fy
from recovery.models import Council, LeadOfficer, RecoveryPlan
from workstreams.models import Workstream


def _upsert(model, lookup: dict, values: dict):
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **values)
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
    return obj


def load_agreements(council: Council, plan: RecoveryPlan, agreements: list[dict]) -> None:
    for a in agreements:
        agreement = _upsert(
            Agreement,
            {"council": council, "title": a["title"]},
            {
                "plan": plan,
                "kind": a["kind"],
                "agreed_on": date.fromisoformat(a["agreed_on"]),
                "first_year": parse_fy(a["first_year"]),
                "last_year": parse_fy(a["last_year"]),
                "dfe_contribution": Decimal(a["dfe_contribution"]),
                "council_contribution": Decimal(a.get("council_contribution") or "0"),
                "tolerance": Decimal(a.get("tolerance") or "0.05"),
                "status": a.get("status") or "active",
            },
        )
        for t in a.get("trajectory", []):
            _upsert(
                TrajectoryYear,
                {
                    "agreement": agreement,
                    "revision": t.get("revision", 1),
                    "financial_year": parse_fy(t["year"]),
                },
                {
                    "deficit_excluding_dfe": Decimal(t["excluding_dfe"]),
                    "deficit_including_dfe": Decimal(t["including_dfe"]),
                    "in_year_target": Decimal(t["in_year_target"]),
                },
            )
        for p in a.get("payments", []):
            _upsert(
                Payment,
                {"agreement": agreement, "kind": p["kind"], "on": date.fromisoformat(p["on"])},
                {"amount": Decimal(p["amount"]), "note": p.get("note") or ""},
            )
        leads = {lead.initials: lead for lead in LeadOfficer.objects.filter(council=council)}
        workstreams = {w.code: w for w in Workstream.objects.filter(plan=plan)}
        for c in a.get("conditions", []):
            condition = Condition.objects.filter(agreement=agreement, number=c["number"]).first()
            if condition is None:
                condition = Condition.objects.create(
                    agreement=agreement,
                    number=c["number"],
                    text=c["text"],
                    owner=leads[c["owner"]],
                    rag=c.get("rag") or "",
                    commentary=c.get("commentary") or "",
                )
            elif condition.text != c["text"] or condition.owner_id != leads[c["owner"]].pk:
                condition.text, condition.owner = c["text"], leads[c["owner"]]
                condition.save(update_fields=["text", "owner"])
            condition.workstreams.set([workstreams[code] for code in c.get("workstreams", [])])
        for g in a.get("grant_spend", []):
            _upsert(
                GrantSpend,
                {
                    "agreement": agreement,
                    "workstream": workstreams[g["workstream"]],
                    "financial_year": parse_fy(g["year"]),
                },
                {"allocated": Decimal(g["allocated"]), "spent": Decimal(g["spent"])},
            )
        for c in a.get("cost_avoidance", []):
            _upsert(
                CostAvoidance,
                {
                    "agreement": agreement,
                    "workstream": workstreams[c["workstream"]],
                    "financial_year": parse_fy(c["year"]),
                },
                {"amount": Decimal(c["amount"]), "note": c.get("note") or ""},
            )
        for c in a.get("capital_projects", []):
            _upsert(
                CapitalProject,
                {"agreement": agreement, "name": c["name"]},
                {
                    "budget": Decimal(c["budget"]),
                    "spent": Decimal(c.get("spent") or "0"),
                    "status": c["status"],
                    "expected_completion": date.fromisoformat(c["expected_completion"])
                    if c.get("expected_completion")
                    else None,
                    "commentary": c.get("commentary") or "",
                },
            )
        for r in a.get("returns", []):
            ret = QuarterlyReturn.objects.filter(
                agreement=agreement, financial_year=parse_fy(r["year"]), quarter=r["quarter"]
            ).first()
            if ret is not None:
                continue
            ret = QuarterlyReturn.objects.create(
                agreement=agreement,
                financial_year=parse_fy(r["year"]),
                quarter=r["quarter"],
                narrative=r.get("narrative") or "",
                risks=r.get("risks") or "",
            )
            if r.get("submitted"):
                services.return_submit(quarterly_return=ret, user=None)
