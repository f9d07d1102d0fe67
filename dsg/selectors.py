"""Reads of the DSG ledger shaped for pages and exports; each a fixed number of queries whatever the years.

- ``ledger_for_council(*, council) -> LedgerView``: the ledger (dsg.ledger.Ledger) with the High Needs
  rows of forecast years from the current forecast and the checks against the DfE store      (8 queries)
- ``transfer_for(*, council, transfer_id) -> DsgTransfer | None``: another council's id is None  (1 query)
- ``meetings_for_council(*, council)``: the Forum meetings a transfer may rest on              (1 query)
- ``stability_evidence_for_council(*, council, financial_year) -> dsg.stability.Evidence``     (3 queries)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone

from core.financial_years import fy_label, fy_of, parse_fy
from dfe.models import Figure
from dfe.selectors import DsgStoreFigure, dsg_store_figures_for_council
from dfe.series import NEED_LABELS
from dsg.ledger import (
    MITIGATED,
    UNMITIGATED,
    ForecastFacts,
    Ledger,
    LineFacts,
    TransferFacts,
    allocation_income,
    build_ledger,
)
from dsg.models import (
    DsgLine,
    DsgTransfer,
    EvidenceSource,
    NarrativeSection,
    PlanNarrative,
    PlanSignOff,
    PlanVersion,
    StabilityClaim,
    StabilityFigure,
    StakeholderEngagement,
)
from dsg.plan import AGE_BANDS, Children, ManagementPlan, WorkstreamLogRow
from dsg.stability import Evidence, EvidenceFigure, evidence
from forum.models import ForumMeeting
from projections.demand import GROUPS as DEMAND_GROUPS
from projections.figures import ForecastFigures
from projections.models import Bound, Scenario
from projections.stored_figures import plan_forecast
from recovery.models import Council, RecoveryPlan
from recovery.selectors import plan_for_council
from workstreams.models import WorkstreamSaving
from workstreams.selectors import workstreams_for_plan


@dataclass
class LedgerView:
    plan: RecoveryPlan | None
    ledger: Ledger
    current_year: int
    forecast_name: str = ""
    store: dict[tuple[str, str], DsgStoreFigure] = field(default_factory=dict)

    @property
    def allocation_years(self) -> list[str]:
        """Years ("2023-24") the DfE store has allocations for, inside the plan: income can be filled."""
        if self.plan is None:
            return []
        periods = {p for (key, p) in self.store if key in ("schools", "high_needs", "total")}
        return sorted(p for p in periods if self.plan.first_year <= parse_fy(p) <= self.plan.last_year)

    def allocation_for(self, period: str) -> dict[str, Decimal]:
        return allocation_income({k: v.value for k, v in self.store.items()}, period)

    @property
    def sources(self) -> list[str]:
        return sorted({f.source for f in self.store.values()})


def _forecast_facts(figures: ForecastFigures, current_year: int) -> list[ForecastFacts]:
    """High Needs per forecast year from the current forecast: unmitigated, and target mitigated as the
    ledger's mitigated position (the headline bound where the forecast has bounds)."""
    facts = []
    bound = figures.headline_bound or Bound.SINGLE
    for row in figures.rows:
        if row.financial_year < current_year:
            continue
        for scenario, position in ((Scenario.UNMITIGATED, UNMITIGATED), (Scenario.TARGET, MITIGATED)):
            cell = figures.cell(row, scenario, bound)
            if cell is not None:
                facts.append(
                    ForecastFacts(
                        row.financial_year, position, cell.funding, cell.spend, cell.cumulative_deficit
                    )
                )
    return facts


def ledger_for_council(*, council: Council, today=None) -> LedgerView:
    """The council's whole DSG ledger. 5 queries (plan, lines, transfers, the stored forecast figures, store;
    +5 when the stored figures are behind the council's data version)."""
    current_year = fy_of(today or timezone.localdate())
    plan = plan_for_council(council=council)
    lines = [
        LineFacts(
            x.financial_year, x.block, x.position, x.income, x.income_basis, x.expenditure,
            x.expenditure_basis, x.brought_forward, x.brought_forward_basis, x.pk,
        )
        for x in DsgLine.objects.filter(council=council)
    ]  # fmt: skip
    rows = DsgTransfer.objects.filter(council=council).select_related("meeting").order_by("pk")
    transfers = [
        TransferFacts(
            t.financial_year, t.from_block, t.to_block, t.amount,
            f"Schools Forum, {t.meeting.meets_on:%-d %B %Y}", t.pk, t.note,
        )
        for t in rows
    ]  # fmt: skip
    # The current forecast's figures as stored with the council's data version (projections.stored_figures).
    figures = plan_forecast(plan=plan).current if plan else None
    facts = _forecast_facts(figures, current_year) if figures else []
    store = dsg_store_figures_for_council(council=council)
    totals = {parse_fy(p): f.value for (key, p), f in store.items() if key == "total"}
    s251 = {parse_fy(p): f.value for (key, p), f in store.items() if key == "s251_carried_forward"}
    ledger = build_ledger(
        lines=lines,
        transfers=transfers,
        forecast=facts,
        current_year=current_year,
        dfe_totals=totals,
        s251_carried_forward=s251,
    )
    return LedgerView(plan, ledger, current_year, figures.forecast.name if figures else "", store)


def transfer_for(*, council: Council, transfer_id: int) -> DsgTransfer | None:
    return DsgTransfer.objects.filter(council=council, pk=transfer_id).first()


def meetings_for_council(*, council: Council) -> list[ForumMeeting]:
    return list(ForumMeeting.objects.filter(council=council).order_by("-meets_on"))


def stability_evidence_for_council(*, council: Council, financial_year: int) -> Evidence:
    """The High Needs Stability Grant evidence of one year: the entered figures, the s251 figure from the
    DfE store where it has one (it wins over an entered one), the claim. 3 queries."""
    figures = {
        f.source: EvidenceFigure(
            f.source, f.get_source_display(), f.deficit, f.document, f.document_date, f.explanation
        )
        for f in StabilityFigure.objects.filter(council=council, financial_year=financial_year)
    }
    stored = dsg_store_figures_for_council(council=council).get(
        ("s251_carried_forward", fy_label(financial_year))
    )
    if stored is not None:
        entered = figures.get(EvidenceSource.S251)
        figures[EvidenceSource.S251] = EvidenceFigure(
            EvidenceSource.S251,
            EvidenceSource.S251.label,
            max(-stored.value, Decimal(0)),
            stored.source,
            None,
            entered.explanation if entered else "",
            from_store=True,
        )
    claim = StabilityClaim.objects.filter(council=council, financial_year=financial_year).first()
    return evidence(
        financial_year=financial_year,
        figures=figures,
        non_high_needs=claim.non_high_needs if claim else None,
        non_high_needs_note=claim.note if claim else "",
    )


def _children(council: Council) -> Children:
    """The latest January census of EHC plans: placement group × age band, primary need. 1 query."""
    rows = list(
        Figure.objects.filter(area__la_code=council.la_code, series__in=("ehcp_age_group", "ehcp_need"))
        .exclude(breakdown="")
        .values_list("series", "breakdown", "period", "value", "release__title", "release__published")
    )
    by_series: dict[str, str] = {}
    for series, _, period, _, _, _ in rows:
        by_series[series] = max(by_series.get(series, ""), period)
    groups = {key: [0] * len(AGE_BANDS) for key in DEMAND_GROUPS}
    needs: dict[str, int] = {}
    source = ""
    for series, breakdown, period, value, title, published in rows:
        if value is None or period != by_series[series]:
            continue
        source = f"DfE, {title}, {published}"
        if series == "ehcp_age_group":
            age_text, _, group = breakdown.partition("|")
            age = int(age_text)
            for n, (_, low, high) in enumerate(AGE_BANDS):
                if low <= age <= high and group in groups:
                    groups[group][n] += int(value)
        else:
            label = NEED_LABELS.get(breakdown, breakdown)  # the DfE's words, never its column codes
            needs[label] = needs.get(label, 0) + int(value)
    census = by_series.get("ehcp_age_group") or by_series.get("ehcp_need") or ""
    if not census:
        return Children()
    return Children(
        census=f"January {census[:4]}",
        groups=[(DEMAND_GROUPS[k], counts) for k, counts in groups.items()]
        if "ehcp_age_group" in by_series
        else [],
        needs=sorted(needs.items(), key=lambda item: -item[1]),
        source=source,
    )


def management_plan_for_council(*, council: Council) -> ManagementPlan:
    """Everything the plan's page and workbook show. A fixed number of queries (the ledger's 8, then 1 each
    for the children, narratives, sign-offs, reviews, engagements and savings, and the workstreams' 2)."""
    view = ledger_for_council(council=council)
    narratives = {n.section: n.text for n in PlanNarrative.objects.filter(council=council)}
    workstreams = []
    if view.plan is not None:
        savings = dict(
            WorkstreamSaving.objects.filter(workstream__plan=view.plan)
            .values("workstream")
            .annotate(total=Sum("target"))
            .values_list("workstream", "total")
        )
        today = timezone.localdate()
        for w in workstreams_for_plan(plan=view.plan):
            milestones = list(w.milestones.all())
            rag = w.rag_on(today)
            workstreams.append(
                WorkstreamLogRow(
                    w.code,
                    w.title,
                    w.lead.name if w.lead else "",
                    rag.label if rag else "",
                    sum(1 for m in milestones if m.completed_on is None),
                    sum(1 for m in milestones if m.completed_on is not None),
                    savings.get(w.pk) or Decimal(0),
                    w.start_date,
                    w.end_date,
                )
            )
    return ManagementPlan(
        council_name=council.name,
        plan_title=view.plan.title if view.plan else "",
        ledger=view.ledger,
        narratives=[(key, label, narratives.get(key, "")) for key, label in NarrativeSection.choices],
        children=_children(council),
        sign_offs=list(PlanSignOff.objects.filter(council=council)),
        reviews=list(
            ForumMeeting.objects.filter(council=council)
            .order_by("meets_on")
            .values_list("meets_on", flat=True)
        ),
        workstreams=workstreams,
        engagements=list(StakeholderEngagement.objects.filter(council=council)),
        versions=list(
            PlanVersion.objects.filter(council=council).select_related("published_by").defer("snapshot")
        ),
    )


def plan_version_for(*, council: Council, number: int) -> PlanVersion | None:
    """One published version of the council's plan; another council's is None. 1 query."""
    return PlanVersion.objects.filter(council=council, number=number).first()
