"""Every write to forecasts and actuals. Keyword-only, typed, atomic, and recorded: ``created_by`` where the
model has it, and a simple-history row naming the user for every row created, changed or deleted.

The rules live here, not in views:
- a published forecast is frozen: every change raises ``ForecastFrozen`` (copy it to change it);
- a computed forecast is published only when its figures come from its current inputs;
- one forecast per plan is current, and only a published one can be;
- bad input raises ``ForecastInputError`` naming the field, and nothing is written.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from core.errors import Refused
from core.financial_years import fy_label, is_recorded_year
from projections import engine
from projections.models import (
    Actual,
    FiguresUnit,
    Forecast,
    ForecastInput,
    ForecastKind,
    ForecastLine,
    ForecastSaving,
    ForecastStatus,
    ForecastTransfer,
    ForecastYear,
    ProvisionType,
)
from projections.selectors import forecast_inputs, projection_input, workstream_savings_for_plan
from projections.stored_figures import stored_figures_on_commit
from recovery.data_version import data_changed
from recovery.models import RecoveryPlan

FROZEN_MESSAGE = (
    "“{name}” is published, so it cannot be changed. Copy it to a new draft to change the figures."
)


class ForecastError(Refused):
    """A change the rules refuse. ``str(error)`` is written for the user."""


class ForecastFrozen(ForecastError):
    def __init__(self, forecast: Forecast):
        super().__init__(FROZEN_MESSAGE.format(name=forecast.name))
        self.forecast = forecast


class ForecastInputError(ForecastError):
    """Bad input; ``field`` names the form field it belongs to ("" when it concerns several)."""


User = AbstractBaseUser  # any user model; services only record who did it


@dataclass(frozen=True)
class ForecastDetails:
    """What a forecast is called, the date its figures describe, and the years it covers."""

    name: str
    as_at: date
    first_year: int
    last_year: int
    source: str = ""


@dataclass(frozen=True)
class LineValues:
    """One provision type: places (or plans) and average unit cost in the first year, yearly growth rates
    as fractions (0.05 = 5%)."""

    places: Decimal
    unit_cost: Decimal
    places_growth: Decimal = Decimal(0)
    unit_cost_growth: Decimal = Decimal(0)


@dataclass(frozen=True)
class Assumptions:
    """A computed forecast's inputs; rates are fractions, money is pounds."""

    opening_deficit: Decimal
    funding: Decimal
    funding_growth: Decimal
    transfers: Mapping[int, Decimal]  # financial year -> pounds; 0 or missing = no transfer
    lines: Mapping[str, LineValues]  # provision type -> line; a missing type spends nothing
    success_rate: Decimal
    upper_adjustment: Decimal | None = None
    lower_adjustment: Decimal | None = None


# --- helpers ----------------------------------------------------------------------------------


def _locked(forecast: Forecast) -> Forecast:
    """Re-read the forecast inside the transaction (locking its row where the database can), so a
    concurrent publish is seen before we change it."""
    # of=("self",): PostgreSQL cannot lock the nullable side of the outer join to the inputs.
    return (
        Forecast.objects.select_for_update(of=("self",)).select_related("plan", "inputs").get(pk=forecast.pk)
    )


def _editable(forecast: Forecast) -> Forecast:
    fresh = _locked(forecast)
    if fresh.is_frozen:
        raise ForecastFrozen(fresh)
    return fresh


def _save(obj, user, **kwargs) -> None:
    obj._history_user = user  # simple-history records who, even outside a request
    obj.save(**kwargs)


def _delete(objs, user) -> None:
    for obj in objs:
        obj._history_user = user
        obj.delete()


def check_period(*, first_year: int, last_year: int) -> None:
    """The one rule for a forecast's years: in order, at most the engine's MAX_YEARS. Forms call it too."""
    if last_year < first_year:
        raise ForecastInputError(
            f"Last year ({fy_label(last_year)}) must not be before the first year ({fy_label(first_year)})",
            "last_year",
        )
    years = last_year - first_year + 1
    if years > engine.MAX_YEARS:
        raise ForecastInputError(
            f"A forecast can cover at most {engine.MAX_YEARS} years; this one covers {years}", "last_year"
        )


def _check_details(details: ForecastDetails) -> None:
    if not details.name.strip():
        raise ForecastInputError("Enter a name for the forecast", "name")
    check_period(first_year=details.first_year, last_year=details.last_year)


def check_bounds(*, upper: Decimal | None, lower: Decimal | None) -> None:
    """The one rule for bounds: both growth adjustments or neither, the upper not below the lower."""
    if (upper is None) != (lower is None):
        missing = "lower_adjustment" if lower is None else "upper_adjustment"
        raise ForecastInputError("Give both the upper and the lower bound adjustment, or neither", missing)
    if upper is not None and upper < lower:
        raise ForecastInputError("Upper bound adjustment must not be below the lower one", "upper_adjustment")


ENGINE_FIELDS = {  # the engine names what it refuses; these are the form fields they belong to
    "opening_deficit": "opening_deficit",
    "funding": "funding",
    "funding_growth": "funding_growth",
    "success_rate": "success_rate",
    "bounds['upper']": "upper_adjustment",
    "bounds['lower']": "lower_adjustment",
    "bounds": "upper_adjustment",
}


def _check_assumptions(details: ForecastDetails, assumptions: Assumptions) -> None:
    """Let the engine check everything it checks (ranges, bounds against growth rates), and name the field."""
    check_bounds(upper=assumptions.upper_adjustment, lower=assumptions.lower_adjustment)
    unknown = set(assumptions.lines) - set(ProvisionType.values)
    if unknown:
        raise ForecastInputError(f"Unknown provision type {sorted(unknown)[0]}", "")
    lines = {}
    for key, line in assumptions.lines.items():
        try:
            lines[key] = engine.ExpenditureLine(**vars(line))
        except ValueError as error:
            name = str(error).split(":", 1)[0]
            label = ProvisionType(key).label
            raise ForecastInputError(f"{label}: {error}", f"{key}__{name}") from None
    try:
        engine.ProjectionInput(
            first_year=fy_label(details.first_year),
            years=details.last_year - details.first_year + 1,
            opening_deficit=assumptions.opening_deficit,
            funding=assumptions.funding,
            funding_growth=assumptions.funding_growth,
            lines=lines,
            transfers={fy_label(y): amount for y, amount in assumptions.transfers.items()},
            success_rate=assumptions.success_rate,
            bounds={}
            if assumptions.upper_adjustment is None
            else {"upper": assumptions.upper_adjustment, "lower": assumptions.lower_adjustment},
        )
    except ValueError as error:
        name = str(error).split(":", 1)[0]
        field = f"transfer_{name[11:15]}" if name.startswith("transfers[") else ENGINE_FIELDS.get(name, "")
        raise ForecastInputError(f"Check the inputs: {error}", field) from None


def check_inputs(*, details: ForecastDetails, assumptions: Assumptions) -> None:
    """Raise ``ForecastInputError`` (naming the field where there is one) unless these inputs make a valid
    projection. Forms call it to show the message next to the field; ``forecast_inputs_update`` calls it
    again so nothing invalid is ever stored."""
    _check_details(details)
    _check_assumptions(details, assumptions)


# --- forecasts ----------------------------------------------------------------------------------


@transaction.atomic
def forecast_create(
    *,
    plan: RecoveryPlan,
    user: User | None,
    details: ForecastDetails,
    kind: ForecastKind = ForecastKind.COMPUTED,
    has_bounds: bool = False,
    figures_unit: str = FiguresUnit.POUNDS,
) -> Forecast:
    """A new draft. A computed one starts from the current forecast's inputs (assumptions, bounds, lines and
    the transfers in its period) when the current forecast is computed, else from empty inputs and the
    plan's success rate; it has no figures until it is run. ``figures_unit`` (pounds or £ millions) is how a
    forecast of published figures is typed in and shown."""
    _check_details(details)
    forecast = Forecast(
        plan=plan,
        name=details.name.strip(),
        as_at=details.as_at,
        source=details.source.strip(),
        first_year=details.first_year,
        last_year=details.last_year,
        kind=kind,
        has_bounds=has_bounds and kind == ForecastKind.PUBLISHED_FIGURES,
        figures_unit=FiguresUnit.POUNDS if kind == ForecastKind.COMPUTED else FiguresUnit(figures_unit),
        status=ForecastStatus.DRAFT,
        created_by=user,
    )
    _save(forecast, user)
    if kind == ForecastKind.COMPUTED:
        _start_from_current(forecast, plan, user)
    return forecast


def _start_from_current(forecast: Forecast, plan: RecoveryPlan, user: User | None) -> None:
    current = (
        Forecast.objects.filter(plan=plan, is_current=True, kind=ForecastKind.COMPUTED)
        .select_related("inputs")
        .first()
    )
    source = getattr(current, "inputs", None) if current else None
    inputs = ForecastInput(forecast=forecast, success_rate=plan.success_rate)
    if source is None:
        _save(inputs, user)
        return
    for name in (
        "opening_deficit",
        "funding",
        "funding_growth",
        "success_rate",
        "upper_adjustment",
        "lower_adjustment",
    ):
        setattr(inputs, name, getattr(source, name))
    _save(inputs, user)
    for line in ForecastLine.objects.filter(forecast=current):
        line.pk, line.forecast = None, forecast
        _save(line, user)
    in_period = range(forecast.first_year, forecast.last_year + 1)
    for transfer in ForecastTransfer.objects.filter(forecast=current, financial_year__in=in_period):
        transfer.pk, transfer.forecast = None, forecast
        _save(transfer, user)


@transaction.atomic
def forecast_inputs_update(
    *, forecast: Forecast, user: User | None, details: ForecastDetails, assumptions: Assumptions
) -> ForecastInput:
    """Save a computed draft's details and inputs. The figures are not recomputed: run the forecast."""
    forecast = _editable(forecast)
    if not forecast.is_computed:
        raise ForecastInputError("This forecast holds published figures only: it has no inputs to change")
    check_inputs(details=details, assumptions=assumptions)

    for name in ("name", "source"):
        setattr(forecast, name, getattr(details, name).strip())
    forecast.as_at, forecast.first_year, forecast.last_year = (
        details.as_at,
        details.first_year,
        details.last_year,
    )
    _save(forecast, user)

    inputs = getattr(forecast, "inputs", None) or ForecastInput(forecast=forecast)
    inputs.opening_deficit = assumptions.opening_deficit
    inputs.funding = assumptions.funding
    inputs.funding_growth = assumptions.funding_growth
    inputs.success_rate = assumptions.success_rate
    inputs.upper_adjustment = assumptions.upper_adjustment
    inputs.lower_adjustment = assumptions.lower_adjustment
    inputs.updated_at = timezone.now()
    _save(inputs, user)

    existing = {line.provision_type: line for line in ForecastLine.objects.filter(forecast=forecast)}
    for key, values in assumptions.lines.items():
        line = existing.pop(key, None) or ForecastLine(forecast=forecast, provision_type=key)
        if line.pk is None or any(getattr(line, n) != v for n, v in vars(values).items()):
            for name, value in vars(values).items():
                setattr(line, name, value)
            _save(line, user)
    _delete(existing.values(), user)

    in_period = range(details.first_year, details.last_year + 1)
    wanted = {year: amount for year, amount in assumptions.transfers.items() if amount and year in in_period}
    for transfer in ForecastTransfer.objects.filter(forecast=forecast):
        amount = wanted.pop(transfer.financial_year, None)
        if amount is None:
            _delete([transfer], user)
        elif amount != transfer.amount:
            transfer.amount = amount
            _save(transfer, user)
    for year, amount in wanted.items():
        _save(ForecastTransfer(forecast=forecast, financial_year=year, amount=amount), user)
    return inputs


@transaction.atomic
def forecast_run(*, forecast: Forecast, user: User | None) -> int:
    """Compute a draft's figures with the engine from its inputs and the plan's workstream savings now.

    Stores a ForecastYear row for every year x scenario x bound (funding, spend after savings, cumulative
    deficit), replacing the previous run's, and keeps a copy of the savings used. Returns the number of
    figures. Raises ``ForecastInputError`` when the engine refuses the inputs (its message names them).
    """
    forecast = _editable(forecast)
    if not forecast.is_computed:
        raise ForecastInputError("This forecast holds published figures only: there is nothing to run")
    view = forecast_inputs(forecast=forecast)
    savings = workstream_savings_for_plan(plan=forecast.plan)
    try:
        frame = engine.project(projection_input(view=view, savings=savings))
    except ValueError as error:
        raise ForecastInputError(f"The forecast cannot be run: {error}") from None

    now = timezone.now()
    _replace_savings(forecast, savings, user, now)

    computed = {
        (engine.parse_financial_year(row.year), row.scenario, row.bound): (
            Decimal(int(row.funding)),
            Decimal(int(row.spend)),
            Decimal(int(row.cumulative_deficit)),
        )
        for row in frame.itertuples(index=False)
    }
    _replace_figures(forecast, computed, user, now)
    inputs = forecast.inputs
    inputs.run_at = now
    inputs.run_success_rate = inputs.success_rate
    if inputs.updated_at > now:  # clock resolution: the run is after the last change by construction
        inputs.updated_at = now
    _save(inputs, user)
    stored_figures_on_commit(plan_id=forecast.plan_id)
    return len(computed)


def _replace_savings(forecast: Forecast, savings, user: User | None, when) -> None:
    """Make the forecast's savings snapshot exactly ``savings``, replaced as a whole (its order is the
    mitigation steps' order), with history. A run again with the plan's savings unchanged (the usual case)
    finds the same snapshot and writes nothing: deleting it row by row cost three statements a saving."""
    existing = list(ForecastSaving.objects.filter(forecast=forecast).order_by("pk"))
    wanted = [(s.workstream_id, s.workstream_name, s.financial_year, s.target, s.stretch) for s in savings]
    if [
        (e.workstream_id, e.workstream_name, e.financial_year, e.target, e.stretch) for e in existing
    ] == wanted:
        return
    _delete(existing, user)
    bulk_create_with_history(
        [
            ForecastSaving(
                forecast=forecast,
                workstream_id=workstream_id,
                workstream_name=name,
                financial_year=year,
                target=target,
                stretch=stretch,
            )
            for workstream_id, name, year, target, stretch in wanted
        ],
        ForecastSaving,
        default_user=user,
        default_date=when,
    )
    data_changed(plan_id=forecast.plan_id)  # bulk writes send no signal


def _replace_figures(
    forecast: Forecast,
    figures: Mapping[tuple[int, str, str], tuple[Decimal | None, Decimal | None, Decimal]],
    user: User | None,
    when,
) -> None:
    """Make the forecast's ForecastYear rows exactly ``figures``: update changed rows, create new ones and
    delete the rest, with history, in a fixed number of statements (plus one per deleted row)."""
    existing = {
        (f.financial_year, f.scenario, f.bound): f for f in ForecastYear.objects.filter(forecast=forecast)
    }
    changed, created = [], []
    for key, (funding, spend, cumulative) in figures.items():
        row = existing.pop(key, None)
        if row is None:
            created.append(
                ForecastYear(
                    forecast=forecast,
                    financial_year=key[0],
                    scenario=key[1],
                    bound=key[2],
                    funding=funding,
                    spend=spend,
                    cumulative_deficit=cumulative,
                )
            )
        elif (row.funding, row.spend, row.cumulative_deficit) != (funding, spend, cumulative):
            row.funding, row.spend, row.cumulative_deficit = funding, spend, cumulative
            changed.append(row)
    _delete(existing.values(), user)
    if changed:
        bulk_update_with_history(
            changed,
            ForecastYear,
            ["funding", "spend", "cumulative_deficit"],
            default_user=user,
            default_date=when,
        )
    if created:
        bulk_create_with_history(created, ForecastYear, default_user=user, default_date=when)
    data_changed(plan_id=forecast.plan_id)  # bulk writes send no signal


@transaction.atomic
def forecast_figures_update(
    *, forecast: Forecast, user: User | None, figures: Mapping[tuple[int, str, str], Decimal | None]
) -> int:
    """Set a published-figures draft's cumulative deficits: ``(year, scenario, bound) -> pounds``; ``None``
    removes a figure. Figures not named are kept. Returns how many figures the forecast now has."""
    forecast = _editable(forecast)
    if forecast.is_computed:
        raise ForecastInputError("This forecast is computed from its inputs: change the inputs and run it")
    current = {
        (f.financial_year, f.scenario, f.bound): (f.funding, f.spend, f.cumulative_deficit)
        for f in ForecastYear.objects.filter(forecast=forecast)
    }
    for key, value in figures.items():
        if value is None:
            current.pop(key, None)
        else:
            funding, spend, _ = current.get(key, (None, None, None))
            current[key] = (funding, spend, value)
    _replace_figures(forecast, current, user, timezone.now())
    stored_figures_on_commit(plan_id=forecast.plan_id)
    return len(current)


@transaction.atomic
def forecast_publish(*, forecast: Forecast, user: User | None) -> Forecast:
    """Publish a draft: from now on it is frozen (read-only for everyone, staff included)."""
    forecast = _locked(forecast)
    if forecast.is_frozen:
        raise ForecastFrozen(forecast)
    if not ForecastYear.objects.filter(forecast=forecast).exists():
        raise ForecastInputError("This forecast has no figures yet: run it (or enter the figures) first")
    inputs = getattr(forecast, "inputs", None)
    if forecast.is_computed and (inputs is None or not inputs.has_current_figures):
        raise ForecastInputError(
            "The inputs changed after the figures were computed: run the forecast again, then publish it"
        )
    forecast.status = ForecastStatus.PUBLISHED
    forecast.published_at = timezone.now()
    _save(forecast, user)
    stored_figures_on_commit(plan_id=forecast.plan_id)
    return forecast


@transaction.atomic
def forecast_make_current(*, forecast: Forecast, user: User | None) -> Forecast:
    """Make a published forecast the one its plan's dashboards use (and no other).

    Serialised on the plan's row: two people making two forecasts current at once take turns, and the second
    sees the first's choice (locking only the forecasts let both pass and one hit the one-current rule).
    """
    RecoveryPlan.objects.select_for_update().filter(pk=forecast.plan_id).first()
    forecast = _locked(forecast)
    if not forecast.is_frozen:
        raise ForecastInputError("Only a published forecast can be the current one: publish this draft first")
    if forecast.is_current:
        return forecast
    # Unset the old one first: the database allows one current forecast per plan at any moment.
    for other in Forecast.objects.select_for_update().filter(plan=forecast.plan, is_current=True):
        other.is_current = False
        _save(other, user, update_fields=["is_current"])
    forecast.is_current = True
    _save(forecast, user, update_fields=["is_current"])
    stored_figures_on_commit(plan_id=forecast.plan_id)
    return forecast


@transaction.atomic
def forecast_copy(*, forecast: Forecast, user: User | None, name: str | None = None) -> Forecast:
    """A new draft with the same details, inputs, savings snapshot and figures, ready to change."""
    source = Forecast.objects.select_related("plan", "inputs").get(pk=forecast.pk)
    figures = list(ForecastYear.objects.filter(forecast=source))
    first_year, last_year = source.first_year, source.last_year
    if (first_year is None or last_year is None) and figures:  # figures loaded without a period
        first_year = min(f.financial_year for f in figures)
        last_year = max(f.financial_year for f in figures)
    copy_name = (name or f"Copy of {source.name}").strip()[:200]
    copy = Forecast(
        plan=source.plan,
        name=copy_name,
        as_at=source.as_at,
        source=source.source,
        kind=source.kind,
        figures_unit=source.figures_unit,
        first_year=first_year,
        last_year=last_year,
        has_bounds=source.has_bounds
        or (not source.is_computed and any(f.bound != "single" for f in figures)),
        status=ForecastStatus.DRAFT,
        created_by=user,
    )
    _save(copy, user)
    now = timezone.now()
    inputs = getattr(source, "inputs", None)
    if source.is_computed:
        copied = ForecastInput(forecast=copy, success_rate=source.plan.success_rate)
        if inputs is not None:
            for field in ("opening_deficit", "funding", "funding_growth", "success_rate"):
                setattr(copied, field, getattr(inputs, field))
            copied.upper_adjustment, copied.lower_adjustment = (
                inputs.upper_adjustment,
                inputs.lower_adjustment,
            )
            # Same inputs, same figures: the copy is as up to date as its original.
            copied.updated_at = now
            copied.run_at = now if inputs.has_current_figures else None
            copied.run_success_rate = inputs.run_success_rate
        _save(copied, user)
    related = [
        (ForecastLine, ["provision_type", "places", "unit_cost", "places_growth", "unit_cost_growth"]),
        (ForecastTransfer, ["financial_year", "amount"]),
        (ForecastSaving, ["workstream_id", "workstream_name", "financial_year", "target", "stretch"]),
        (ForecastYear, ["financial_year", "scenario", "bound", "funding", "spend", "cumulative_deficit"]),
    ]
    for model, fields in related:
        rows = figures if model is ForecastYear else model.objects.filter(forecast=source)
        objs = [model(forecast=copy, **{f: getattr(row, f) for f in fields}) for row in rows]
        if objs:
            bulk_create_with_history(objs, model, default_user=user, default_date=now)
    data_changed(plan_id=copy.plan_id)  # bulk writes send no signal
    return copy


@transaction.atomic
def forecast_delete(*, forecast: Forecast, user: User | None) -> None:
    """Delete a draft with its inputs and figures. Published forecasts are kept for ever."""
    forecast = _editable(forecast)
    for model in (ForecastYear, ForecastLine, ForecastTransfer, ForecastSaving, ForecastInput):
        _delete(model.objects.filter(forecast=forecast), user)
    _delete([forecast], user)


# --- actuals ----------------------------------------------------------------------------------


@transaction.atomic
def actual_record(
    *,
    plan: RecoveryPlan,
    user: User | None,
    financial_year: int,
    cumulative_deficit: Decimal,
    funding: Decimal | None = None,
    spend: Decimal | None = None,
) -> Actual:
    """Record (or correct) the outturn of one financial year."""
    if not is_recorded_year(financial_year):
        raise ForecastInputError(f"{financial_year} is not a financial year this tracker records", "")
    for name, value in (("cumulative_deficit", cumulative_deficit), ("funding", funding), ("spend", spend)):
        if value is not None and abs(value) >= Decimal(10) ** 12:
            raise ForecastInputError(f"{name.replace('_', ' ').capitalize()} is too large", name)
    if funding is not None and funding < 0:
        raise ForecastInputError("Funding must not be negative", "funding")
    if spend is not None and spend < 0:
        raise ForecastInputError("Spend must not be negative", "spend")
    actual = Actual.objects.select_for_update().filter(plan=plan, financial_year=financial_year).first()
    if actual is None:
        actual = Actual(plan=plan, financial_year=financial_year)
    elif (actual.funding, actual.spend, actual.cumulative_deficit) == (funding, spend, cumulative_deficit):
        return actual  # nothing changed: no history row
    actual.funding, actual.spend, actual.cumulative_deficit = funding, spend, cumulative_deficit
    _save(actual, user)
    stored_figures_on_commit(plan_id=plan.pk)
    return actual
