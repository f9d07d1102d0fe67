"""The ledger as pages, exports and checks read it: plain data in, plain data out, no queries.

``build_ledger`` takes the stored lines and transfers, the High Needs figures of the current forecast and the
DfE's figures, and derives the rest once: each block's net transfers, in-year position, brought forward (a
stated balance, else the year before's carried forward) and carried forward, the DSG total of each year, and
the checks, which are warnings shown with the figures (legal figures that disagree are never silent).

Balances follow the s251 return (line 1.9.3): a surplus is positive, a deficit negative.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from core.financial_years import fy_label
from core.money import pounds

BLOCKS: tuple[tuple[str, str], ...] = (
    ("schools", "Schools"),
    ("central", "Central School Services"),
    ("early_years", "Early Years"),
    ("high_needs", "High Needs"),
)
BLOCK_LABEL = dict(BLOCKS)
OUTTURN, UNMITIGATED, MITIGATED = "outturn", "unmitigated", "mitigated"
POSITION_LABEL = {OUTTURN: "Outturn", UNMITIGATED: "Unmitigated", MITIGATED: "Mitigated"}
BASIS_LABEL = {
    "s251_outturn": "s251 outturn",
    "s251_budget": "s251 budget",
    "forecast": "Council forecast",
    "allocation": "DSG allocation",
    "entered": "Entered",
    "derived": "Derived",
}
# A Schools Block transfer above this share of the block needs the Secretary of State's approval.
SCHOOLS_TRANSFER_LIMIT = Decimal("0.005")
TOLERANCE = Decimal(1)  # pounds: figures rounded to the pound on one side and to the penny on the other


@dataclass(frozen=True)
class LineFacts:
    """A stored line, as the selector reads it."""

    financial_year: int
    block: str
    position: str
    income: Decimal | None
    income_basis: str
    expenditure: Decimal | None
    expenditure_basis: str
    brought_forward: Decimal | None = None
    brought_forward_basis: str = "entered"
    line_id: int | None = None


@dataclass(frozen=True)
class TransferFacts:
    financial_year: int
    from_block: str
    to_block: str
    amount: Decimal
    meeting_label: str = ""
    transfer_id: int | None = None
    note: str = ""

    @property
    def year_label(self) -> str:
        return fy_label(self.financial_year)

    @property
    def from_label(self) -> str:
        return BLOCK_LABEL[self.from_block]

    @property
    def to_label(self) -> str:
        return BLOCK_LABEL[self.to_block]


@dataclass(frozen=True)
class ForecastFacts:
    """The High Needs figures of one forecast year and position, from the council's current forecast."""

    financial_year: int
    position: str
    funding: Decimal | None
    spend: Decimal | None
    cumulative_deficit: Decimal | None  # the forecast's sign: a deficit positive


@dataclass
class LedgerRow:
    financial_year: int
    block: str
    position: str
    income: Decimal | None = None
    income_basis: str = ""
    transfers: Decimal = Decimal(0)  # net, signed: in positive, out negative
    expenditure: Decimal | None = None
    expenditure_basis: str = ""
    brought_forward: Decimal | None = None
    brought_forward_basis: str = ""
    carried_forward: Decimal | None = None
    carried_forward_basis: str = ""
    line_id: int | None = None

    @property
    def block_label(self) -> str:
        return BLOCK_LABEL.get(self.block, "DSG total")

    @property
    def income_source(self) -> str:
        return BASIS_LABEL.get(self.income_basis, "")

    @property
    def expenditure_source(self) -> str:
        return BASIS_LABEL.get(self.expenditure_basis, "")

    @property
    def brought_forward_source(self) -> str:
        return BASIS_LABEL.get(self.brought_forward_basis, "")

    @property
    def carried_forward_source(self) -> str:
        return BASIS_LABEL.get(self.carried_forward_basis, "")

    @property
    def in_year(self) -> Decimal | None:
        if self.income is None or self.expenditure is None:
            return None
        return self.income + self.transfers - self.expenditure


@dataclass
class LedgerYear:
    """One financial year in one position: a row per block and the DSG total."""

    financial_year: int
    position: str
    rows: list[LedgerRow]
    total: LedgerRow
    warnings: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return fy_label(self.financial_year)

    @property
    def position_label(self) -> str:
        return POSITION_LABEL[self.position]

    @property
    def is_forecast(self) -> bool:
        return self.position != OUTTURN

    @property
    def heading(self) -> str:
        return self.label if not self.is_forecast else f"{self.label} forecast, {self.position_label.lower()}"


@dataclass
class Ledger:
    years: list[LedgerYear]
    transfers: list[TransferFacts]

    @property
    def warnings(self) -> list[str]:
        return [w for year in self.years for w in year.warnings]

    def year(self, financial_year: int, position: str = OUTTURN) -> LedgerYear | None:
        return next(
            (y for y in self.years if y.financial_year == financial_year and y.position == position), None
        )


def _positions(year: int, current_year: int) -> tuple[str, ...]:
    return (OUTTURN,) if year < current_year else (UNMITIGATED, MITIGATED)


def net_transfers(transfers: Iterable[TransferFacts]) -> dict[tuple[int, str], Decimal]:
    net: dict[tuple[int, str], Decimal] = {}
    for t in transfers:
        out, into = (t.financial_year, t.from_block), (t.financial_year, t.to_block)
        net[out] = net.get(out, Decimal(0)) - t.amount
        net[into] = net.get(into, Decimal(0)) + t.amount
    return net


def _sum(values: Iterable[Decimal | None]) -> Decimal | None:
    """The DSG total of a column: blank unless every block has a figure (a part is not the whole)."""
    values = list(values)
    return None if any(v is None for v in values) else sum(values, Decimal(0))


def _differs(a: Decimal | None, b: Decimal | None) -> bool:
    return a is not None and b is not None and abs(a - b) > TOLERANCE


def build_ledger(
    *,
    lines: Iterable[LineFacts],
    transfers: Iterable[TransferFacts],
    forecast: Iterable[ForecastFacts] = (),
    current_year: int,
    dfe_totals: dict[int, Decimal] | None = None,
    s251_carried_forward: dict[int, Decimal] | None = None,
) -> Ledger:
    """Every year of the ledger, oldest first; a forecast year twice (unmitigated, then mitigated)."""
    transfers = list(transfers)
    dfe_totals = dfe_totals or {}
    s251_carried_forward = s251_carried_forward or {}
    stored = {(f.financial_year, f.block, f.position): f for f in lines}
    forecast_by = {(f.financial_year, f.position): f for f in forecast}
    net = net_transfers(transfers)
    years = sorted(
        {y for y, _, _ in stored} | {t.financial_year for t in transfers} | {y for y, _ in forecast_by}
    )
    result: list[LedgerYear] = []
    previous: dict[tuple[str, str], LedgerRow] = {}  # (block, position) -> the row of the year before
    for year in years:
        for position in _positions(year, current_year):
            rows, warnings = [], []
            for block, label in BLOCKS:
                facts = stored.get((year, block, position))
                if facts is None and position == MITIGATED:
                    facts = stored.get((year, block, UNMITIGATED))  # mitigation changes High Needs alone
                row = LedgerRow(year, block, position, transfers=net.get((year, block), Decimal(0)))
                stated_cf = None
                if facts is not None:
                    row.income, row.income_basis = facts.income, facts.income_basis
                    row.expenditure, row.expenditure_basis = facts.expenditure, facts.expenditure_basis
                    row.line_id = facts.line_id
                    if facts.brought_forward is not None:
                        row.brought_forward = facts.brought_forward
                        row.brought_forward_basis = facts.brought_forward_basis
                elif block == "high_needs" and (year, position) in forecast_by:
                    f = forecast_by[(year, position)]
                    # The forecast's funding includes the transfers into High Needs (projections.engine adds
                    # the Schools Block transfer to funding): the ledger shows them once, as transfers.
                    income = None if f.funding is None else f.funding - row.transfers
                    row.income, row.expenditure = income, f.spend
                    row.income_basis = row.expenditure_basis = "forecast" if f.funding is not None else ""
                    if f.spend is None:
                        row.expenditure_basis = ""
                    stated_cf = None if f.cumulative_deficit is None else -f.cumulative_deficit
                before_position = position if (year - 1) >= current_year else OUTTURN
                before = previous.get((block, before_position)) if (year - 1) in years else None
                before_cf = None if before is None else before.carried_forward
                if row.brought_forward is None:
                    row.brought_forward = before_cf
                    row.brought_forward_basis = "derived" if before_cf is not None else ""
                elif _differs(row.brought_forward, before_cf):
                    warnings.append(
                        f"{fy_label(year)} {label}: brought forward {pounds(row.brought_forward)} is not "
                        f"{fy_label(year - 1)}'s carried forward {pounds(before_cf)}."
                    )
                if row.in_year is not None and row.brought_forward is not None:
                    row.carried_forward = row.brought_forward + row.in_year
                    row.carried_forward_basis = "derived"
                    if _differs(row.carried_forward, stated_cf):
                        warnings.append(
                            f"{fy_label(year)} High Needs ({POSITION_LABEL[position].lower()}): the ledger "
                            f"carries forward {pounds(row.carried_forward)}; the current forecast's "
                            f"cumulative deficit gives {pounds(stated_cf)}."
                        )
                elif stated_cf is not None:
                    row.carried_forward, row.carried_forward_basis = stated_cf, "forecast"
                if facts is None and row.income is None and row.carried_forward is None:
                    warnings.append(f"{fy_label(year)}: no figures for the {label} block.")
                elif facts is not None and row.expenditure is None:
                    warnings.append(f"{fy_label(year)} {label}: expenditure not entered yet.")
                if row.brought_forward is None and facts is not None and row.in_year is not None:
                    warnings.append(
                        f"{fy_label(year)} {label}: no balance brought forward (no figures for "
                        f"{fy_label(year - 1)}); enter the balance brought forward to carry it on."
                    )
                rows.append(row)
            total = LedgerRow(
                year,
                "total",
                position,
                income=_sum(r.income for r in rows),
                transfers=sum((r.transfers for r in rows), Decimal(0)),
                expenditure=_sum(r.expenditure for r in rows),
                brought_forward=_sum(r.brought_forward for r in rows),
                carried_forward=_sum(r.carried_forward for r in rows),
            )
            schools = rows[0]
            out = sum(
                (t.amount for t in transfers if t.financial_year == year and t.from_block == "schools"),
                Decimal(0),
            )
            if out and schools.income and out > schools.income * SCHOOLS_TRANSFER_LIMIT:
                warnings.append(
                    f"{fy_label(year)}: {pounds(out)} moved out of the Schools block is more than 0.5% of it "
                    "(the Schools Forum may agree up to 0.5%; more needs the Secretary of State's approval)."
                )
            if position != MITIGATED and _differs(total.income, dfe_totals.get(year)):
                warnings.append(
                    f"{fy_label(year)}: the blocks' income adds up to {pounds(total.income)}; the DfE's DSG "
                    f"allocation after deductions is {pounds(dfe_totals[year])}."
                )
            s251 = s251_carried_forward.get(year) if position == OUTTURN else None
            if s251 is not None and (total.carried_forward is None or _differs(total.carried_forward, s251)):
                ledger_text = (
                    "has no carried forward"
                    if total.carried_forward is None
                    else f"gives {pounds(total.carried_forward)}"
                )
                warnings.append(
                    f"{fy_label(year)}: the s251 outturn (line 1.9.3) carries forward {pounds(s251)}; "
                    f"the ledger {ledger_text}."
                )
            for row in rows:
                previous[(row.block, position)] = row
            result.append(LedgerYear(year, position, rows, total, warnings))
    return Ledger(result, transfers)


def allocation_income(figures: dict[tuple[str, str], Decimal], period: str) -> dict[str, Decimal]:
    """Each block's DSG income for one year ("2023-24") from the DfE's allocations: Central School Services,
    Early Years and High Needs (after academy deductions) as allocated; Schools after academy recoupment,
    which the DfE gives only inside the total after recoupment and deductions, so it is that total less the
    other three. Blocks the DfE has no figure for are left out."""
    found = {block: figures[(block, period)] for block, _ in BLOCKS if (block, period) in figures}
    total = figures.get(("total", period))
    others = [found.get(b) for b in ("central", "early_years", "high_needs")]
    if total is not None and all(v is not None for v in others):
        found["schools"] = total - sum(others, Decimal(0))
    return found


def s251_high_needs_expenditure(figures: dict[tuple[str, str], Decimal], period: str) -> Decimal | None:
    """The High Needs block's expenditure of one year ("2023-24") as the s251 outturn gives it: its high-needs
    lines (net) less SEN transport (line 1.4.11, paid from the council's general fund, not the DSG); None
    when the DfE store has no s251 outturn for the year."""
    total = figures.get(("s251_high_needs", period))
    if total is None:
        return None
    return total - figures.get(("s251_sen_transport", period), Decimal(0))
