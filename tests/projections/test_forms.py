from datetime import date
from decimal import Decimal

import pytest

from projections.forms import (
    ActualForm,
    FiguresForm,
    FinancialYearField,
    ForecastCreateForm,
    ForecastInputsForm,
    MoneyField,
    PercentField,
    SensitivityForm,
)
from projections.models import ProvisionType
from projections.selectors import forecast_figures, forecast_inputs
from tests.projections.conftest import computed_forecast, figures_forecast

# --- fields ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "pounds"),
    [("1250000", "1250000"), ("£1,250,000.50", "1250000.50"), (" -30,000 ", "-30000"), ("\u221230", "-30")],
)
def test_it_reads_money_as_people_type_it(typed, pounds):
    assert MoneyField(name="Funding", allow_negative=True).clean(typed) == Decimal(pounds)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("lots", "Funding must be an amount in pounds, like 1,250,000"),
        ("-5", "Funding must not be negative"),
        ("1.234", "Funding can have at most 2 decimal places (pence)"),
        ("1000000000000", "Funding must be less than £1,000,000,000,000"),
        ("", "Enter funding"),
    ],
)
def test_it_names_the_money_field_in_every_message(typed, message):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        MoneyField(name="Funding").clean(typed)
    assert error.value.messages == [message]


def test_it_reads_rates_in_per_cent_and_checks_their_range():
    from django.core.exceptions import ValidationError

    field = PercentField(name="Growth in numbers")
    assert field.clean("5.5%") == Decimal("5.5")
    with pytest.raises(ValidationError, match="Growth in numbers must be 100% or less"):
        field.clean("150")
    with pytest.raises(ValidationError, match="Growth in numbers must be a number of per cent"):
        field.clean("five")


def test_it_reads_a_financial_year():
    from django.core.exceptions import ValidationError

    field = FinancialYearField(name="First year")
    assert field.clean("2024-25") == 2024 and field.clean("2024/25") == 2024
    with pytest.raises(ValidationError, match="First year must be a financial year written like 2024-25"):
        field.clean("2024-26")


# --- create ---------------------------------------------------------------------------------------------


def valid_create(**changes):
    data = {
        "name": "Budget forecast",
        "as_at": "2024-06-20",
        "kind": "computed",
        "first_year": "2024-25",
        "last_year": "2028-29",
        "source": "",
    }
    data.update(changes)
    return data


def test_it_defaults_a_new_forecast_to_this_financial_year_and_five_years():
    initial = ForecastCreateForm(today=date(2026, 12, 1)).initial
    assert (initial["first_year"], initial["last_year"]) == (2026, 2030)
    assert ForecastCreateForm(today=date(2027, 3, 31)).initial["first_year"] == 2026
    assert ForecastCreateForm(today=date(2027, 4, 1)).initial["first_year"] == 2027


def test_it_creates_from_a_valid_form(home):
    form = ForecastCreateForm(valid_create())
    assert form.is_valid(), form.errors
    assert form.details().first_year == 2024 and form.details().last_year == 2028


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"last_year": "2023-24"},
            "last_year",
            "Last year (2023-24) must not be before the first year (2024-25)",
        ),
        ({"last_year": "2060-61"}, "last_year", "A forecast can cover at most 30 years; this one covers 37"),
        ({"name": ""}, "name", "Enter a name for the forecast"),
        ({"as_at": "31/31/2024"}, "as_at", "Enter a real date"),
        ({"kind": ""}, "kind", "Choose how you will enter this forecast"),
    ],
)
def test_it_explains_what_is_wrong_with_a_new_forecast(home, changes, field, message):
    form = ForecastCreateForm(valid_create(**changes))
    assert not form.is_valid()
    assert form.errors[field] == [message]


# --- inputs ---------------------------------------------------------------------------------------------


def inputs_data(forecast, **changes):
    form = ForecastInputsForm(forecast=forecast, view=forecast_inputs(forecast=forecast))
    data = {name: "" if value is None else str(value) for name, value in form.initial.items()}
    data["as_at"] = "2024-06-20"
    data["first_year"], data["last_year"] = "2024-25", "2028-29"
    data.update(changes)
    return data


def test_it_shows_the_stored_inputs_in_per_cent_and_pounds(home):
    forecast = computed_forecast(home.plan, bounds=True)
    form = ForecastInputsForm(forecast=forecast, view=forecast_inputs(forecast=forecast))
    assert form.initial["funding"] == "6,500,000"
    assert form.initial["funding_growth"] == Decimal("3")
    assert form.initial["success_rate"] == Decimal("75")
    assert form.initial["upper_adjustment"] == Decimal("2")
    assert form.initial["transfer_2025"] == "500,000"
    assert form.initial["inmss__places_growth"] == Decimal("8")
    assert form.initial["post16__places"] == 0  # no line yet
    assert [s.title for s in form.sections()] == [
        "About this forecast",
        "Funding",
        "Expenditure by provision type",
        "Mitigation",
        "Bounds (optional)",
    ]
    assert len(form.sections()[2].groups) == len(ProvisionType.choices)


def test_it_hands_rates_to_the_service_as_fractions(home):
    forecast = computed_forecast(home.plan)
    form = ForecastInputsForm(
        inputs_data(forecast, funding_growth="4.5", success_rate="60", **{"post16__places": "12"}),
        forecast=forecast,
        view=forecast_inputs(forecast=forecast),
    )
    assert form.is_valid(), form.errors
    a = form.assumptions()
    assert a.funding_growth == Decimal("0.045") and a.success_rate == Decimal("0.6")
    assert a.lines["post16"].places == Decimal(12) and a.transfers == {2025: Decimal("500000")}
    assert a.upper_adjustment is None


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"upper_adjustment": "2"}, "lower_adjustment", "Give both the upper and the lower bound adjustment"),
        ({"upper_adjustment": "-3", "lower_adjustment": "2"}, "upper_adjustment", "must not be below"),
        ({"inmss__unit_cost": "a lot"}, "inmss__unit_cost", "Independent non-maintained special schools: "),
        ({"special_schools__places": ""}, "special_schools__places", "Enter special schools and resourced"),
        ({"success_rate": "120"}, "success_rate", "Success rate must be 100% or less"),
        ({"transfer_2026": "x"}, "transfer_2026", "Transfer in 2026-27 must be an amount in pounds"),
    ],
)
def test_it_names_the_field_of_every_bad_input(home, changes, field, message):
    forecast = computed_forecast(home.plan)
    form = ForecastInputsForm(
        inputs_data(forecast, **changes), forecast=forecast, view=forecast_inputs(forecast=forecast)
    )
    assert not form.is_valid()
    assert message in " ".join(form.errors[field])
    widget = form.fields[field].widget
    assert "govuk-input--error" in widget.attrs["class"]
    assert f"id_{field}-error" in widget.attrs["aria-describedby"]


def test_it_reports_what_only_the_engine_can_check_against_the_field(home):
    forecast = computed_forecast(home.plan)
    form = ForecastInputsForm(
        inputs_data(
            forecast,
            upper_adjustment="-60",
            lower_adjustment="-60",
            **{"post16__places": "1", "post16__places_growth": "-50"},
        ),
        forecast=forecast,
        view=forecast_inputs(forecast=forecast),
    )
    assert not form.is_valid()
    assert "below -1" in form.errors["upper_adjustment"][0]


# --- published figures, actuals, sensitivity ---------------------------------------------------------------


def test_it_lays_the_figures_out_as_the_papers_table(home):
    forecast = figures_forecast(home.plan, bounds=True)
    form = FiguresForm(forecast=forecast, figures=forecast_figures(forecast=forecast))
    grid = form.grid()
    assert [row.label for row in grid] == ["2022-23", "2023-24", "2024-25"]
    assert len(grid[0].fields) == 6 and form.initial["figure_2022_target_upper"] == "16,000,000"
    assert grid[0].fields[1].label == "2022-23 upper bound target mitigated cumulative deficit"


def test_it_reads_the_figures_grid(home):
    forecast = figures_forecast(home.plan, bounds=False)
    data = {"figure_2022_unmitigated_single": "£16m"}
    form = FiguresForm(data, forecast=forecast, figures=forecast_figures(forecast=forecast))
    assert not form.is_valid()
    assert form.errors["figure_2022_unmitigated_single"] == [
        "2022-23 unmitigated cumulative deficit must be an amount in pounds, like 1,250,000"
    ]
    form = FiguresForm(
        {"figure_2023_target_single": "21,000,000"},
        forecast=forecast,
        figures=forecast_figures(forecast=forecast),
    )
    assert form.is_valid()
    figures = form.figures()
    assert (
        figures[(2023, "target", "single")] == Decimal("21000000")
        and figures[(2022, "target", "single")] is None
    )


def test_it_requires_the_cumulative_deficit_of_an_actual():
    form = ActualForm({"funding": "5,000,000"})
    assert not form.is_valid()
    assert form.errors["cumulative_deficit"] == ["Enter cumulative deficit"]
    assert ActualForm({"cumulative_deficit": "-20,000"}).is_valid()


def test_it_reads_the_sensitivity_rate():
    assert SensitivityForm({"success_rate": "60"}).rate() == Decimal("0.6")
    assert SensitivityForm({"success_rate": ""}).rate() is None
    bad = SensitivityForm({"success_rate": "150"})
    assert bad.rate() is None and bad.errors["success_rate"] == ["Success rate must be 100% or less"]
    assert SensitivityForm().rate() is None
