"""Reads about agreements, shaped for pages; each costs a fixed number of queries."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, CharField, Exists, F, OuterRef, Prefetch, QuerySet, Sum, Value, When

from agreements.figures import DbvRow, ReturnRow, dbv_rows, return_rows, track_words
from agreements.models import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    CapitalProject,
    Condition,
    CostAvoidance,
    GrantSpend,
    Payment,
    PaymentKind,
    QuarterlyReturn,
    ReformPlanVersion,
    ReformSection,
    ReturnStatus,
    TrajectoryYear,
)
from core.money import pounds
from dfe.models import Figure
from dfe.readers.common import period_label
from dfe.series import SERIES
from indicators.models import Indicator
from projections.figures import HEADLINE_BOUND_ORDER
from projections.models import DemandLever, Scenario
from projections.selectors import current_forecast_for_plan, forecast_figures
from recovery.models import Council, Programme
from workstreams.models import Workstream
from workstreams.rag import Rag


def programme_expression() -> Case:
    """The national programme a council is in, derived from its agreements with the DfE (never stored):
    Safety Valve while it holds a Safety Valve agreement that has not ended; otherwise Delivering Better Value
    if it has a DBV plan (taking part in DBV stays a fact once its plan ends); otherwise none. An expression
    over the council row (``OuterRef("pk")``), so a list of councils reads it in the same query."""
    theirs = Agreement.objects.filter(council=OuterRef("pk"))
    safety_valve = theirs.filter(kind=AgreementKind.SAFETY_VALVE).exclude(status=AgreementStatus.ENDED)
    return Case(
        When(Exists(safety_valve), then=Value(Programme.SAFETY_VALVE.value)),
        When(Exists(theirs.filter(kind=AgreementKind.DBV)), then=Value(Programme.DBV.value)),
        default=Value(Programme.NONE.value),
        output_field=CharField(),
    )


def councils_with_programme(queryset: QuerySet[Council]) -> QuerySet[Council]:
    """The councils, each with its derived ``programme`` (Council.programme reads the annotation)."""
    return queryset.annotate(programme_key=programme_expression())


def programme_for_council(*, council: Council) -> str:
    """One council's derived programme (a Programme value). 1 query."""
    return (
        councils_with_programme(Council.objects.filter(pk=council.pk))
        .values_list("programme_key", flat=True)
        .get()
    )


def agreements_for_council(*, council: Council) -> list[Agreement]:
    """The council's agreements, newest first. 1 query."""
    return list(Agreement.objects.filter(council=council).select_related("plan").order_by("-agreed_on", "pk"))


def agreement_for(*, council: Council, agreement_id: int) -> Agreement | None:
    """One agreement of this council (another council's id is not there). 1 query."""
    return (
        Agreement.objects.filter(council=council, pk=agreement_id).select_related("plan", "council").first()
    )


@dataclass(frozen=True)
class PaymentTotals:
    contribution: Decimal
    scheduled: Decimal
    paid: Decimal
    withheld: Decimal
    backdated: Decimal

    @property
    def received(self) -> Decimal:
        return self.paid + self.backdated

    @property
    def remaining(self) -> Decimal:
        return self.contribution - self.received

    @property
    def still_withheld(self) -> Decimal:
        """Withheld and not since backdated."""
        return max(self.withheld - self.backdated, Decimal(0))


def payment_totals(*, agreement: Agreement) -> PaymentTotals:
    """What the DfE has scheduled, paid, withheld and backdated. 1 query."""
    sums = {k: Decimal(0) for k in PaymentKind.values}
    for row in Payment.objects.filter(agreement=agreement).values("kind").annotate(total=Sum("amount")):
        sums[row["kind"]] = row["total"]
    return PaymentTotals(agreement.dfe_contribution, **sums)


def trajectory_for(*, agreement: Agreement, revision: int | None = None) -> list[TrajectoryYear]:
    """The agreed trajectory of one revision (the current one by default). 1 query."""
    revision = agreement.trajectory_revision if revision is None else revision
    return list(
        TrajectoryYear.objects.filter(agreement=agreement, revision=revision).order_by("financial_year")
    )


def conditions_for(*, agreement: Agreement) -> list[Condition]:
    """The agreement's conditions with owner and workstreams. 2 queries."""
    return list(
        Condition.objects.filter(agreement=agreement)
        .select_related("owner")
        .prefetch_related(Prefetch("workstreams", queryset=Workstream.objects.order_by("position", "pk")))
        .order_by("number")
    )


@dataclass(frozen=True)
class AgreementView:
    agreement: Agreement
    revisions: list[tuple[int, list[TrajectoryYear]]]  # current revision first, then the earlier ones
    payments: list[Payment]
    totals: PaymentTotals
    conditions: list[Condition]
    returns: list[QuarterlyReturn]
    status_history: list[dict]
    grant_spend: list[GrantSpend]
    cost_avoidance: list[CostAvoidance]
    sections: list[ReformSection]
    versions: list[ReformPlanVersion]
    capital_projects: list[CapitalProject]


def agreement_view(*, agreement: Agreement) -> AgreementView:
    """Everything the agreement's page shows: 9 queries whatever the number of rows for a Safety Valve
    agreement (10 for a DBV plan)."""
    dbv = agreement.kind == AgreementKind.DBV
    by_revision: dict[int, list[TrajectoryYear]] = {}
    for year in TrajectoryYear.objects.filter(agreement=agreement).order_by("-revision", "financial_year"):
        by_revision.setdefault(year.revision, []).append(year)
    history = list(
        agreement.history.order_by("history_date", "history_id").values(
            "status",
            "status_note",
            "history_date",
            "history_user__username",
            "history_user__first_name",
            "history_user__last_name",
        )
    )
    changes, last = [], None
    for row in history:
        if row["status"] != last:
            # who, as the rest of the app names people: their name, else their username
            name = f"{row['history_user__first_name']} {row['history_user__last_name']}".strip()
            by = name or row["history_user__username"] or ""
            changes.append({**row, "label": AgreementStatus(row["status"]).label, "by": by})
            last = row["status"]
    return AgreementView(
        agreement=agreement,
        revisions=sorted(by_revision.items(), key=lambda item: item[0] != agreement.trajectory_revision),
        payments=list(Payment.objects.filter(agreement=agreement).order_by("on", "pk")),
        totals=payment_totals(agreement=agreement),
        conditions=conditions_for(agreement=agreement),
        returns=list(
            QuarterlyReturn.objects.filter(agreement=agreement).order_by("-financial_year", "-quarter")
        ),
        status_history=list(reversed(changes)),
        grant_spend=list(
            GrantSpend.objects.filter(agreement=agreement)
            .select_related("workstream")
            .order_by("financial_year", "workstream__position", "pk")
        )
        if dbv
        else [],
        cost_avoidance=list(
            CostAvoidance.objects.filter(agreement=agreement)
            .select_related("workstream")
            .order_by("financial_year", "workstream__position", "pk")
        )
        if dbv
        else [],
        sections=_with_dfe_measures(agreement, sections_for(agreement=agreement))
        if agreement.kind == AgreementKind.REFORM_PLAN
        else [],
        versions=versions_for(agreement=agreement) if agreement.kind == AgreementKind.REFORM_PLAN else [],
        capital_projects=capital_projects_for(agreement=agreement)
        if agreement.kind == AgreementKind.SAFETY_VALVE
        else [],
    )


def return_for(*, agreement: Agreement, return_id: int) -> QuarterlyReturn | None:
    return (
        QuarterlyReturn.objects.filter(agreement=agreement, pk=return_id).select_related("agreement").first()
    )


def payment_for(*, agreement: Agreement, payment_id: int) -> Payment | None:
    return Payment.objects.filter(agreement=agreement, pk=payment_id).select_related("agreement").first()


def grant_spend_for(*, agreement: Agreement, grant_spend_id: int) -> GrantSpend | None:
    return (
        GrantSpend.objects.filter(agreement=agreement, pk=grant_spend_id)
        .select_related("agreement", "workstream")
        .first()
    )


def capital_projects_for(*, agreement: Agreement) -> list[CapitalProject]:
    """A Safety Valve agreement's capital projects, soonest to complete first (undated last). 1 query."""
    return list(
        CapitalProject.objects.filter(agreement=agreement).order_by(
            F("expected_completion").asc(nulls_last=True), "name", "pk"
        )
    )


def capital_project_for(*, agreement: Agreement, project_id: int) -> CapitalProject | None:
    return (
        CapitalProject.objects.filter(agreement=agreement, pk=project_id).select_related("agreement").first()
    )


def capital_project_contents(project: CapitalProject) -> dict:
    """A capital project as a return freezes it (money as decimal strings, the date ISO)."""
    return {
        "name": project.name,
        "budget": str(project.budget),
        "spent": str(project.spent),
        "status": project.get_status_display(),
        "expected_completion": project.expected_completion.isoformat()
        if project.expected_completion
        else None,
        "expected_completion_label": project.expected_completion_label,
        "commentary": project.commentary,
    }


def condition_for(*, agreement: Agreement, condition_id: int) -> Condition | None:
    return Condition.objects.filter(agreement=agreement, pk=condition_id).select_related("owner").first()


def _forecast_by_year(
    agreement: Agreement, scenario: str = Scenario.TARGET
) -> tuple[dict[int, Decimal], dict | None]:
    """The current forecast's cumulative deficit per year in ``scenario`` (target mitigated unless said),
    in its headline bound."""
    forecast = current_forecast_for_plan(plan=agreement.plan)
    if forecast is None:
        return {}, None
    return _scenario_by_year(forecast, forecast_figures(forecast=forecast), scenario)


def _scenario_by_year(forecast, figures, scenario: str) -> tuple[dict[int, Decimal], dict | None]:
    """One scenario's cumulative deficit per year from a forecast's figures, in its headline bound."""
    columns = {(s.scenario, s.bound): i for i, s in enumerate(figures.series)}
    bound = next((b for b in HEADLINE_BOUND_ORDER if (scenario, b) in columns), None)
    if bound is None:
        return {}, None
    index = columns[(scenario, bound)]
    values = {r.financial_year: r.cells[index].cumulative_deficit for r in figures.rows if r.cells[index]}
    label = figures.series[index].label
    return values, {"name": forecast.name, "as_at": forecast.as_at.isoformat(), "series": label}


def _money(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _row(row: ReturnRow) -> dict:
    return {
        "year": row.label,
        "agreed_excluding": _money(row.agreed_excluding),
        "agreed_including": _money(row.agreed_including),
        "in_year_target": _money(row.in_year_target),
        "forecast": _money(row.forecast),
        "variance": _money(row.variance),
        "variance_percent": _money(row.variance_percent),
        "on_track": row.on_track,
        "track": track_words(row.on_track),
    }


def condition_contents(condition: Condition) -> dict:
    """A condition as a return or a report freezes it: effective RAG as its word and key."""
    rag = condition.effective_rag
    return {
        "number": condition.number,
        "text": condition.text,
        "owner": str(condition.owner),
        "rag": Rag(rag).label if rag else "",
        "rag_key": str(Rag(rag).value) if rag else "",
        "held": condition.is_overdue and rag != Rag.RED,
        "commentary": condition.commentary,
        "workstreams": [f"{w.code} {w.title}" for w in condition.workstreams.all()],
    }


def _changes(now: dict, before: dict | None) -> list[str]:
    """What changed since the last submitted return, in words."""
    if before is None:
        return ["This is the first return of this agreement."]
    lines = []
    before_rows = {r["year"]: r for r in before["rows"]}
    for row in now["rows"]:
        old = before_rows.get(row["year"])
        if old and old["track"] != row["track"] and row["track"]:
            lines.append(
                f"{row['year']}: now {row['track'].lower()} (was {old['track'].lower() or 'not rated'})."
            )
        if old and old["forecast"] != row["forecast"] and row["forecast"] is not None:
            lines.append(
                f"{row['year']}: forecast changed from £{old['forecast'] or '–'} to £{row['forecast']}."
            )
    before_conditions = {c["number"]: c for c in before["conditions"]}
    for c in now["conditions"]:
        old = before_conditions.get(c["number"])
        if old is None:
            lines.append(f"Condition {c['number']} is new.")
        elif old["rag"] != c["rag"]:
            lines.append(
                f"Condition {c['number']}: {old['rag'] or 'not rated'} to {c['rag'] or 'not rated'}."
            )
    earlier = before.get("capital_projects")
    if isinstance(earlier, list):  # returns submitted before projects were recorded one by one hold text
        earlier_by_name = {p["name"]: p for p in earlier}
        for p in now["capital_projects"]:
            old = earlier_by_name.get(p["name"])
            if old is None:
                lines.append(f"Capital project “{p['name']}” is new.")
            elif old["status"] != p["status"]:
                lines.append(f"Capital project “{p['name']}”: {old['status']} to {p['status']}.")
    return lines or [
        "No change in the figures, the conditions' RAG or the capital projects since the last return."
    ]


def return_contents(*, quarterly_return: QuarterlyReturn) -> dict:
    """The return as the page, the workbook and the Word paper show it: its frozen snapshot once submitted,
    else built now from the live records (about 10 queries). JSON-serialisable; money as decimal strings."""
    if quarterly_return.is_submitted and quarterly_return.snapshot:
        return quarterly_return.snapshot
    agreement = Agreement.objects.select_related("council", "plan").get(pk=quarterly_return.agreement_id)
    if agreement.kind == AgreementKind.DBV:
        return _dbv_contents(agreement, quarterly_return)
    forecast, forecast_info = _forecast_by_year(agreement)
    trajectory = [
        (t.financial_year, t.deficit_excluding_dfe, t.deficit_including_dfe, t.in_year_target)
        for t in trajectory_for(agreement=agreement)
    ]
    rows = return_rows(trajectory, forecast, agreement.tolerance)
    totals = payment_totals(agreement=agreement)
    contents = {
        "council": agreement.council.name,
        "agreement": agreement.title,
        "kind": agreement.get_kind_display(),
        "kind_key": agreement.kind,
        "label": quarterly_return.label,
        "quarter_end": quarterly_return.quarter_end.isoformat(),
        "status": quarterly_return.get_status_display(),
        "tolerance_percent": str((agreement.tolerance * 100).quantize(Decimal("0.1"))),
        "forecast": forecast_info,
        "rows": [_row(r) for r in rows],
        "conditions": [condition_contents(c) for c in conditions_for(agreement=agreement)],
        "payments": {
            "contribution": str(totals.contribution),
            "received": str(totals.received),
            "withheld": str(totals.withheld),
            "backdated": str(totals.backdated),
            "still_withheld": str(totals.still_withheld),
            "remaining": str(totals.remaining),
        },
        "narrative": quarterly_return.narrative,
        "risks": quarterly_return.risks,
        # A list since projects are recorded one by one; returns submitted before hold the text as written.
        "capital_projects": [capital_project_contents(p) for p in capital_projects_for(agreement=agreement)],
    }
    contents["changes"] = _changes(contents, _previous_snapshot(agreement, quarterly_return))
    return contents


def _previous_snapshot(agreement: Agreement, quarterly_return: QuarterlyReturn) -> dict | None:
    """The snapshot of the agreement's latest submitted return other than this one. 1 query."""
    previous = (
        QuarterlyReturn.objects.filter(agreement=agreement, status=ReturnStatus.SUBMITTED)
        .exclude(pk=quarterly_return.pk)
        .filter(submitted_at__isnull=False)
        .order_by("-financial_year", "-quarter")
        .first()
    )
    return previous.snapshot if previous else None


DBV_CHANGES = (("allocated", "grant allocated"), ("spent", "spend"), ("avoided", "cost avoided"))


def _dbv_changes(now: dict, before: dict | None) -> list[str]:
    """What changed since the last submitted return of a DBV plan, in words: each year's grant allocated,
    spend and cost avoided, and each workstream's allocation."""
    if before is None:
        return ["This is the first return of this agreement."]
    lines = []
    before_rows = {r["year"]: r for r in before.get("dbv_rows", [])}
    for row in now["dbv_rows"]:
        old = before_rows.get(row["year"], {})
        for key, words in DBV_CHANGES:
            if Decimal(old.get(key) or 0) != Decimal(row[key]):
                lines.append(
                    f"{row['year']}: {words} changed from {pounds(Decimal(old.get(key) or 0))} to "
                    f"{pounds(Decimal(row[key]))}."
                )
    before_spend = {(s["year"], s["workstream"]) for s in before.get("spend", [])}
    for s in now["spend"]:
        if (s["year"], s["workstream"]) not in before_spend:
            lines.append(f"{s['year']}: {s['workstream']} has an allocation for the first time.")
    now_spend = {(s["year"], s["workstream"]) for s in now["spend"]}
    for year, workstream in sorted(before_spend - now_spend):
        lines.append(f"{year}: {workstream} no longer has an allocation.")
    return lines or ["No change in the grant, its spend or the cost avoided since the last return."]


def _dbv_row(row: DbvRow) -> dict:
    return {
        "year": row.label,
        "allocated": _money(row.allocated),
        "spent": _money(row.spent),
        "avoided": _money(row.avoided),
        "unmitigated": _money(row.unmitigated),
        "after_avoidance": _money(row.after_avoidance),
    }


def _dbv_contents(agreement: Agreement, quarterly_return: QuarterlyReturn) -> dict:
    """A DBV return: the same shape, simpler (grant, spend and cost avoidance; no trajectory or payments)."""
    unmitigated, forecast_info = _forecast_by_year(agreement, Scenario.UNMITIGATED)
    spend_rows = list(
        GrantSpend.objects.filter(agreement=agreement)
        .select_related("workstream")
        .order_by("financial_year", "workstream__position", "pk")
    )
    spend: dict[int, tuple[Decimal, Decimal]] = {}
    for r in spend_rows:
        allocated, spent = spend.get(r.financial_year, (Decimal(0), Decimal(0)))
        spend[r.financial_year] = (allocated + r.allocated, spent + r.spent)
    avoided: dict[int, Decimal] = {}
    for year, amount in CostAvoidance.objects.filter(agreement=agreement).values_list(
        "financial_year", "amount"
    ):
        avoided[year] = avoided.get(year, Decimal(0)) + amount
    years = list(range(agreement.first_year, agreement.last_year + 1))
    rows = dbv_rows(years, spend, avoided, unmitigated)
    contents = {
        "council": agreement.council.name,
        "agreement": agreement.title,
        "kind": agreement.get_kind_display(),
        "kind_key": agreement.kind,
        "label": quarterly_return.label,
        "quarter_end": quarterly_return.quarter_end.isoformat(),
        "status": quarterly_return.get_status_display(),
        "forecast": forecast_info,
        "grant": str(agreement.dfe_contribution),
        "rows": [],
        "dbv_rows": [_dbv_row(r) for r in rows],
        "spend": [
            {
                "year": r.label,
                "workstream": f"{r.workstream.code} {r.workstream.title}",
                "allocated": str(r.allocated),
                "spent": str(r.spent),
            }
            for r in spend_rows
        ],
        "conditions": [],
        "narrative": quarterly_return.narrative,
        "risks": quarterly_return.risks,
        "capital_projects": [],  # a Safety Valve agreement's (returns submitted before may hold text)
    }
    contents["changes"] = _dbv_changes(contents, _previous_snapshot(agreement, quarterly_return))
    return contents


@dataclass(frozen=True)
class AgreedTrajectory:
    label: str
    by_year: dict[int, Decimal]  # the agreed cumulative deficit excluding DfE payments


def agreed_trajectory_for_council(*, council: Council) -> AgreedTrajectory | None:
    """The current trajectory of the council's latest Safety Valve agreement still in force, for the
    dashboard's deficit chart. 1 query."""
    rows = list(
        TrajectoryYear.objects.filter(
            agreement__council=council,
            agreement__kind=AgreementKind.SAFETY_VALVE,
            revision=F("agreement__trajectory_revision"),
        )
        .exclude(agreement__status=AgreementStatus.ENDED)
        .order_by("-agreement__agreed_on", "-agreement_id", "financial_year")
        .values_list("agreement_id", "financial_year", "deficit_excluding_dfe")
    )
    if not rows:
        return None
    first = rows[0][0]
    return AgreedTrajectory(
        label="Agreed trajectory (Safety Valve, excluding DfE payments)",
        by_year={year: value for agreement_id, year, value in rows if agreement_id == first},
    )


def sections_for(*, agreement: Agreement) -> list[ReformSection]:
    """A reform plan's sections with what serves and shows each. 4 queries."""
    return list(
        ReformSection.objects.filter(agreement=agreement)
        .prefetch_related(
            Prefetch("workstreams", queryset=Workstream.objects.order_by("position", "pk")),
            Prefetch("levers", queryset=DemandLever.objects.select_related("workstream").order_by("pk")),
            Prefetch("indicators", queryset=Indicator.objects.order_by("name", "pk")),
        )
        .order_by("position", "pk")
    )


def section_for(*, agreement: Agreement, section_id: int) -> ReformSection | None:
    return (
        ReformSection.objects.filter(agreement=agreement, pk=section_id).select_related("agreement").first()
    )


def reform_contents(*, agreement: Agreement) -> dict:
    """The reform plan as a version freezes it and its Word paper prints it. 6 queries."""
    sections = sections_for(agreement=agreement)
    dfe = dfe_measures(council=agreement.council, keys=sorted({k for s in sections for k in s.dfe_series}))
    return {
        "council": agreement.council.name,
        "title": agreement.title,
        "term": agreement.term_label,
        "sections": [
            {
                "principle": s.principle,
                "description": s.description,
                "narrative": s.narrative,
                "self_assessment": s.get_self_assessment_display() if s.self_assessment else "",
                "evidence": s.evidence,
                "workstreams": [f"{w.code} {w.title}" for w in s.workstreams.all()],
                "levers": [f"{lever.workstream.code}: {lever}" for lever in s.levers.all()],
                "measures": [i.name for i in s.indicators.all()],
                "dfe_figures": [
                    f"{m.label}: {m.value} ({m.period})" if m.value else f"{m.label}: not imported"
                    for m in (dfe.get(k) for k in s.dfe_series)
                    if m is not None
                ],
            }
            for s in sections
        ],
    }


def versions_for(*, agreement: Agreement) -> list[ReformPlanVersion]:
    return list(
        ReformPlanVersion.objects.filter(agreement=agreement)
        .select_related("published_by")
        .order_by("-number")
    )


def version_for(*, agreement: Agreement, version_id: int) -> ReformPlanVersion | None:
    return ReformPlanVersion.objects.filter(agreement=agreement, pk=version_id).first()


@dataclass(frozen=True)
class DfeMeasure:
    label: str
    period: str
    value: str  # as the page writes it ("£12,345,000", "1,234", or the DfE's symbol); "" when not imported


def dfe_measures(*, council: Council, keys: list[str]) -> dict[str, DfeMeasure]:
    """The latest of each DfE series for the council (its figure, or its symbol). 1 query (none if no key)."""
    if not keys:
        return {}
    latest: dict[str, tuple] = {}
    rows = (
        Figure.objects.filter(area__la_code=council.la_code, breakdown="", series__in=keys)
        .order_by("series", "-period")
        .values_list("series", "period", "value", "symbol")
    )
    for series, period, value, symbol in rows:
        latest.setdefault(series, (period, value, symbol))
    measures = {}
    for key in keys:
        if key not in SERIES:
            continue
        spec = SERIES[key]
        if key not in latest:
            measures[key] = DfeMeasure(spec.label, "", "")
            continue
        period, value, symbol = latest[key]
        if value is None:
            text = symbol
        elif spec.unit == "pounds":
            text = pounds(value)
        elif spec.unit == "percent":
            text = f"{value.normalize():f}%"
        else:
            text = f"{int(value):,}"
        measures[key] = DfeMeasure(spec.label, period_label(period), text)
    return measures


def _with_dfe_measures(agreement: Agreement, sections: list[ReformSection]) -> list[ReformSection]:
    """Each section with ``dfe_measures``: the latest DfE figures it quotes (1 query for all sections)."""
    dfe = dfe_measures(council=agreement.council, keys=sorted({k for s in sections for k in s.dfe_series}))
    for section in sections:
        section.dfe_measures = [dfe[k] for k in section.dfe_series if k in dfe]
    return sections


@dataclass(frozen=True)
class AgreementStanding:
    """Where one agreement stands now: a Safety Valve agreement's trajectory against the current forecast
    (``rows``), its conditions and payments; a DBV plan's grant against spend per year (``dbv``)."""

    agreement: Agreement
    rows: list[ReturnRow]
    forecast: dict | None
    conditions: list[Condition]
    totals: PaymentTotals | None
    dbv: list[DbvRow]


def agreements_in_force_for_council(*, council: Council) -> list[AgreementStanding]:
    """The council's agreements not ended, newest first, each with where it stands now. 7 queries, plus 4
    per plan that delivers one (its current forecast and figures); none more when it has none."""
    agreements = list(
        Agreement.objects.filter(council=council)
        .exclude(status=AgreementStatus.ENDED)
        .select_related("plan")
        .order_by("-agreed_on", "pk")
    )
    if not agreements:
        return []
    trajectory: dict[int, list[tuple]] = {}
    for t in TrajectoryYear.objects.filter(
        agreement__in=agreements, revision=F("agreement__trajectory_revision")
    ).order_by("financial_year"):
        trajectory.setdefault(t.agreement_id, []).append(
            (t.financial_year, t.deficit_excluding_dfe, t.deficit_including_dfe, t.in_year_target)
        )
    conditions: dict[int, list[Condition]] = {}
    for c in (
        Condition.objects.filter(agreement__in=agreements)
        .select_related("owner")
        .prefetch_related(Prefetch("workstreams", queryset=Workstream.objects.order_by("position", "pk")))
        .order_by("number")
    ):
        conditions.setdefault(c.agreement_id, []).append(c)
    paid: dict[int, dict[str, Decimal]] = {}
    for row in (
        Payment.objects.filter(agreement__in=agreements)
        .values("agreement_id", "kind")
        .annotate(total=Sum("amount"))
        .order_by()
    ):
        paid.setdefault(row["agreement_id"], {})[row["kind"]] = row["total"]
    spend: dict[int, dict[int, tuple[Decimal, Decimal]]] = {}
    for row in (
        GrantSpend.objects.filter(agreement__in=agreements)
        .values("agreement_id", "financial_year")
        .annotate(allocated=Sum("allocated"), spent=Sum("spent"))
        .order_by()
    ):
        spend.setdefault(row["agreement_id"], {})[row["financial_year"]] = (row["allocated"], row["spent"])
    avoided: dict[int, dict[int, Decimal]] = {}
    for row in (
        CostAvoidance.objects.filter(agreement__in=agreements)
        .values("agreement_id", "financial_year")
        .annotate(amount=Sum("amount"))
        .order_by()
    ):
        avoided.setdefault(row["agreement_id"], {})[row["financial_year"]] = row["amount"]
    forecasts: dict[int, tuple] = {}  # plan id: (forecast, figures), read once per plan
    for agreement in agreements:
        if agreement.kind == AgreementKind.REFORM_PLAN or agreement.plan_id in forecasts:
            continue
        forecast = current_forecast_for_plan(plan=agreement.plan)
        forecasts[agreement.plan_id] = (
            (forecast, forecast_figures(forecast=forecast)) if forecast else (None, None)
        )
    standings = []
    for agreement in agreements:
        forecast, figures = forecasts.get(agreement.plan_id, (None, None))
        rows, dbv, info, totals = [], [], None, None
        if agreement.kind == AgreementKind.SAFETY_VALVE:
            by_year, info = _scenario_by_year(forecast, figures, Scenario.TARGET) if forecast else ({}, None)
            rows = return_rows(trajectory.get(agreement.pk, []), by_year, agreement.tolerance)
            sums = {k: Decimal(0) for k in PaymentKind.values} | paid.get(agreement.pk, {})
            totals = PaymentTotals(agreement.dfe_contribution, **sums)
        elif agreement.kind == AgreementKind.DBV:
            by_year, info = (
                _scenario_by_year(forecast, figures, Scenario.UNMITIGATED) if forecast else ({}, None)
            )
            dbv = dbv_rows(
                list(range(agreement.first_year, agreement.last_year + 1)),
                spend.get(agreement.pk, {}),
                avoided.get(agreement.pk, {}),
                by_year,
            )
        standings.append(
            AgreementStanding(
                agreement=agreement,
                rows=rows,
                forecast=info,
                conditions=conditions.get(agreement.pk, []),
                totals=totals,
                dbv=dbv,
            )
        )
    return standings
