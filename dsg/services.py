"""Writes to the DSG ledger: keyword-only, atomic, recorded (simple-history: who, when, what changed).

Bad input is refused with ``core.errors.Refused`` naming the field, and nothing is saved: negative income or
expenditure, a year outside the plan, a position that does not fit the year (an ended year has an outturn, a
forecast year an unmitigated and a mitigated position), a transfer without the block it goes to, a transfer
without the Forum decision it rests on, and a block whose stated in-year position does not balance.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.errors import Refused
from core.financial_years import fy_label, fy_of
from core.money import pounds
from dfe.selectors import dsg_store_figures_for_council
from dsg.ledger import (
    BLOCK_LABEL,
    TransferFacts,
    allocation_income,
    net_transfers,
    s251_high_needs_expenditure,
)
from dsg.models import (
    Basis,
    Block,
    DsgLine,
    DsgTransfer,
    EngagementGroup,
    EvidenceSource,
    NarrativeSection,
    PlanNarrative,
    PlanSignOff,
    PlanVersion,
    Position,
    SignOffRole,
    StabilityClaim,
    StabilityFigure,
    StakeholderEngagement,
)
from dsg.plan import plan_snapshot
from dsg.selectors import management_plan_for_council
from dsg.stability import stability_years, year_end
from forum.models import ForumMeeting
from recovery.data_version import council_lock
from recovery.models import Council, RecoveryPlan
from recovery.selectors import plan_for_council

LIMIT = Decimal(10) ** 12


def _save(obj, user) -> None:
    obj._history_user = user  # simple-history records who, even outside a request
    obj.save()


def _plan(council: Council) -> RecoveryPlan:
    plan = plan_for_council(council=council)
    if plan is None:
        raise Refused("The council has no recovery plan yet: add one before its DSG ledger.")
    return plan


def check_year(*, council: Council, financial_year: int, field: str = "financial_year") -> None:
    plan = _plan(council)
    if not plan.first_year <= financial_year <= plan.last_year:
        raise Refused(
            f"{fy_label(financial_year)} is outside the plan ({plan.period_label}): "
            "the ledger holds the plan's years",
            field,
        )


def check_position(*, financial_year: int, position: str) -> None:
    current = fy_of(timezone.localdate())
    if position not in Position.values:
        raise Refused("Choose outturn, unmitigated or mitigated", "position")
    if financial_year < current and position != Position.OUTTURN:
        raise Refused(f"{fy_label(financial_year)} has ended: record its outturn, not a forecast", "position")
    if financial_year >= current and position == Position.OUTTURN:
        raise Refused(
            f"{fy_label(financial_year)} has not ended: record it as unmitigated or mitigated forecast",
            "position",
        )


def _amount(value: Decimal | None, name: str, field: str, *, negative: bool = False) -> None:
    if value is None:
        return
    if abs(value) >= LIMIT:
        raise Refused(f"{name} is too large", field)
    if value < 0 and not negative:
        raise Refused(f"{name} must not be negative", field)


def _net_transfers(council: Council, financial_year: int, block: str) -> Decimal:
    facts = [
        TransferFacts(t.financial_year, t.from_block, t.to_block, t.amount)
        for t in DsgTransfer.objects.filter(council=council, financial_year=financial_year)
    ]
    return net_transfers(facts).get((financial_year, block), Decimal(0))


@transaction.atomic
def dsg_line_record(
    *,
    council: Council,
    user: User | None,
    financial_year: int,
    block: str,
    position: str,
    income: Decimal | None,
    expenditure: Decimal | None,
    income_basis: str = Basis.ENTERED,
    expenditure_basis: str = Basis.ENTERED,
    brought_forward: Decimal | None = None,
    brought_forward_basis: str = Basis.ENTERED,
    in_year: Decimal | None = None,
) -> DsgLine:
    """Record (or correct) one block's figures for one year and position. ``in_year``, when given, is the
    block's in-year position as the council's own ledger states it: refused unless income ± transfers −
    expenditure gives it."""
    council_lock(council=council)
    check_year(council=council, financial_year=financial_year)
    if block not in Block.values:
        raise Refused("Choose a block", "block")
    check_position(financial_year=financial_year, position=position)
    for basis, field in (
        (income_basis, "income_basis"),
        (expenditure_basis, "expenditure_basis"),
        (brought_forward_basis, "brought_forward_basis"),
    ):
        if basis not in Basis.values:
            raise Refused("Choose the basis of the figure", field)
    label = BLOCK_LABEL[block]
    _amount(income, f"{label} income", "income")
    _amount(expenditure, f"{label} expenditure", "expenditure")
    _amount(brought_forward, f"{label} brought forward", "brought_forward", negative=True)
    if in_year is not None:
        if income is None or expenditure is None:
            raise Refused("Enter income and expenditure to check the in-year position against", "in_year")
        transfers = _net_transfers(council, financial_year, block)
        computed = income + transfers - expenditure
        if abs(computed - in_year) > Decimal("0.005"):
            raise Refused(
                f"{label} does not balance: income {pounds(income)}, transfers {pounds(transfers)} and "
                f"expenditure {pounds(expenditure)} give an in-year position of {pounds(computed)}, "
                f"not {pounds(in_year)}",
                "in_year",
            )
    line = (
        DsgLine.objects.select_for_update()
        .filter(council=council, financial_year=financial_year, block=block, position=position)
        .first()
    ) or DsgLine(council=council, financial_year=financial_year, block=block, position=position)
    values = {
        "income": income,
        "income_basis": income_basis,
        "expenditure": expenditure,
        "expenditure_basis": expenditure_basis,
        "brought_forward": brought_forward,
        "brought_forward_basis": brought_forward_basis,
    }
    if line.pk and all(getattr(line, k) == v for k, v in values.items()):
        return line  # nothing changed: no history row
    for name, value in values.items():
        setattr(line, name, value)
    _save(line, user)
    return line


@transaction.atomic
def dsg_transfer_record(
    *,
    council: Council,
    user: User | None,
    financial_year: int,
    from_block: str,
    to_block: str | None,
    amount: Decimal,
    meeting: ForumMeeting | None,
    note: str = "",
) -> DsgTransfer:
    """Record a transfer between two blocks, on the Schools Forum decision it rests on."""
    council_lock(council=council)
    check_year(council=council, financial_year=financial_year)
    if from_block not in Block.values:
        raise Refused("Choose the block the money leaves", "from_block")
    if not to_block or to_block not in Block.values:
        raise Refused("A transfer needs its counterpart: choose the block the money goes to", "to_block")
    if to_block == from_block:
        raise Refused("A transfer moves money between two blocks: choose a different block", "to_block")
    if amount is None or amount <= 0:
        raise Refused("Enter the amount moved, more than £0", "amount")
    _amount(amount, "The amount", "amount")
    if meeting is None:
        raise Refused("Choose the Schools Forum meeting whose decision the transfer rests on", "meeting")
    if meeting.council_id != council.pk:
        raise Refused("That meeting is not one of this council's Schools Forum meetings", "meeting")
    transfer = DsgTransfer(
        council=council,
        financial_year=financial_year,
        from_block=from_block,
        to_block=to_block,
        amount=amount,
        meeting=meeting,
        note=note.strip(),
    )
    _save(transfer, user)
    return transfer


@transaction.atomic
def dsg_transfer_delete(*, transfer: DsgTransfer, user: User | None) -> str:
    """Remove a transfer recorded in error; returns what was removed, in words. The history keeps the row and
    who removed it."""
    council_lock(council=transfer.council_id)
    words = transfer_words(transfer)
    transfer._history_user = user
    transfer.delete()
    return words


def transfer_words(transfer: DsgTransfer) -> str:
    """A transfer in words, as the confirmation page asks and the removal says."""
    source, target = transfer.get_from_block_display(), transfer.get_to_block_display()
    blocks = f"from the {source} block to the {target} block"
    return f"the transfer of {pounds(transfer.amount)} {blocks} in {fy_label(transfer.financial_year)}"


@transaction.atomic
def dsg_income_from_dfe(*, council: Council, user: User | None, financial_year: int) -> list[DsgLine]:
    """Set each block's income for the year to the DfE's DSG allocation (basis "DSG allocation"), creating
    the block's line where there is none (its expenditure still to enter). A forecast year gets it in both
    positions."""
    council_lock(council=council)
    check_year(council=council, financial_year=financial_year)
    store = {k: f.value for k, f in dsg_store_figures_for_council(council=council).items()}
    income = allocation_income(store, fy_label(financial_year))
    if not income:
        raise Refused(
            f"The DfE store has no DSG allocations for {fy_label(financial_year)}", "financial_year"
        )
    current = fy_of(timezone.localdate())
    positions = [Position.OUTTURN] if financial_year < current else [Position.UNMITIGATED, Position.MITIGATED]
    existing = {
        (line.block, line.position): line
        for line in DsgLine.objects.select_for_update().filter(council=council, financial_year=financial_year)
    }
    changed = []
    for position in positions:
        for block, amount in income.items():
            line = existing.get((block, position)) or DsgLine(
                council=council, financial_year=financial_year, block=block, position=position
            )
            if line.pk and line.income == amount and line.income_basis == Basis.DSG_ALLOCATION:
                continue
            line.income, line.income_basis = amount, Basis.DSG_ALLOCATION
            _save(line, user)
            changed.append(line)
    return changed


@transaction.atomic
def dsg_expenditure_from_s251(*, council: Council, user: User | None, financial_year: int) -> DsgLine | None:
    """Set the High Needs block's outturn expenditure for a past year to the s251 outturn's (its high-needs
    lines less SEN transport; basis "s251 outturn"), creating the line where there is none (its income still
    to enter). Returns the line, or None when it already had that figure."""
    council_lock(council=council)
    check_year(council=council, financial_year=financial_year)
    label = fy_label(financial_year)
    if financial_year >= fy_of(timezone.localdate()):
        raise Refused(
            f"{label} has no outturn yet: the s251 outturn is of a year that has ended", "financial_year"
        )
    store = {k: f.value for k, f in dsg_store_figures_for_council(council=council).items()}
    amount = s251_high_needs_expenditure(store, label)
    if amount is None:
        raise Refused(f"The DfE store has no s251 outturn for {label}", "financial_year")
    line = DsgLine.objects.select_for_update().filter(
        council=council, financial_year=financial_year, block="high_needs", position=Position.OUTTURN
    ).first() or DsgLine(
        council=council, financial_year=financial_year, block="high_needs", position=Position.OUTTURN
    )
    if line.pk and line.expenditure == amount and line.expenditure_basis == Basis.S251_OUTTURN:
        return None
    line.expenditure, line.expenditure_basis = amount, Basis.S251_OUTTURN
    _save(line, user)
    return line


# --- the High Needs Stability Grant evidence ---------------------------------------------------------------


def _stability_year(financial_year: int) -> None:
    years = stability_years()
    if financial_year not in years:
        ends = [f"31 March {y + 1}" for y in years]
        which = (
            f"year ending {ends[0]}"
            if len(ends) == 1
            else f"years ending {', '.join(ends[:-1])} and {ends[-1]}"
        )
        raise Refused(f"The DfE asks for this evidence for the {which} only", "financial_year")


@transaction.atomic
def stability_figure_record(
    *,
    council: Council,
    user: User | None,
    financial_year: int,
    source: str,
    deficit: Decimal | None,
    document: str,
    document_date: date | None,
    explanation: str = "",
) -> StabilityFigure:
    """Record (or correct) one of the five figures, with the document it comes from and its date."""
    council_lock(council=council)
    _stability_year(financial_year)
    if source not in EvidenceSource.values:
        raise Refused("Choose which of the five figures this is", "source")
    if source == EvidenceSource.S251 and (
        "s251_carried_forward",
        fy_label(financial_year),
    ) in dsg_store_figures_for_council(council=council):
        raise Refused("The s251 figure is read from the DfE's s251 outturn in the store: it is not entered")
    if deficit is None:
        raise Refused("Enter the high-needs deficit this document gives", "deficit")
    _amount(deficit, "The deficit", "deficit")
    if not document.strip():
        raise Refused("Name the document the figure comes from", "document")
    if document_date is None:
        raise Refused("Enter the date of the document", "document_date")
    end = year_end(financial_year)
    if document_date <= end:
        raise Refused(f"The document must be dated after the year end ({end:%-d %B %Y})", "document_date")
    if document_date > timezone.localdate():
        raise Refused("The document's date must not be in the future", "document_date")
    figure = (
        StabilityFigure.objects.select_for_update()
        .filter(council=council, financial_year=financial_year, source=source)
        .first()
    ) or StabilityFigure(council=council, financial_year=financial_year, source=source)
    figure.deficit, figure.document, figure.document_date = deficit, document.strip(), document_date
    figure.explanation = explanation.strip()
    _save(figure, user)
    return figure


@transaction.atomic
def stability_claim_record(
    *,
    council: Council,
    user: User | None,
    financial_year: int,
    non_high_needs: Decimal | None,
    note: str = "",
) -> StabilityClaim:
    """Record the part of the deficit that is not high needs (the DfE excludes it)."""
    council_lock(council=council)
    _stability_year(financial_year)
    if non_high_needs is None:
        raise Refused("Enter the part that is not high needs (0 if there is none)", "non_high_needs")
    _amount(non_high_needs, "The part that is not high needs", "non_high_needs")
    claim = (
        StabilityClaim.objects.select_for_update()
        .filter(council=council, financial_year=financial_year)
        .first()
    ) or StabilityClaim(council=council, financial_year=financial_year)
    claim.non_high_needs, claim.note = non_high_needs, note.strip()
    _save(claim, user)
    return claim


# --- the DSG management plan ---------------------------------------------------------------------------


def _past_date(day: date | None, field: str, what: str) -> date:
    if day is None:
        raise Refused(f"Enter the date {what}", field)
    if day > timezone.localdate():
        raise Refused(f"The date {what} must not be in the future", field)
    return day


@transaction.atomic
def engagement_record(
    *,
    council: Council,
    user: User | None,
    group: str,
    held_on: date | None,
    discussed: str,
    changed: str = "",
) -> StakeholderEngagement:
    """Record one engagement with a stakeholder group: when, what was discussed, what changed."""
    council_lock(council=council)
    if group not in EngagementGroup.values:
        raise Refused("Choose the group engaged", "group")
    _past_date(held_on, "held_on", "of the engagement")
    if not discussed.strip():
        raise Refused("Say what was discussed", "discussed")
    engagement = StakeholderEngagement(
        council=council, group=group, held_on=held_on, discussed=discussed.strip(), changed=changed.strip()
    )
    _save(engagement, user)
    return engagement


@transaction.atomic
def sign_off_record(
    *, council: Council, user: User | None, role: str, name: str, signed_on: date | None
) -> PlanSignOff:
    """Record a sign-off of the plan; earlier ones are kept."""
    council_lock(council=council)
    if role not in SignOffRole.values:
        raise Refused("Choose who signed the plan off", "role")
    if not name.strip():
        raise Refused("Enter the name of the person who signed the plan off", "name")
    _past_date(signed_on, "signed_on", "of the sign-off")
    sign_off = PlanSignOff(council=council, role=role, name=name.strip(), signed_on=signed_on)
    _save(sign_off, user)
    return sign_off


@transaction.atomic
def narrative_save(*, council: Council, user: User | None, section: str, text: str) -> PlanNarrative:
    """Replace one section's narrative (the change history keeps the text it replaces)."""
    council_lock(council=council)
    if section not in NarrativeSection.values:
        raise Refused("No such section of the narrative", "section")
    if not text.strip():
        raise Refused("Write the section's narrative", "text")
    narrative = PlanNarrative.objects.select_for_update().filter(council=council, section=section).first()
    narrative = narrative or PlanNarrative(council=council, section=section)
    if narrative.pk and narrative.text == text.strip():
        return narrative
    narrative.text = text.strip()
    _save(narrative, user)
    return narrative


@transaction.atomic
def plan_publish(*, council: Council, user: User | None, now: datetime | None = None) -> PlanVersion:
    """Publish the plan as it is now: the next version number, its content frozen. Serialised on the council's
    row, so two people publishing at once get two versions in turn, never a clash."""
    council_lock(council=council)
    _plan(council)
    last = (
        PlanVersion.objects.filter(council=council)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    version = PlanVersion(
        council=council,
        number=(last or 0) + 1,
        published_at=now or timezone.now(),
        published_by=user,
        snapshot=plan_snapshot(management_plan_for_council(council=council)),
    )
    try:
        with transaction.atomic():
            _save(version, user)
    except IntegrityError:
        raise Refused(
            "Someone else published a version at the same moment: open the plan and try again"
        ) from None
    return version
