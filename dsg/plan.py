"""The DSG management plan as its page and its workbook read it (plain data): the ledger's end-of-year
positions, the children and young people with EHC plans (the DfE's SEN2 figures), the governance (sign-offs,
Forum review dates, the workstream log) and the stakeholder engagement, in the DfE template's order."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import cached_property

from core.money import pounds, signed_pounds
from dsg.ledger import Ledger
from projections.demand_cyp import AGE_GROUPS

# The template's tabs, in its order.
TABS: tuple[str, ...] = (
    "Cover",
    "Introduction",
    "Narrative",
    "Financial summary",
    "Children and young people",
    "Governance",
    "Stakeholder engagement",
)
AGE_BANDS = AGE_GROUPS  # the template's age groups, defined once with the demand model's tables


@dataclass(frozen=True)
class WorkstreamLogRow:
    code: str
    title: str
    lead: str
    rag: str
    milestones_open: int
    milestones_done: int
    savings_target: Decimal
    start: date | None
    end: date | None

    @property
    def start_label(self) -> str:
        return _day(self.start, "%b %Y")

    @property
    def end_label(self) -> str:
        return _day(self.end, "%b %Y")


@dataclass(frozen=True)
class VersionRow:
    """A published version as the plan's page lists it (its snapshot is not read)."""

    number: int
    published_at: datetime
    published_by: str  # full name, else username; "" when the user is gone


@dataclass(frozen=True)
class Children:
    """EHC plans at the latest January census: by placement group × age band, and by primary need."""

    census: str = ""  # "January 2025"
    groups: list[tuple[str, list[int]]] = field(default_factory=list)  # (group label, a count per age band)
    needs: list[tuple[str, int]] = field(default_factory=list)
    source: str = ""

    @property
    def bands(self) -> list[str]:
        return [label for label, _, _ in AGE_BANDS]


@dataclass
class ManagementPlan:
    council_name: str
    plan_title: str
    ledger: Ledger
    narratives: list[tuple[str, str, str]]  # (section key, label, text)
    children: Children
    sign_offs: list  # dsg.models.PlanSignOff, newest first
    reviews: list[date]  # Schools Forum meetings: when the plan is reviewed
    workstreams: list[WorkstreamLogRow]
    engagements: list  # dsg.models.StakeholderEngagement, newest first
    versions: list[VersionRow] = field(default_factory=list)  # newest first

    def end_of_year_positions(self) -> list[tuple[str, str, Decimal | None]]:
        """(year, position, DSG carried forward): the summary at the top of the financial summary."""
        return [(y.label, y.position_label, y.total.carried_forward) for y in self.ledger.years]

    @cached_property
    def end_of_year_rows(self) -> list[list[str]]:
        """The end-of-year positions written out, as the page, a published version and its paper show them."""
        return [[year, position, pounds(value)] for year, position, value in self.end_of_year_positions()]

    @cached_property
    def block_rows(self) -> list[list[str]]:
        """Each block and the DSG total of each year written out (year, block, income, transfers,
        expenditure, in-year, carried forward): the very strings of the page, a published version (its
        snapshot) and its Word paper."""
        return [
            [
                y.heading,
                r.block_label,
                pounds(r.income),
                signed_pounds(r.transfers) if r.transfers else "",
                pounds(r.expenditure),
                pounds(r.in_year),
                pounds(r.carried_forward),
            ]
            for y in self.ledger.years
            for r in [*y.rows, y.total]
        ]


def _day(value: date | None, fmt: str = "%-d %B %Y") -> str:
    return value.strftime(fmt) if value else ""


def plan_snapshot(plan: ManagementPlan) -> dict:
    """The plan as presented, every value written out (JSON-safe): what a published version keeps."""
    c = plan.children
    return {
        "council": plan.council_name,
        "plan_title": plan.plan_title,
        "narratives": [
            {"label": label, "paragraphs": [p for p in text.split("\n") if p.strip()]}
            for _, label, text in plan.narratives
        ],  # fmt: skip
        "end_of_year": plan.end_of_year_rows,
        "blocks": plan.block_rows,
        "warnings": plan.ledger.warnings,
        "children": {
            "census": c.census,
            "bands": c.bands,
            "groups": [[group, *counts] for group, counts in c.groups],
            "needs": [[need, count] for need, count in c.needs],
            "source": c.source,
        },
        "sign_offs": [[s.get_role_display(), s.name, _day(s.signed_on)] for s in plan.sign_offs],
        "reviews": [_day(day) for day in plan.reviews],
        "workstreams": [
            [
                f"{w.code}. {w.title}",
                w.lead,
                w.rag,
                w.milestones_open,
                w.milestones_done,
                pounds(w.savings_target),
                w.start_label,
                w.end_label,
            ]
            for w in plan.workstreams
        ],  # fmt: skip
        "engagements": [
            [e.get_group_display(), _day(e.held_on, "%-d %b %Y"), e.discussed, e.changed]
            for e in plan.engagements
        ],
    }


def children_from_snapshot(data: dict) -> Children:
    """The children of a published version, as its snapshot froze them (its charts are drawn from these)."""
    return Children(
        census=data["census"],
        groups=[(row[0], list(row[1:])) for row in data["groups"]],
        needs=[(need, count) for need, count in data["needs"]],
        source=data["source"],
    )
