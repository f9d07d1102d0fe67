"""Reads of the DSG ledger shaped for pages and exports; each a fixed number of queries whatever the years.

- ``ledger_for_council(*, council) -> LedgerView``: the ledger (dsg.ledger.Ledger) with the High Needs
  rows of forecast years from the current forecast and the checks against the DfE store      (5 queries)
- ``ledger_for_plan(*, council, plan, cells) -> LedgerView``: the same from the plan and forecast cells
  the caller has read                                                                          (3 queries)
- ``transfer_for(*, council, transfer_id) -> DsgTransfer | None``: another council's id is None  (1 query)
- ``meetings_for_council(*, council)``: the Forum meetings a transfer may rest on              (1 query)
- ``stability_evidence_for_council(*, council, financial_year) -> dsg.stability.Evidence``     (3 queries)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import OuterRef, Subquery, Sum
from django.utils import timezone

from core.financial_years import fy_label, fy_of, parse_fy
from dfe.selectors import DsgStoreFigure, dsg_plan_figures_for_council, dsg_store_figures_for_council
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
    s251_high_needs_expenditure,
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
from dsg.plan import AGE_BANDS, Children, ManagementPlan, VersionRow, WorkstreamLogRow
from dsg.stability import Evidence, EvidenceFigure, evidence
from forum.models import ForumMeeting
from projections.demand import GROUPS as DEMAND_GROUPS
from projections.models import Scenario
from projections.selectors import HeadlineCells, current_forecast_headline_cells
from recovery.models import Council, RecoveryPlan
from recovery.selectors import plan_for_council
from workstreams.models import Milestone, Workstream, WorkstreamSaving, is_overdue, workstream_rag
from workstreams.rag import effective_rag


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
    def s251_years(self) -> list[tuple[str, Decimal]]:
        """Outturn years of the plan the s251 gives High Needs expenditure for: (year, the amount)."""
        if self.plan is None:
            return []
        figures = {k: v.value for k, v in self.store.items()}
        periods = sorted({p for (key, p) in self.store if key == "s251_high_needs"})
        found = []
        for period in periods:
            year = parse_fy(period)
            if self.plan.first_year <= year <= self.plan.last_year and year < self.current_year:
                found.append((period, s251_high_needs_expenditure(figures, period)))
        return found

    @property
    def sources(self) -> list[str]:
        return sorted({f.source for f in self.store.values()})


def _forecast_facts(cells: HeadlineCells, current_year: int) -> list[ForecastFacts]:
    """High Needs per forecast year from the current forecast: unmitigated, and target mitigated as the
    ledger's mitigated position (the headline bound where the forecast has bounds)."""
    positions = {Scenario.UNMITIGATED: UNMITIGATED, Scenario.TARGET: MITIGATED}
    return [
        ForecastFacts(year, positions[scenario], cell.funding, cell.spend, cell.cumulative_deficit)
        for (year, scenario), cell in sorted(cells.cells.items())
        if year >= current_year and scenario in positions
    ]


_LINE_FIELDS = (
    "financial_year", "block", "position", "income", "income_basis", "expenditure", "expenditure_basis",
    "brought_forward", "brought_forward_basis", "pk",
)  # fmt: skip
_TRANSFER_FIELDS = ("financial_year", "from_block", "to_block", "amount", "meeting__meets_on", "pk", "note")


def ledger_for_council(
    *, council: Council, today=None, store: dict[tuple[str, str], DsgStoreFigure] | None = None
) -> LedgerView:
    """The council's whole DSG ledger. 5 queries (plan, lines, transfers, the current forecast's figures,
    the DfE store; 4 when the caller read the store), each read as values: the ledger reads figures, never
    model instances."""
    plan = plan_for_council(council=council)
    cells = current_forecast_headline_cells(plan=plan) if plan else None
    return ledger_for_plan(council=council, plan=plan, cells=cells, today=today, store=store)


@dataclass(frozen=True)
class LedgerInputs:
    """What the ledger is built from that is the council's data alone (its lines and transfers, the DfE's
    figures for it): they change only with the council's data version (a DfE import bumps every council's),
    so a reader may store them with it (the Forum report: reports.stored_report)."""

    lines: list[LineFacts]
    transfers: list[TransferFacts]
    store: dict[tuple[str, str], DsgStoreFigure]


def ledger_inputs(
    *, council: Council, store: dict[tuple[str, str], DsgStoreFigure] | None = None
) -> LedgerInputs:
    """The council's ledger inputs: 3 queries (lines, transfers, the DfE store; 2 when `store` is given)."""
    lines = [
        LineFacts(*row)
        for row in DsgLine.objects.filter(council=council).order_by().values_list(*_LINE_FIELDS)
    ]
    transfers = [
        TransferFacts(year, source, target, amount, f"Schools Forum, {meets_on:%-d %B %Y}", pk, note)
        for year, source, target, amount, meets_on, pk, note in DsgTransfer.objects.filter(council=council)
        .order_by("pk")
        .values_list(*_TRANSFER_FIELDS)
    ]
    if store is None:
        store = dsg_store_figures_for_council(council=council)
    return LedgerInputs(lines, transfers, store)


def ledger_for_plan(
    *,
    council: Council,
    plan: RecoveryPlan | None,
    cells: HeadlineCells | None,
    today=None,
    store: dict[tuple[str, str], DsgStoreFigure] | None = None,
    inputs: LedgerInputs | None = None,
) -> LedgerView:
    """ledger_for_council for a caller that has read the council's plan (plan_for_council's) and its current
    forecast's headline cells already (the Forum report, from its plan picture: projections.selectors.
    headline_cells_of): 3 queries (lines, transfers, the DfE store; 2 when the caller read the store; none
    given the `inputs`, ledger_inputs')."""
    current_year = fy_of(today or timezone.localdate())
    if inputs is None:
        inputs = ledger_inputs(council=council, store=store)
    lines, transfers, store = inputs.lines, inputs.transfers, inputs.store
    facts = _forecast_facts(cells, current_year) if cells else []
    totals, s251 = {}, {}
    for (key, period), figure in store.items():
        if key == "total":
            totals[parse_fy(period)] = figure.value
        elif key == "s251_carried_forward":
            s251[parse_fy(period)] = figure.value
    ledger = build_ledger(
        lines=lines,
        transfers=transfers,
        forecast=facts,
        current_year=current_year,
        dfe_totals=totals,
        s251_carried_forward=s251,
    )
    return LedgerView(plan, ledger, current_year, cells.forecast_name if cells else "", store)


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


def _children(rows: list[tuple]) -> Children:
    """The latest January census of EHC plans: placement group × age band, primary need, from the store's
    rows (dfe.selectors.DsgPlanFigures.ehc_plans). No query."""
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


_VERSION_FIELDS = (
    "number", "published_at", "published_by__first_name", "published_by__last_name", "published_by__username",
)  # fmt: skip


def _versions(council: Council) -> list[VersionRow]:
    """The published versions, newest first, without their snapshots. 1 query."""
    return [
        VersionRow(number, published_at, f"{first} {last}".strip() or username or "")
        for number, published_at, first, last, username in PlanVersion.objects.filter(council=council)
        .order_by("-number")
        .values_list(*_VERSION_FIELDS)
    ]


def _workstream_log(plan: RecoveryPlan) -> list[WorkstreamLogRow]:
    """Each active workstream with its lead, RAG on today, milestone counts and savings target. 2 queries
    (the workstreams with their savings summed in, then the active milestones' fields the RAG reads), read
    as values: the log needs figures and words, not model instances."""
    savings = (
        WorkstreamSaving.objects.filter(workstream=OuterRef("pk"))
        .order_by()  # the model's ordering would join the plan and council into every subquery
        .values("workstream")
        .annotate(total=Sum("target"))
        .values("total")
    )
    rows = list(
        Workstream.objects.active()
        .filter(plan=plan)
        .annotate(savings_target=Subquery(savings))
        .order_by("position", "code")
        .values_list(
            "pk", "code", "title", "lead__name", "rag_override", "savings_target", "start_date", "end_date"
        )
    )
    milestones: dict[int, list[tuple]] = {pk: [] for pk, *_ in rows}
    for workstream_id, *fields in (
        Milestone.objects.filter(workstream__in=list(milestones), archived_on__isnull=True)
        .order_by()  # counted, not listed: no join for the model's ordering
        .values_list("workstream_id", "rag", "rag_hold_reason", "forecast_due", "completed_on")
    ):
        milestones[workstream_id].append(fields)
    today = timezone.localdate()
    log = []
    for pk, code, title, lead, rag_override, savings_target, start, end in rows:
        open_ones = [(rag, hold, due) for rag, hold, due, completed in milestones[pk] if completed is None]
        rag = workstream_rag(
            rag_override=rag_override,
            open_milestone_rags=(
                effective_rag(
                    rag=rag,
                    overdue=is_overdue(forecast_due=due, completed_on=None, today=today),
                    hold_reason=hold,
                )
                for rag, hold, due in open_ones
            ),
        )
        done = len(milestones[pk]) - len(open_ones)
        log.append(
            WorkstreamLogRow(
                code, title, lead or "", rag.label if rag else "", len(open_ones), done,
                savings_target or Decimal(0), start, end,
            )
        )  # fmt: skip
    return log


def management_plan_for_council(*, council: Council) -> ManagementPlan:
    """Everything the plan's page and workbook show. A fixed number of queries (the DfE store's figures and
    EHC plans in 1, the rest of the ledger's 4, then 1 each for the narratives, sign-offs, reviews,
    engagements, versions; the workstream log's 2)."""
    figures = dsg_plan_figures_for_council(council=council)
    view = ledger_for_council(council=council, store=figures.store)
    narratives = dict(PlanNarrative.objects.filter(council=council).order_by().values_list("section", "text"))
    workstreams = _workstream_log(view.plan) if view.plan is not None else []
    return ManagementPlan(
        council_name=council.name,
        plan_title=view.plan.title if view.plan else "",
        ledger=view.ledger,
        narratives=[(key, label, narratives.get(key, "")) for key, label in NarrativeSection.choices],
        children=_children(figures.ehc_plans),
        sign_offs=list(PlanSignOff.objects.filter(council=council).order_by("-signed_on", "-pk")),
        reviews=list(
            ForumMeeting.objects.filter(council=council)
            .order_by("meets_on")
            .values_list("meets_on", flat=True)
        ),
        workstreams=workstreams,
        engagements=list(StakeholderEngagement.objects.filter(council=council).order_by("-held_on", "-pk")),
        versions=_versions(council),
    )


def plan_version_for(*, council: Council, number: int) -> PlanVersion | None:
    """One published version of the council's plan; another council's is None. 1 query."""
    return PlanVersion.objects.filter(council=council, number=number).first()
