from datetime import date
from decimal import Decimal

import pytest

from projections import engine
from projections.models import (
    Actual,
    Forecast,
    ForecastInput,
    ForecastKind,
    ForecastLine,
    ForecastSaving,
    ForecastStatus,
    ForecastTransfer,
    ForecastYear,
)
from projections.services import (
    ForecastDetails,
    ForecastFrozen,
    ForecastInputError,
    LineValues,
    actual_record,
    forecast_copy,
    forecast_create,
    forecast_delete,
    forecast_figures_update,
    forecast_inputs_update,
    forecast_make_current,
    forecast_publish,
    forecast_run,
)
from tests.factories import PlanFactory, SavingFactory, UserFactory, WorkstreamFactory
from tests.projections.conftest import DETAILS, assumptions, computed_forecast, figures_forecast

pytestmark = pytest.mark.django_db


def figures(forecast) -> dict:
    return {
        (f.financial_year, f.scenario, f.bound): (f.funding, f.spend, f.cumulative_deficit)
        for f in ForecastYear.objects.filter(forecast=forecast)
    }


def state(forecast) -> tuple:
    """Everything a change could touch, to check that a refused change changed nothing."""
    forecast = Forecast.objects.get(pk=forecast.pk)
    inputs = ForecastInput.objects.filter(forecast=forecast).values().first()
    return (
        forecast.name,
        forecast.status,
        forecast.is_current,
        inputs and {k: v for k, v in inputs.items()},
        sorted(
            ForecastLine.objects.filter(forecast=forecast).values_list(
                "provision_type", "places", "unit_cost"
            )
        ),
        sorted(ForecastTransfer.objects.filter(forecast=forecast).values_list("financial_year", "amount")),
        figures(forecast),
    )


# --- create --------------------------------------------------------------------------------------------


def test_it_creates_a_computed_draft_with_the_plans_success_rate(home):
    home.plan.success_rate = Decimal("0.6")
    home.plan.save()
    user = UserFactory()
    forecast = forecast_create(plan=home.plan, user=user, details=DETAILS)
    assert forecast.status == ForecastStatus.DRAFT and not forecast.is_current
    assert forecast.created_by == user
    assert forecast.inputs.success_rate == Decimal("0.6")
    assert forecast.inputs.is_stale  # never run
    assert forecast.history.first().history_user == user


def test_it_creates_a_published_figures_draft_with_bounds(home):
    forecast = forecast_create(
        plan=home.plan, user=None, details=DETAILS, kind=ForecastKind.PUBLISHED_FIGURES, has_bounds=True
    )
    assert forecast.has_bounds and not ForecastInput.objects.filter(forecast=forecast).exists()


def test_it_refuses_a_period_that_runs_backwards(home):
    details = ForecastDetails(name="x", as_at=date(2024, 1, 1), first_year=2028, last_year=2024)
    with pytest.raises(ForecastInputError) as error:
        forecast_create(plan=home.plan, user=None, details=details)
    assert error.value.field == "last_year" and "2024-25" in str(error.value)
    assert not Forecast.objects.exists()


# --- run -----------------------------------------------------------------------------------------------


def test_it_stores_the_engines_numbers_for_every_year_scenario_and_bound(with_savings):
    forecast = computed_forecast(with_savings.plan, bounds=True)
    a = assumptions(bounds=True)
    expected = engine.project(
        engine.ProjectionInput(
            first_year="2024-25",
            years=5,
            opening_deficit=a.opening_deficit,
            funding=a.funding,
            funding_growth=a.funding_growth,
            lines={key: engine.ExpenditureLine(**vars(line)) for key, line in a.lines.items()},
            transfers={"2025-26": Decimal("500000")},
            savings=[
                engine.WorkstreamSaving(str(with_savings.workstream), y, Decimal("100000"), Decimal("120000"))
                for y in ("2024-25", "2025-26", "2026-27")
            ],
            success_rate=Decimal("0.75"),
            bounds={"upper": Decimal("0.02"), "lower": Decimal("-0.02")},
        )
    )
    stored = figures(forecast)
    assert len(stored) == len(expected) == 5 * 3 * 3  # central case, upper and lower bounds
    for row in expected.itertuples():
        key = (int(row.year[:4]), row.scenario, row.bound)
        assert stored[key] == (
            Decimal(int(row.funding)),
            Decimal(int(row.spend)),
            Decimal(int(row.cumulative_deficit)),
        )
    assert not forecast.inputs.is_stale


def test_it_keeps_a_copy_of_the_savings_it_used_without_archived_workstreams(with_savings):
    archived = WorkstreamFactory(plan=with_savings.plan, archived_on=date(2024, 1, 1))
    SavingFactory(workstream=archived, financial_year=2024)
    forecast = computed_forecast(with_savings.plan)
    used = list(
        ForecastSaving.objects.filter(forecast=forecast).values_list("workstream_id", "financial_year")
    )
    assert sorted(used) == [(with_savings.workstream.pk, y) for y in (2024, 2025, 2026)]


def test_it_replaces_the_previous_run(with_savings):
    user = UserFactory()
    forecast = computed_forecast(with_savings.plan)
    before = figures(forecast)
    forecast_inputs_update(
        forecast=forecast,
        user=user,
        details=ForecastDetails(name="Shorter", as_at=date(2024, 6, 20), first_year=2024, last_year=2026),
        assumptions=assumptions(funding=Decimal("12000000")),
    )
    assert Forecast.objects.get(pk=forecast.pk).inputs.is_stale
    assert forecast_run(forecast=forecast, user=user) == 3 * 3
    after = figures(forecast)
    assert set(after) == {k for k in before if k[0] <= 2026}
    assert after[(2024, "unmitigated", "single")][0] == Decimal("12000000")
    assert ForecastYear.history.filter(history_user=user, history_type="-").count() == 2 * 3


def test_it_keeps_the_savings_snapshot_when_the_plans_savings_are_unchanged_and_replaces_it_when_not(
    with_savings,
):
    user = UserFactory()
    forecast = computed_forecast(with_savings.plan)
    kept = list(ForecastSaving.objects.filter(forecast=forecast).order_by("pk").values_list("pk", flat=True))
    forecast_run(forecast=forecast, user=user)
    assert (
        list(ForecastSaving.objects.filter(forecast=forecast).order_by("pk").values_list("pk", flat=True))
        == kept
    )
    assert not ForecastSaving.history.filter(history_user=user).exists()  # nothing to record
    SavingFactory(workstream=with_savings.workstream, financial_year=2027, target=Decimal("50000"))
    forecast_run(forecast=forecast, user=user)
    used = ForecastSaving.objects.filter(forecast=forecast).order_by("pk")
    assert [s.financial_year for s in used] == [2024, 2025, 2026, 2027]
    assert ForecastSaving.history.filter(history_user=user, history_type="-").count() == 3
    assert ForecastSaving.history.filter(history_user=user, history_type="+").count() == 4


def test_it_records_who_ran_the_forecast(with_savings):
    user = UserFactory()
    computed_forecast(with_savings.plan, user=user)
    assert ForecastYear.history.filter(history_user=user, history_type="+").count() == 15
    assert ForecastSaving.history.filter(history_user=user).count() == 3


def test_it_refuses_to_run_a_published_figures_forecast(home):
    forecast = figures_forecast(home.plan)
    with pytest.raises(ForecastInputError):
        forecast_run(forecast=forecast, user=None)


def test_it_refuses_a_run_the_engine_cannot_compute_and_changes_nothing(home):
    forecast = computed_forecast(home.plan, last_year=2053)
    before = state(forecast)
    lines = {"inmss": engine_line(growth=Decimal("1"))}
    details = ForecastDetails(name=forecast.name, as_at=forecast.as_at, first_year=2024, last_year=2053)
    forecast_inputs_update(
        forecast=forecast, user=None, details=details, assumptions=assumptions(lines=lines)
    )
    changed = state(forecast)
    with pytest.raises(ForecastInputError, match="passes £10\\^15"):
        forecast_run(forecast=forecast, user=None)
    assert state(forecast) == changed and changed[-1] == before[-1]


def engine_line(growth):
    return LineValues(Decimal(1000), Decimal(900000), growth, growth)


# --- inputs --------------------------------------------------------------------------------------------


def test_it_saves_inputs_lines_and_transfers(home):
    forecast = forecast_create(plan=home.plan, user=None, details=DETAILS)
    forecast_inputs_update(forecast=forecast, user=None, details=DETAILS, assumptions=assumptions())
    assert ForecastLine.objects.filter(forecast=forecast).count() == 3
    assert list(
        ForecastTransfer.objects.filter(forecast=forecast).values_list("financial_year", "amount")
    ) == [(2025, Decimal("500000.00"))]
    forecast_inputs_update(
        forecast=forecast, user=None, details=DETAILS, assumptions=assumptions(transfers={}, lines={})
    )
    assert not ForecastLine.objects.filter(forecast=forecast).exists()
    assert not ForecastTransfer.objects.filter(forecast=forecast).exists()


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"upper_adjustment": Decimal("0.02")}, "lower_adjustment", "both"),
        ({"lower_adjustment": Decimal("0.02")}, "upper_adjustment", "both"),
        ({"success_rate": Decimal("1.5")}, "success_rate", "success_rate"),
        ({"funding": Decimal("-1")}, "funding", "funding"),
        ({"transfers": {2025: Decimal(10) ** 13}}, "transfer_2025", "transfers"),
        ({"lines": {"inmss": LineValues(Decimal(-1), Decimal(1))}}, "inmss__places", "Independent"),
        (
            {
                "lines": {"inmss": LineValues(Decimal(1), Decimal(1), Decimal("-0.5"))},
                "upper_adjustment": Decimal("-0.6"),
                "lower_adjustment": Decimal("-0.6"),
            },
            "upper_adjustment",
            "below -1",
        ),
    ],
)
def test_it_refuses_bad_inputs_naming_the_field_and_changes_nothing(draft, changes, field, words):
    before = state(draft)
    with pytest.raises(ForecastInputError) as error:
        forecast_inputs_update(forecast=draft, user=None, details=DETAILS, assumptions=assumptions(**changes))
    assert error.value.field == field and words in str(error.value)
    assert state(draft) == before


# --- publish, freeze, copy, make current, delete ---------------------------------------------------------


def test_it_publishes_and_then_refuses_every_change(draft):
    forecast_publish(forecast=draft, user=None)
    frozen = Forecast.objects.get(pk=draft.pk)
    assert frozen.is_frozen and frozen.published_at is not None
    before = state(draft)
    changes = [
        lambda: forecast_inputs_update(forecast=draft, user=None, details=DETAILS, assumptions=assumptions()),
        lambda: forecast_run(forecast=draft, user=None),
        lambda: forecast_publish(forecast=draft, user=None),
        lambda: forecast_delete(forecast=draft, user=None),
    ]
    for change in changes:
        with pytest.raises(ForecastFrozen, match="is published, so it cannot be changed. Copy it"):
            change()
    assert state(draft) == before


def test_it_refuses_to_change_published_figures(home):
    forecast = figures_forecast(home.plan, publish=True)
    before = state(forecast)
    with pytest.raises(ForecastFrozen):
        forecast_figures_update(forecast=forecast, user=None, figures={(2022, "target", "upper"): Decimal(1)})
    assert state(forecast) == before


def test_it_sees_a_publish_made_since_the_forecast_was_read(draft):
    stale_copy = Forecast.objects.get(pk=draft.pk)
    forecast_publish(forecast=draft, user=None)
    with pytest.raises(ForecastFrozen):
        forecast_run(forecast=stale_copy, user=None)  # status read again inside the transaction


def test_it_refuses_to_publish_without_figures_or_with_stale_ones(home):
    never_run = computed_forecast(home.plan, run=False)
    with pytest.raises(ForecastInputError, match="no figures"):
        forecast_publish(forecast=never_run, user=None)
    ran = computed_forecast(home.plan, name="Ran")
    forecast_inputs_update(
        forecast=ran, user=None, details=DETAILS, assumptions=assumptions(funding=Decimal(1))
    )
    with pytest.raises(ForecastInputError, match="run the forecast again"):
        forecast_publish(forecast=ran, user=None)
    assert not Forecast.objects.filter(status=ForecastStatus.PUBLISHED).exists()


def test_it_copies_a_published_forecast_to_an_editable_draft(published):
    user = UserFactory()
    copy = forecast_copy(forecast=published, user=user)
    assert copy.pk != published.pk and copy.status == ForecastStatus.DRAFT and not copy.is_current
    assert copy.name == "Copy of Published forecast" and copy.created_by == user
    assert figures(copy) == figures(published)
    assert not copy.inputs.is_stale  # same inputs, same figures
    assert state(copy)[4:6] == state(published)[4:6]  # lines and transfers
    assert ForecastSaving.objects.filter(forecast=copy).count() == 3
    forecast_run(forecast=copy, user=user)  # editable
    assert Forecast.objects.get(pk=published.pk).is_current


def test_it_copies_published_figures_loaded_without_a_period(home):
    forecast = figures_forecast(home.plan, publish=True)
    Forecast.objects.filter(pk=forecast.pk).update(first_year=None, last_year=None, has_bounds=False)
    copy = forecast_copy(forecast=Forecast.objects.get(pk=forecast.pk), user=None, name="Editable")
    assert (copy.first_year, copy.last_year, copy.has_bounds, copy.kind) == (2022, 2024, True, "figures")
    assert len(figures(copy)) == 18


def test_it_keeps_one_current_forecast_per_plan(with_savings):
    first = computed_forecast(with_savings.plan, name="First", publish=True, current=True)
    second = computed_forecast(with_savings.plan, name="Second", publish=True)
    other_plan = computed_forecast(PlanFactory(), name="Other plan", publish=True, current=True)
    forecast_make_current(forecast=second, user=None)
    current = set(Forecast.objects.filter(is_current=True).values_list("name", flat=True))
    assert current == {"Second", "Other plan"}
    forecast_make_current(forecast=second, user=None)  # already current: nothing happens
    assert Forecast.objects.get(pk=first.pk).is_current is False
    assert other_plan.is_current


def test_it_refuses_to_make_a_draft_current(draft):
    with pytest.raises(ForecastInputError, match="publish this draft first"):
        forecast_make_current(forecast=draft, user=None)
    assert not Forecast.objects.get(pk=draft.pk).is_current


def test_it_deletes_a_draft_with_everything_it_holds(draft):
    forecast_delete(forecast=draft, user=None)
    assert not Forecast.objects.filter(pk=draft.pk).exists()
    for model in (ForecastYear, ForecastLine, ForecastTransfer, ForecastSaving, ForecastInput):
        assert not model.objects.filter(forecast_id=draft.pk).exists()


# --- published figures -------------------------------------------------------------------------------------


def test_it_sets_and_removes_published_figures(home):
    forecast = figures_forecast(home.plan, bounds=False)
    count = forecast_figures_update(
        forecast=forecast,
        user=None,
        figures={(2022, "target", "single"): Decimal("15000000"), (2024, "stretch", "single"): None},
    )
    assert count == 8
    stored = figures(forecast)
    assert stored[(2022, "target", "single")] == (None, None, Decimal("15000000"))
    assert (2024, "stretch", "single") not in stored


def test_it_refuses_figures_for_a_computed_forecast(draft):
    with pytest.raises(ForecastInputError, match="change the inputs"):
        forecast_figures_update(forecast=draft, user=None, figures={})


# --- actuals -------------------------------------------------------------------------------------------


def test_it_records_and_corrects_an_actual_with_history(home):
    user = UserFactory()
    actual = actual_record(
        plan=home.plan,
        user=user,
        financial_year=2023,
        cumulative_deficit=Decimal("900000"),
        funding=Decimal("5"),
    )
    assert actual.history.first().history_user == user
    actual_record(plan=home.plan, user=user, financial_year=2023, cumulative_deficit=Decimal("950000"))
    assert Actual.objects.get(plan=home.plan, financial_year=2023).cumulative_deficit == Decimal("950000")
    assert Actual.objects.get().funding is None
    actual_record(plan=home.plan, user=user, financial_year=2023, cumulative_deficit=Decimal("950000"))
    assert Actual.history.count() == 2  # the same figures again write nothing


def test_it_refuses_negative_funding_for_an_actual(home):
    with pytest.raises(ForecastInputError) as error:
        actual_record(
            plan=home.plan, user=None, financial_year=2023, cumulative_deficit=Decimal(1), funding=Decimal(-1)
        )
    assert error.value.field == "funding"
    assert not Actual.objects.exists()
