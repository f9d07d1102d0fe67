"""Every write to agreements: keyword-only, typed, atomic, recorded (simple-history names the user), and
refusing bad input with ``core.errors.Refused`` before anything is saved."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from agreements.models import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    CapitalProject,
    CapitalStatus,
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
from agreements.reform import DEFAULT_PRINCIPLES, Assessment, dfe_series_choices
from agreements.selectors import reform_contents, return_contents
from core.durations import long_date
from core.errors import Refused
from core.financial_years import fy_label
from core.money import pounds
from recovery.data_version import council_lock
from recovery.models import Council, LeadOfficer, RecoveryPlan
from workstreams.models import Workstream
from workstreams.rag import Rag
from workstreams.services.recording import Direction, move_among, recorded

DBV_GRANT_LIMIT = Decimal(1_000_000)


def _save_once(instance, message: str) -> None:
    """Save a new row that a unique constraint allows once; a lost race (someone saved the same a moment
    before) is refused with ``message``, never a 500."""
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError:
        raise Refused(message) from None  # the DfE's DBV grant: up to £1m a council


class ReturnSubmitted(Refused):
    """The return was submitted already: it is frozen."""


@dataclass(frozen=True)
class AgreementDetails:
    kind: str
    title: str
    agreed_on: date
    first_year: int
    last_year: int
    dfe_contribution: Decimal
    council_contribution: Decimal = Decimal(0)
    tolerance: Decimal = Decimal("0.05")


def _check_agreement(details: AgreementDetails) -> None:
    if details.kind not in AgreementKind.values:
        raise Refused("Choose the kind of agreement.", "kind")
    if not details.title.strip():
        raise Refused("Enter the agreement's title.", "title")
    if details.last_year < details.first_year:
        raise Refused("The last year of the term must not be before the first.", "last_year")
    if details.dfe_contribution < 0:
        raise Refused("The DfE contribution cannot be negative.", "dfe_contribution")
    if details.council_contribution < 0:
        raise Refused("The council contribution cannot be negative.", "council_contribution")
    if details.kind == AgreementKind.DBV and details.dfe_contribution > DBV_GRANT_LIMIT:
        raise Refused(f"The DBV grant is up to {pounds(DBV_GRANT_LIMIT)}.", "dfe_contribution")
    if not (Decimal(0) <= details.tolerance <= Decimal(1)):
        raise Refused("The tolerance is a share between 0 and 1 (0.05 = 5%).", "tolerance")


@transaction.atomic
def agreement_create(
    *, council: Council, plan: RecoveryPlan, user: AbstractBaseUser | None, details: AgreementDetails
) -> Agreement:
    if plan.council_id != council.pk:
        raise Refused("The plan that delivers the agreement must be this council's.", "plan")
    _check_agreement(details)
    council_lock(council=council)
    agreement = Agreement(council=council, plan=plan, **details.__dict__)
    recorded(agreement, user).save()
    if agreement.kind == AgreementKind.REFORM_PLAN:
        for position, (principle, description) in enumerate(DEFAULT_PRINCIPLES, start=1):
            section = ReformSection(
                agreement=agreement, position=position, principle=principle, description=description
            )
            recorded(section, user).save()
    return agreement


@transaction.atomic
def agreement_edit(
    *, agreement: Agreement, user: AbstractBaseUser | None, details: AgreementDetails
) -> Agreement:
    """Correct the agreement's terms. Its kind stays (its records are of that kind); a term that would leave
    trajectory years outside it is refused."""
    if details.kind != agreement.kind:
        raise Refused("An agreement's kind cannot change: add a new agreement instead.", "kind")
    _check_agreement(details)
    council_lock(council=agreement.council_id)
    outside = (
        TrajectoryYear.objects.filter(agreement=agreement)
        .exclude(financial_year__range=(details.first_year, details.last_year))
        .order_by("financial_year")
        .first()
    )
    if outside is not None:
        raise Refused(f"The trajectory has {outside.label}, outside that term.", "first_year")
    agreement = Agreement.objects.get(pk=agreement.pk)
    for name, value in details.__dict__.items():
        setattr(agreement, name, value)
    recorded(agreement, user).save(update_fields=list(details.__dict__))
    return agreement


@transaction.atomic
def agreement_status_set(
    *, agreement: Agreement, user: AbstractBaseUser | None, status: str, note: str = ""
) -> Agreement:
    if status not in AgreementStatus.values:
        raise Refused("Choose a status.", "status")
    council_lock(council=agreement.council_id)
    agreement = Agreement.objects.get(pk=agreement.pk)
    if agreement.status == status:
        raise Refused(f"The agreement is {agreement.get_status_display().lower()} already.", "status")
    agreement.status, agreement.status_note = status, note.strip()
    recorded(agreement, user).save(update_fields=["status", "status_note"])
    return agreement


@dataclass(frozen=True)
class TrajectoryFigures:
    financial_year: int
    deficit_excluding_dfe: Decimal
    deficit_including_dfe: Decimal
    in_year_target: Decimal


def _check_years(agreement: Agreement, years: list[TrajectoryFigures]) -> None:
    if not years:
        raise Refused("Enter at least one year of the trajectory.", "financial_year")
    seen = set()
    for y in years:
        if not agreement.first_year <= y.financial_year <= agreement.last_year:
            raise Refused(
                f"{fy_label(y.financial_year)} is outside the agreement's term ({agreement.term_label}).",
                "financial_year",
            )
        if y.financial_year in seen:
            raise Refused(f"{fy_label(y.financial_year)} is entered twice.", "financial_year")
        seen.add(y.financial_year)


@transaction.atomic
def trajectory_year_set(
    *, agreement: Agreement, user: AbstractBaseUser | None, figures: TrajectoryFigures
) -> TrajectoryYear:
    """Set one year of the current revision of the trajectory (a new year, or a correction)."""
    _check_years(agreement, [figures])
    council_lock(council=agreement.council_id)
    revision = Agreement.objects.values_list("trajectory_revision", flat=True).get(pk=agreement.pk)
    year = TrajectoryYear.objects.filter(
        agreement=agreement, revision=revision, financial_year=figures.financial_year
    ).first() or TrajectoryYear(agreement=agreement, revision=revision, financial_year=figures.financial_year)
    year.deficit_excluding_dfe = figures.deficit_excluding_dfe
    year.deficit_including_dfe = figures.deficit_including_dfe
    year.in_year_target = figures.in_year_target
    recorded(year, user).save()
    return year


@transaction.atomic
def trajectory_revise(
    *, agreement: Agreement, user: AbstractBaseUser | None, years: list[TrajectoryFigures]
) -> int:
    """A revised agreement: a new revision of the whole trajectory; the earlier one is kept for comparison."""
    _check_years(agreement, years)
    council_lock(council=agreement.council_id)
    agreement = Agreement.objects.get(pk=agreement.pk)
    agreement.trajectory_revision += 1
    recorded(agreement, user).save(update_fields=["trajectory_revision"])
    for y in years:
        recorded(
            TrajectoryYear(agreement=agreement, revision=agreement.trajectory_revision, **y.__dict__), user
        ).save()
    return agreement.trajectory_revision


def _sum(agreement: Agreement, kinds: list[str]) -> Decimal:
    return Payment.objects.filter(agreement=agreement, kind__in=kinds).aggregate(t=Sum("amount"))[
        "t"
    ] or Decimal(0)


@transaction.atomic
def payment_record(
    *,
    agreement: Agreement,
    user: AbstractBaseUser | None,
    kind: str,
    on: date,
    amount: Decimal,
    note: str = "",
) -> Payment:
    """Record a DfE payment. Paid and backdated payments together never exceed the DfE's contribution,
    scheduled ones neither, and no more can be withheld than is still to be received."""
    if kind not in PaymentKind.values:
        raise Refused("Choose whether the payment is scheduled, paid, withheld or backdated.", "kind")
    if amount is None or amount <= 0:
        raise Refused("Enter an amount greater than £0.", "amount")
    council_lock(council=agreement.council_id)
    contribution = Agreement.objects.values_list("dfe_contribution", flat=True).get(pk=agreement.pk)
    received = _sum(agreement, [PaymentKind.PAID, PaymentKind.BACKDATED])
    if kind == PaymentKind.SCHEDULED:
        remaining = contribution - _sum(agreement, [PaymentKind.SCHEDULED])
        what = "still to schedule"
    elif kind == PaymentKind.WITHHELD:
        # Withheld now: withheld less what was since backdated (paid late once the council kept to it).
        held = max(
            _sum(agreement, [PaymentKind.WITHHELD]) - _sum(agreement, [PaymentKind.BACKDATED]), Decimal(0)
        )
        remaining = contribution - received - held
        what = "still to be received and not already withheld"
    else:
        remaining = contribution - received
        what = "of the DfE contribution still to be received"
    if amount > remaining:
        raise Refused(
            f"{pounds(amount)} is more than the {pounds(max(remaining, Decimal(0)))} {what}.", "amount"
        )
    payment = Payment(agreement=agreement, kind=kind, on=on, amount=amount, note=note.strip())
    recorded(payment, user).save()
    return payment


def payment_words(payment: Payment) -> str:
    """A payment in words, as the confirmation page asks and the removal says."""
    kind = payment.get_kind_display().lower()
    return f"the {kind} payment of {pounds(payment.amount)} on {long_date(payment.on)}"


@transaction.atomic
def payment_delete(*, payment: Payment, user: AbstractBaseUser | None) -> str:
    """Remove a payment recorded in error; returns what was removed, in words. Removing one never breaks the
    limits payment_record keeps (it only lowers what was scheduled, received or withheld). The history keeps
    the row and who removed it."""
    council_lock(council=payment.agreement.council_id)
    payment = Payment.objects.select_for_update().filter(pk=payment.pk).first()
    if payment is None:
        raise Refused("That payment was removed already.")
    words = payment_words(payment)
    recorded(payment, user).delete()
    return words


@dataclass(frozen=True)
class ConditionDetails:
    number: int
    text: str
    owner: LeadOfficer | None
    due: date | None = None
    workstreams: tuple[Workstream, ...] = ()


def _check_condition(agreement: Agreement, details: ConditionDetails) -> None:
    if details.number is None or details.number < 1:
        raise Refused("Enter the condition's number (1 or more).", "number")
    if not details.text.strip():
        raise Refused("Enter the condition's text.", "text")
    if details.owner is None:
        raise Refused("Choose the lead officer who owns the condition.", "owner")
    if details.owner.council_id != agreement.council_id:
        raise Refused("The owner must be a lead officer of this council.", "owner")
    if any(w.plan.council_id != agreement.council_id for w in details.workstreams):
        raise Refused("Only this council's workstreams can deliver its conditions.", "workstreams")


@transaction.atomic
def condition_create(
    *, agreement: Agreement, user: AbstractBaseUser | None, details: ConditionDetails
) -> Condition:
    _check_condition(agreement, details)
    council_lock(council=agreement.council_id)
    if Condition.objects.filter(agreement=agreement, number=details.number).exists():
        raise Refused(f"The agreement has a condition {details.number} already.", "number")
    condition = Condition(
        agreement=agreement,
        number=details.number,
        text=details.text.strip(),
        owner=details.owner,
        due=details.due,
    )
    _save_once(recorded(condition, user), f"The agreement has a condition {details.number} already.")
    condition.workstreams.set(details.workstreams)
    return condition


@transaction.atomic
def condition_edit(
    *, condition: Condition, user: AbstractBaseUser | None, details: ConditionDetails
) -> Condition:
    """Correct a condition's number, text, owner, due date or workstreams (its RAG is condition_update's)."""
    agreement = condition.agreement
    _check_condition(agreement, details)
    council_lock(council=agreement.council_id)
    if Condition.objects.filter(agreement=agreement, number=details.number).exclude(pk=condition.pk).exists():
        raise Refused(f"The agreement has a condition {details.number} already.", "number")
    condition = Condition.objects.select_for_update().get(pk=condition.pk)
    condition.number, condition.text = details.number, details.text.strip()
    condition.owner, condition.due = details.owner, details.due
    recorded(condition, user).save(update_fields=["number", "text", "owner", "due"])
    condition.workstreams.set(details.workstreams)
    return condition


@transaction.atomic
def condition_update(
    *,
    condition: Condition,
    user: AbstractBaseUser | None,
    rag: str,
    commentary: str,
    hold_reason: str = "",
    met_on: date | None = None,
) -> Condition:
    """The owner's RAG and commentary; an overdue condition is Red unless a reason for its RAG is given."""
    if rag and rag not in Rag.values:
        raise Refused("Choose Green, Amber or Red.", "rag")
    if not commentary.strip():
        raise Refused("Enter a commentary on the condition.", "commentary")
    council_lock(council=condition.agreement.council_id)
    condition = Condition.objects.select_for_update().get(pk=condition.pk)
    condition.rag, condition.commentary = rag, commentary.strip()
    condition.hold_reason, condition.met_on = hold_reason.strip(), met_on
    recorded(condition, user).save(update_fields=["rag", "commentary", "hold_reason", "met_on"])
    return condition


@transaction.atomic
def return_create(
    *, agreement: Agreement, user: AbstractBaseUser | None, financial_year: int, quarter: int
) -> QuarterlyReturn:
    if agreement.kind == AgreementKind.REFORM_PLAN:
        raise Refused("A local SEND reform plan has no quarterly return to the DfE.")
    if quarter not in (1, 2, 3, 4):
        raise Refused("Choose quarter 1, 2, 3 or 4.", "quarter")
    if not agreement.first_year <= financial_year <= agreement.last_year:
        raise Refused(
            f"{fy_label(financial_year)} is outside the agreement's term ({agreement.term_label}).",
            "financial_year",
        )
    council_lock(council=agreement.council_id)
    if QuarterlyReturn.objects.filter(
        agreement=agreement, financial_year=financial_year, quarter=quarter
    ).exists():
        raise Refused(
            f"There is a return for {fy_label(financial_year)} quarter {quarter} already.", "quarter"
        )
    ret = QuarterlyReturn(agreement=agreement, financial_year=financial_year, quarter=quarter)
    _save_once(recorded(ret, user), f"There is a return for {ret.label} already.")
    return ret


@transaction.atomic
def return_edit(
    *,
    quarterly_return: QuarterlyReturn,
    user: AbstractBaseUser | None,
    narrative: str,
    risks: str,
) -> QuarterlyReturn:
    """A draft's narrative and risks (its capital projects are the agreement's: capital_project_set)."""
    council_lock(council=quarterly_return.agreement.council_id)
    ret = QuarterlyReturn.objects.select_for_update().get(pk=quarterly_return.pk)
    if ret.is_submitted:
        raise ReturnSubmitted(f"The return for {ret.label} is submitted, so it cannot be changed.")
    ret.narrative, ret.risks = narrative.strip(), risks.strip()
    recorded(ret, user).save(update_fields=["narrative", "risks"])
    return ret


@transaction.atomic
def return_submit(*, quarterly_return: QuarterlyReturn, user: AbstractBaseUser | None) -> QuarterlyReturn:
    """Freeze the return: its contents now become its snapshot. Submitting twice is refused (a conditional
    update, so two people pressing the button at once cannot both submit)."""
    council_lock(council=quarterly_return.agreement.council_id)
    ret = QuarterlyReturn.objects.select_related("agreement").get(pk=quarterly_return.pk)
    if ret.is_submitted:
        raise ReturnSubmitted(f"The return for {ret.label} was submitted already.")
    snapshot = return_contents(quarterly_return=ret)
    now = timezone.now()
    snapshot["status"] = ReturnStatus.SUBMITTED.label
    snapshot["submitted_at"] = now.isoformat()
    snapshot["submitted_by"] = user.get_full_name() or user.get_username() if user else ""
    changed = QuarterlyReturn.objects.filter(pk=ret.pk, status=ReturnStatus.DRAFT).update(
        status=ReturnStatus.SUBMITTED, submitted_at=now, submitted_by=user, snapshot=snapshot
    )
    if not changed:
        raise ReturnSubmitted(f"The return for {ret.label} was submitted already.")
    ret.refresh_from_db()
    recorded(ret, user).save(update_fields=["status"])  # a history row naming who submitted
    return ret


@dataclass(frozen=True)
class CapitalProjectDetails:
    name: str
    budget: Decimal
    spent: Decimal = Decimal(0)
    status: str = CapitalStatus.PLANNED
    expected_completion: date | None = None
    commentary: str = ""


@transaction.atomic
def capital_project_set(
    *,
    agreement: Agreement,
    user: AbstractBaseUser | None,
    details: CapitalProjectDetails,
    project: CapitalProject | None = None,
) -> CapitalProject:
    """Add a capital project to a Safety Valve agreement, or correct one (``project``); the next return
    submitted freezes them as they stand."""
    if agreement.kind != AgreementKind.SAFETY_VALVE:
        raise Refused("Capital projects are reported on a Safety Valve agreement's returns.")
    name = details.name.strip()
    if not name:
        raise Refused("Enter the project's name.", "name")
    if details.budget is None or details.budget < 0:
        raise Refused("Enter the project's budget (£0 or more).", "budget")
    if details.spent is None or details.spent < 0:
        raise Refused("Enter the spend to date (£0 or more).", "spent")
    if details.status not in CapitalStatus.values:
        raise Refused("Choose the project's status.", "status")
    council_lock(council=agreement.council_id)
    same_name = CapitalProject.objects.filter(agreement=agreement, name__iexact=name)
    if project is not None:
        same_name = same_name.exclude(pk=project.pk)
    if same_name.exists():
        raise Refused(f"The agreement has a capital project “{name}” already.", "name")
    if project is None:
        project = CapitalProject(agreement=agreement)
    else:
        project = CapitalProject.objects.select_for_update().get(pk=project.pk, agreement=agreement)
    project.name, project.budget, project.spent = name, details.budget, details.spent
    project.status, project.expected_completion = details.status, details.expected_completion
    project.commentary = details.commentary.strip()
    _save_once(recorded(project, user), f"The agreement has a capital project “{name}” already.")
    return project


def capital_project_words(project: CapitalProject) -> str:
    return f"the capital project “{project.name}”"


@transaction.atomic
def capital_project_delete(*, project: CapitalProject, user: AbstractBaseUser | None) -> str:
    """Remove a capital project recorded in error (returns already submitted keep it in their snapshot);
    returns what was removed, in words."""
    council_lock(council=project.agreement.council_id)
    project = CapitalProject.objects.select_for_update().filter(pk=project.pk).first()
    if project is None:
        raise Refused("That capital project was removed already.")
    words = capital_project_words(project)
    recorded(project, user).delete()
    return words


def _check_dbv(agreement: Agreement, workstream: Workstream, financial_year: int) -> None:
    if agreement.kind != AgreementKind.DBV:
        raise Refused("Grant spend and cost avoidance belong to a Delivering Better Value plan.")
    if workstream.plan_id != agreement.plan_id:
        raise Refused("Choose a workstream of the plan that delivers this agreement.", "workstream")
    if not agreement.first_year <= financial_year <= agreement.last_year:
        raise Refused(
            f"{fy_label(financial_year)} is outside the agreement's term ({agreement.term_label}).",
            "financial_year",
        )


@transaction.atomic
def grant_spend_set(
    *,
    agreement: Agreement,
    user: AbstractBaseUser | None,
    workstream: Workstream,
    financial_year: int,
    allocated: Decimal,
    spent: Decimal,
) -> GrantSpend:
    """The grant allocated to a workstream in a year and what it spent; allocations never exceed the grant."""
    _check_dbv(agreement, workstream, financial_year)
    if allocated < 0:
        raise Refused("The allocation cannot be negative.", "allocated")
    if spent < 0:
        raise Refused("The spend cannot be negative.", "spent")
    council_lock(council=agreement.council_id)
    grant = Agreement.objects.values_list("dfe_contribution", flat=True).get(pk=agreement.pk)
    others = GrantSpend.objects.filter(agreement=agreement).exclude(
        workstream=workstream, financial_year=financial_year
    ).aggregate(t=Sum("allocated"))["t"] or Decimal(0)
    if others + allocated > grant:
        raise Refused(
            f"Allocations would total {pounds(others + allocated)}, more than the grant of {pounds(grant)}.",
            "allocated",
        )
    row = GrantSpend.objects.filter(
        agreement=agreement, workstream=workstream, financial_year=financial_year
    ).first() or GrantSpend(agreement=agreement, workstream=workstream, financial_year=financial_year)
    row.allocated, row.spent = allocated, spent
    recorded(row, user).save()
    return row


def grant_spend_words(row: GrantSpend) -> str:
    return (
        f"the allocation of {pounds(row.allocated)} to {row.workstream.code} {row.workstream.title} in "
        f"{row.label} (spent {pounds(row.spent)})"
    )


@transaction.atomic
def grant_spend_delete(*, grant_spend: GrantSpend, user: AbstractBaseUser | None) -> str:
    """Remove a workstream's allocation and spend for a year, recorded in error; returns what was removed, in
    words. The history keeps the row and who removed it."""
    council_lock(council=grant_spend.agreement.council_id)
    row = (
        GrantSpend.objects.select_for_update().select_related("workstream").filter(pk=grant_spend.pk).first()
    )
    if row is None:
        raise Refused("That allocation was removed already.")
    words = grant_spend_words(row)
    recorded(row, user).delete()
    return words


@transaction.atomic
def cost_avoidance_set(
    *,
    agreement: Agreement,
    user: AbstractBaseUser | None,
    workstream: Workstream,
    financial_year: int,
    amount: Decimal,
    note: str = "",
) -> CostAvoidance:
    """Spend the workstream avoided in the year, against the unmitigated forecast."""
    _check_dbv(agreement, workstream, financial_year)
    if amount < 0:
        raise Refused("Enter the cost avoided as £0 or more.", "amount")
    council_lock(council=agreement.council_id)
    row = CostAvoidance.objects.filter(
        agreement=agreement, workstream=workstream, financial_year=financial_year
    ).first() or CostAvoidance(agreement=agreement, workstream=workstream, financial_year=financial_year)
    row.amount, row.note = amount, note.strip()
    recorded(row, user).save()
    return row


@transaction.atomic
def section_create(
    *, agreement: Agreement, user: AbstractBaseUser | None, principle: str, description: str = ""
) -> ReformSection:
    """A section beyond the defaults: the principles are data, so a council adds what the template asks."""
    if agreement.kind != AgreementKind.REFORM_PLAN:
        raise Refused("Sections belong to a local SEND reform plan.")
    if not principle.strip():
        raise Refused("Enter the section's principle.", "principle")
    council_lock(council=agreement.council_id)
    if ReformSection.objects.filter(agreement=agreement, principle__iexact=principle.strip()).exists():
        raise Refused(f"The plan has a section “{principle.strip()}” already.", "principle")
    last = ReformSection.objects.filter(agreement=agreement).order_by("-position").first()
    section = ReformSection(
        agreement=agreement,
        position=(last.position + 1) if last else 1,
        principle=principle.strip(),
        description=description.strip(),
    )
    _save_once(recorded(section, user), f"The plan has a section “{section.principle}” already.")
    return section


@transaction.atomic
def section_move(*, section: ReformSection, user: AbstractBaseUser | None, direction: Direction) -> None:
    """Move a section one place up or down in its reform plan (positions renumbered 1..n, each move recorded);
    the first section moved up, or the last down, stays where it is."""
    if direction not in ("up", "down"):
        raise Refused("Move a section up or down.")
    council_lock(council=section.agreement.council_id)
    siblings = list(
        ReformSection.objects.filter(agreement=section.agreement_id)
        .select_for_update()
        .order_by("position", "pk")
    )
    if section.pk in {s.pk for s in siblings}:
        move_among(section, siblings, direction, user)


@transaction.atomic
def section_edit(
    *,
    section: ReformSection,
    user: AbstractBaseUser | None,
    narrative: str,
    self_assessment: str,
    evidence: str,
    workstreams: tuple = (),
    levers: tuple = (),
    indicators: tuple = (),
    dfe_series: tuple[str, ...] = (),
) -> ReformSection:
    """A section's narrative, what serves and shows it, and its self-assessment, which needs its evidence."""
    agreement = section.agreement
    if self_assessment and self_assessment not in Assessment.values:
        raise Refused("Choose one of the four points of the DfE's scale.", "self_assessment")
    if self_assessment and not evidence.strip():
        raise Refused("Give the evidence for the self-assessment.", "evidence")
    if any(w.plan_id != agreement.plan_id for w in workstreams):
        raise Refused("Choose workstreams of the plan that delivers this reform plan.", "workstreams")
    if any(lever.plan_id != agreement.plan_id for lever in levers):
        raise Refused("Choose levers of the plan that delivers this reform plan.", "levers")
    if any(i.plan_id != agreement.plan_id for i in indicators):
        raise Refused("Choose indicators of the plan that delivers this reform plan.", "indicators")
    known = {key for key, _ in dfe_series_choices()}
    if any(key not in known for key in dfe_series):
        raise Refused("Choose DfE figures from the list.", "dfe_series")
    council_lock(council=agreement.council_id)
    section = ReformSection.objects.select_for_update().get(pk=section.pk)
    section.narrative, section.self_assessment = narrative.strip(), self_assessment
    section.evidence, section.dfe_series = evidence.strip(), list(dfe_series)
    recorded(section, user).save(update_fields=["narrative", "self_assessment", "evidence", "dfe_series"])
    section.workstreams.set(workstreams)
    section.levers.set(levers)
    section.indicators.set(indicators)
    return section


@transaction.atomic
def reform_plan_publish(*, agreement: Agreement, user: AbstractBaseUser | None) -> ReformPlanVersion:
    """Publish the reform plan as it is now: a new numbered version with its sections frozen. Publishing
    with nothing changed since the last version is refused (a version is never saved twice)."""
    if agreement.kind != AgreementKind.REFORM_PLAN:
        raise Refused("Only a local SEND reform plan is published in versions.")
    council_lock(council=agreement.council_id)
    agreement = Agreement.objects.select_related("council").get(pk=agreement.pk)
    snapshot = reform_contents(agreement=agreement)
    last = ReformPlanVersion.objects.filter(agreement=agreement).order_by("-number").first()
    if last is not None and last.snapshot["sections"] == snapshot["sections"]:
        raise Refused(f"Nothing has changed since version {last.number} was published.")
    snapshot["version"] = (last.number + 1) if last else 1
    snapshot["published_at"] = timezone.now().isoformat()
    version = ReformPlanVersion(
        agreement=agreement,
        number=snapshot["version"],
        published_at=timezone.now(),
        published_by=user,
        snapshot=snapshot,
    )
    _save_once(recorded(version, user), "Someone published a version at the same moment: reload the page.")
    return version
