from decimal import Decimal

import pytest

from indicators.models import Indicator, IndicatorValue, Target
from indicators.services import (
    IndicatorInputError,
    indicator_create,
    indicator_update,
    target_set,
    value_record,
)
from tests.factories import PlanFactory, UserFactory, WorkstreamFactory
from tests.indicators.conftest import details, make_indicator


def test_it_creates_an_indicator_recording_who(home):
    user = UserFactory()
    indicator = indicator_create(
        plan=home.plan, user=user, details=details(baseline_period="2019", baseline_value=Decimal(38))
    )
    assert (indicator.baseline_period, indicator.baseline_start.year, indicator.position) == ("2019", 2019, 1)
    assert indicator.history.get().history_user == user


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"name": "  "}, "name", "Enter the indicator's name"),
        ({"baseline_period": "2019/20"}, "baseline_period", "is not a calendar year"),
        ({"baseline_value": Decimal(30)}, "baseline_period", "Enter the period the baseline describes"),
        (
            {"baseline_period": "2019", "baseline_value": Decimal(101)},
            "baseline_value",
            "between 0% and 100%",
        ),
        (
            {"unit": "count", "baseline_period": "2019", "baseline_value": Decimal(-1)},
            "baseline_value",
            "not be negative",
        ),
    ],
)
def test_it_refuses_bad_details_naming_the_field_and_writes_nothing(home, changes, field, message):
    with pytest.raises(IndicatorInputError, match=message) as error:
        indicator_create(plan=home.plan, user=None, details=details(**changes))
    assert error.value.field == field
    assert not Indicator.objects.exists()


def test_it_refuses_a_workstream_of_another_plan_and_a_duplicate_name(home):
    other = WorkstreamFactory(plan=PlanFactory())
    with pytest.raises(IndicatorInputError, match="workstream of this plan"):
        indicator_create(plan=home.plan, user=None, details=details(workstream=other))
    make_indicator(home.plan)
    with pytest.raises(IndicatorInputError, match="already has an indicator called"):
        indicator_create(plan=home.plan, user=None, details=details(name="ehc PLANS in mainstream schools"))


def test_saving_the_same_details_writes_no_history(home):
    indicator = make_indicator(home.plan)
    indicator_update(indicator=indicator, user=None, details=details())
    assert indicator.history.count() == 1
    indicator_update(indicator=indicator, user=None, details=details(direction="lower"))
    assert indicator.history.count() == 2


def test_the_period_type_is_fixed_once_values_exist(home):
    indicator = make_indicator(home.plan, values=[("2023", "40")])
    with pytest.raises(IndicatorInputError, match="cannot change") as error:
        indicator_update(indicator=indicator, user=None, details=details(period_type="academic_year"))
    assert error.value.field == "period_type"


def test_the_unit_cannot_change_to_one_its_figures_break(home):
    indicator = make_indicator(home.plan, unit="count", values=[("2023", "2048")])
    with pytest.raises(IndicatorInputError, match="between 0% and 100%"):
        indicator_update(indicator=indicator, user=None, details=details(unit="percent"))


def test_it_records_a_value_once_and_a_second_identical_save_changes_nothing(home):
    indicator = make_indicator(home.plan)
    user = UserFactory()
    first = value_record(indicator=indicator, user=user, period=" 2023 ", value=Decimal("44.0"))
    again = value_record(indicator=indicator, user=user, period="2023", value=Decimal("44"))
    changed = value_record(indicator=indicator, user=user, period="2023", value=Decimal("45"), note="Revised")
    assert (first.created, again.created, again.changed, changed.changed) == (True, False, False, True)
    row = IndicatorValue.objects.get()
    assert (row.period, row.value, row.note, row.recorded_by) == ("2023", Decimal(45), "Revised", user)
    assert row.history.count() == 2 and row.history.first().history_user == user


@pytest.mark.parametrize(
    "kwargs, field, message",
    [
        ({"period": "2023/24", "value": Decimal(1)}, "period", "is not a calendar year"),
        ({"period": "2023", "value": Decimal("100.5")}, "value", "between 0% and 100%"),
        ({"period": "2023", "value": None}, "value", "Enter the value, or say it is not available"),
        ({"period": "2023", "value": Decimal(1), "kind": "guess"}, "kind", "actual figure or a forecast"),
    ],
)
def test_it_refuses_a_bad_value_naming_the_field(home, kwargs, field, message):
    indicator = make_indicator(home.plan)
    with pytest.raises(IndicatorInputError, match=message) as error:
        value_record(indicator=indicator, user=None, **kwargs)
    assert error.value.field == field and not IndicatorValue.objects.exists()


def test_a_value_not_available_holds_no_figure_never_zero(home):
    indicator = make_indicator(home.plan)
    value_record(
        indicator=indicator, user=None, period="2023", value=Decimal(5), availability="not_available"
    )
    row = IndicatorValue.objects.get()
    assert row.value is None and row.text == "Not available"


def test_a_forecast_is_kept_beside_the_actual_of_the_same_period(home):
    indicator = make_indicator(home.plan, unit="count")
    value_record(indicator=indicator, user=None, period="2027", value=Decimal(2564), kind="forecast")
    value_record(indicator=indicator, user=None, period="2027", value=Decimal(2400))
    assert IndicatorValue.objects.filter(indicator=indicator).count() == 2


def test_it_sets_a_target_per_period_and_checks_its_tolerances(home):
    indicator = make_indicator(home.plan)
    target_set(
        indicator=indicator,
        user=None,
        period="2023",
        value=Decimal(45),
        amber_tolerance=Decimal(2),
        red_tolerance=Decimal(4),
    )
    target_set(
        indicator=indicator,
        user=None,
        period="2023",
        value=Decimal(46),
        amber_tolerance=Decimal(2),
        red_tolerance=Decimal(4),
    )
    assert Target.objects.get().value == Decimal(46)
    with pytest.raises(IndicatorInputError, match="not be less than the amber") as error:
        target_set(
            indicator=indicator,
            user=None,
            period="2024",
            value=Decimal(45),
            amber_tolerance=Decimal(3),
            red_tolerance=Decimal(1),
        )
    assert error.value.field == "red_tolerance"
    with pytest.raises(IndicatorInputError, match="Amber tolerance must not be negative"):
        target_set(
            indicator=indicator, user=None, period="2024", value=Decimal(45), amber_tolerance=Decimal(-1)
        )
    assert Target.objects.count() == 1
