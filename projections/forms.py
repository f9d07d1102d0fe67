"""Forms for forecasts and actuals, on the shared GOV.UK renderer (core.forms).

Every error message names its field ("Mainstream top-ups: growth in numbers must be a number…"), because
the error summary lists messages without their labels. Money is typed in pounds ("1,250,000" and "£1.25"
are fine); rates are typed in per cent and handed to services as fractions (5 -> 0.05).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django import forms
from django.utils import timezone

from core.financial_years import fy_label, fy_of
from core.forms import (
    DateInput,
    FinancialYearField,
    GovukForm,
    MoneyField,
    PercentField,
    as_fraction,
    as_per_cent,
    lower_first,
    money_input_text,
    plain_number,
)
from projections.figures import ForecastFigures, Series, series_for
from projections.models import (
    REASON_CHOICES,
    Bound,
    DemandLever,
    FiguresUnit,
    Forecast,
    ForecastKind,
    ProvisionType,
)
from projections.selectors import InputsView
from projections.services import (
    Assumptions,
    ForecastDetails,
    ForecastInputError,
    LineValues,
    check_bounds,
    check_inputs,
    check_period,
)


class PeriodMixin:
    """The create and inputs forms ask the service's one period rule and show its message on the field."""

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("first_year"), cleaned.get("last_year")
        if first is not None and last is not None:
            try:
                check_period(first_year=first, last_year=last)
            except ForecastInputError as error:
                self.add_error(error.field or None, str(error))
        return cleaned


# --- create ----------------------------------------------------------------------------------------------


DEFAULT_FORECAST_YEARS = 5


class ForecastCreateForm(PeriodMixin, GovukForm):
    name = forms.CharField(
        label="Name",
        max_length=200,
        help_text="For example “Budget setting forecast, February 2025”.",
        error_messages={"required": "Enter a name for the forecast"},
    )
    as_at = forms.DateField(
        label="As at",
        widget=DateInput(),
        help_text="The date the figures describe.",
        error_messages={"required": "Enter the date the figures describe", "invalid": "Enter a real date"},
    )
    kind = forms.ChoiceField(
        label="How will you enter this forecast?",
        choices=ForecastKind.choices,
        initial=ForecastKind.COMPUTED,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how you will enter this forecast"},
    )
    first_year = FinancialYearField(name="First year", label="First year", help_text="For example 2024-25.")
    last_year = FinancialYearField(name="Last year", label="Last year", help_text="For example 2028-29.")
    figures_unit = forms.ChoiceField(
        label="The paper gives the figures in",
        choices=FiguresUnit.choices,
        initial=FiguresUnit.POUNDS,
        widget=forms.RadioSelect,
        required=False,
        help_text="Published figures only: they are typed in and shown as the paper gives them.",
    )
    has_bounds = forms.BooleanField(
        label="The figures have upper and lower bounds",
        required=False,
        help_text="Published figures only. A computed forecast gets bounds from its growth adjustments.",
    )
    source = forms.CharField(
        label="Source",
        max_length=200,
        required=False,
        help_text="Where the figures come from, for example “Schools Forum paper, 20 June 2024”.",
    )

    def __init__(self, *args, today: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].option_hints = {
            ForecastKind.COMPUTED: "Enter funding, spend by provision type and growth rates; the tracker "
            "computes every year and scenario with the plan's workstream savings.",
            ForecastKind.PUBLISHED_FIGURES: "Type in a table of cumulative deficits from a model kept "
            "elsewhere, for example a DBV or Safety Valve template.",
        }
        if not self.is_bound:
            # A new forecast looks ahead: this financial year and the four after it.
            first = fy_of(today or timezone.localdate())
            self.initial.setdefault("first_year", first)
            self.initial.setdefault("last_year", first + DEFAULT_FORECAST_YEARS - 1)
            self.initial.setdefault("as_at", today or timezone.localdate())

    def details(self) -> ForecastDetails:
        c = self.cleaned_data
        return ForecastDetails(
            name=c["name"],
            as_at=c["as_at"],
            first_year=c["first_year"],
            last_year=c["last_year"],
            source=c["source"],
        )


# --- inputs of a computed forecast -------------------------------------------------------------------------

LINE_FIELDS = (
    ("places", "Places or plans", "Number in the first year."),
    ("unit_cost", "Average unit cost", "Pounds a year for one place or plan."),
    ("places_growth", "Growth in numbers", "Per cent a year."),
    ("unit_cost_growth", "Growth in unit cost", "Per cent a year."),
)


@dataclass
class FieldGroup:
    legend: str
    hint: str
    fields: list  # BoundFields
    columns: bool = False  # lay the fields out side by side


@dataclass
class Section:
    title: str
    hint: str
    groups: list[FieldGroup]
    slug: str


class ForecastInputsForm(PeriodMixin, GovukForm):
    """Every input of a computed forecast, in the sections finance staff think in."""

    name = forms.CharField(
        label="Name", max_length=200, error_messages={"required": "Enter a name for the forecast"}
    )
    as_at = forms.DateField(
        label="As at",
        widget=DateInput(),
        help_text="The date the figures describe.",
        error_messages={"required": "Enter the date the figures describe", "invalid": "Enter a real date"},
    )
    source = forms.CharField(label="Source", max_length=200, required=False)
    first_year = FinancialYearField(name="First year", label="First year", help_text="For example 2024-25.")
    last_year = FinancialYearField(
        name="Last year",
        label="Last year",
        help_text="For example 2028-29.",
    )
    opening_deficit = MoneyField(
        name="Deficit brought forward",
        allow_negative=True,
        label="Deficit brought forward",
        help_text="The cumulative DSG deficit at the start of the first year. Enter a surplus as a negative "
        "number; 0 if none.",
    )
    funding = MoneyField(
        name="High Needs Block funding in the first year",
        label="High Needs Block funding in the first year",
        help_text="The High Needs Block allocation after academy recoupment and import/export adjustments.",
    )
    funding_growth = PercentField(
        name="Yearly growth in funding",
        label="Yearly growth in funding",
        help_text="Applied from the second year on. Negative for a fall.",
    )
    success_rate = PercentField(
        name="Success rate",
        low=0,
        high=100,
        label="Success rate",
        help_text="The share of the workstreams' planned savings assumed to be achieved, e.g. 75.",
    )
    upper_adjustment = PercentField(
        name="Upper bound adjustment",
        required=False,
        label="Upper bound adjustment",
        help_text="Percentage points added to every growth rate (numbers and unit costs), e.g. 2.",
    )
    lower_adjustment = PercentField(
        name="Lower bound adjustment",
        required=False,
        label="Lower bound adjustment",
        help_text="Percentage points added to every growth rate, e.g. -2.",
    )

    def __init__(
        self, *args, forecast: Forecast, view: InputsView, funding_offer=None, unit_cost_offer=None, **kwargs
    ):
        self.forecast = forecast
        self.years = list(range(forecast.first_year, forecast.last_year + 1)) if forecast.first_year else []
        # Add the per-year and per-provision-type fields before the shared mixin styles every field, in the
        # order of the page (the error summary lists errors in field order).
        declared = type(self).base_fields
        extra = {f"transfer_{year}": self._transfer_field(year) for year in self.years}
        for key, type_label in ProvisionType.choices:
            for suffix, label, hint in LINE_FIELDS:
                extra[f"{key}__{suffix}"] = self._line_field(type_label, suffix, label, hint)
        order = [
            "name",
            "as_at",
            "source",
            "first_year",
            "last_year",
            "opening_deficit",
            "funding",
            "funding_growth",
        ]
        self.base_fields = {
            **{name: declared[name] for name in order},
            **extra,
            **{name: field for name, field in declared.items() if name not in order},
        }
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.update(self.initial_from(view))
            if funding_offer is not None:  # the DfE's allocation, asked for: finance checks it, then saves
                self.initial["funding"] = money_input_text(funding_offer)
            for key, cost in (unit_cost_offer or {}).items():  # the s251 outturn ÷ places, asked for
                self.initial[f"{key}__unit_cost"] = money_input_text(cost)

    @staticmethod
    def _transfer_field(year: int) -> forms.Field:
        label = f"Transfer in {fy_label(year)}"
        return MoneyField(name=label, label=label, required=False, allow_negative=True)

    @staticmethod
    def _line_field(type_label: str, suffix: str, label: str, hint: str) -> forms.Field:
        name = f"{type_label}: {label.lower()}"
        if suffix == "unit_cost":
            return MoneyField(name=name, label=label, help_text=hint, width=5)
        if suffix != "places":
            return PercentField(name=name, label=label, help_text=hint)
        return forms.DecimalField(
            label=label,
            help_text=hint,
            max_digits=12,
            decimal_places=2,
            min_value=Decimal(0),
            widget=forms.TextInput(
                attrs={"inputmode": "decimal", "spellcheck": "false", "class": "govuk-input--width-5"}
            ),
            error_messages={
                "required": f"Enter {lower_first(name)} (0 if none)",
                "invalid": f"{name} must be a number, like 120",
                "min_value": f"{name} must not be negative",
                "max_digits": f"{name} is too large",
                "max_whole_digits": f"{name} is too large",
                "max_decimal_places": f"{name} can have at most 2 decimal places",
            },
        )

    def initial_from(self, view: InputsView) -> dict:
        forecast, inputs = self.forecast, view.inputs
        initial = {
            "name": forecast.name,
            "as_at": forecast.as_at,
            "source": forecast.source,
            "first_year": forecast.first_year,
            "last_year": forecast.last_year,
        }
        if inputs is not None:
            initial.update(
                opening_deficit=money_input_text(inputs.opening_deficit),
                funding=money_input_text(inputs.funding),
                funding_growth=as_per_cent(inputs.funding_growth),
                success_rate=as_per_cent(inputs.success_rate),
                upper_adjustment=as_per_cent(inputs.upper_adjustment),
                lower_adjustment=as_per_cent(inputs.lower_adjustment),
            )
        for year in self.years:
            initial[f"transfer_{year}"] = money_input_text(view.transfers.get(year))
        for key in ProvisionType.values:
            line = view.lines.get(key)
            initial[f"{key}__places"] = plain_number(line.places) if line else 0
            initial[f"{key}__unit_cost"] = money_input_text(line.unit_cost) if line else 0
            initial[f"{key}__places_growth"] = as_per_cent(line.places_growth) if line else 0
            initial[f"{key}__unit_cost_growth"] = as_per_cent(line.unit_cost_growth) if line else 0
        return initial

    def clean(self):
        cleaned = super().clean()
        if "upper_adjustment" not in self.errors and "lower_adjustment" not in self.errors:
            try:  # checked even when other fields are wrong, so every problem shows at once
                check_bounds(upper=cleaned.get("upper_adjustment"), lower=cleaned.get("lower_adjustment"))
            except ForecastInputError as error:
                self.add_error(error.field or None, str(error))
        if not self.errors:  # the service's rules, once, with their messages on the fields
            try:
                check_inputs(details=self.details(), assumptions=self.assumptions())
            except ForecastInputError as error:
                self.add_error(error.field or None, str(error))
        return cleaned

    def details(self) -> ForecastDetails:
        c = self.cleaned_data
        return ForecastDetails(
            name=c["name"],
            as_at=c["as_at"],
            first_year=c["first_year"],
            last_year=c["last_year"],
            source=c["source"],
        )

    def assumptions(self) -> Assumptions:
        c = self.cleaned_data
        return Assumptions(
            opening_deficit=c["opening_deficit"],
            funding=c["funding"],
            funding_growth=as_fraction(c["funding_growth"]),
            transfers={year: c[f"transfer_{year}"] for year in self.years if c.get(f"transfer_{year}")},
            lines={
                key: LineValues(
                    places=c[f"{key}__places"],
                    unit_cost=c[f"{key}__unit_cost"],
                    places_growth=as_fraction(c[f"{key}__places_growth"]),
                    unit_cost_growth=as_fraction(c[f"{key}__unit_cost_growth"]),
                )
                for key in ProvisionType.values
            },
            success_rate=as_fraction(c["success_rate"]),
            upper_adjustment=as_fraction(c.get("upper_adjustment")),
            lower_adjustment=as_fraction(c.get("lower_adjustment")),
        )

    def sections(self) -> list[Section]:
        def bound(*names):
            return [self[name] for name in names]

        transfers = FieldGroup(
            legend="Schools Block transfers",
            hint="Money moved into the High Needs Block each year, e.g. a 0.5% Schools Block transfer "
            "agreed by the Schools Forum. Leave blank for none; a transfer out is negative. After changing "
            "the years, save to get a box for each new year.",
            fields=bound(*[f"transfer_{y}" for y in self.years]),
            columns=True,
        )
        lines = [
            FieldGroup(
                legend=label,
                hint="",
                fields=bound(*[f"{key}__{suffix}" for suffix, _, _ in LINE_FIELDS]),
                columns=True,
            )
            for key, label in ProvisionType.choices
        ]
        return [
            Section(
                "About this forecast",
                "",
                [
                    FieldGroup("", "", bound("name", "as_at", "source")),
                    FieldGroup("", "", bound("first_year", "last_year"), True),
                ],
                "about",
            ),
            Section(
                "Funding",
                "What the High Needs Block receives.",
                [FieldGroup("", "", bound("opening_deficit", "funding", "funding_growth")), transfers],
                "funding",
            ),
            Section(
                "Expenditure by provision type",
                "For each type of provision: how many places or plans in the first year, their average "
                "yearly cost, and how fast each grows. Spend is places × unit cost, each grown every year. "
                "For a budget without places (e.g. support services), enter 1 place and the budget as its "
                "unit cost.",
                lines,
                "expenditure",
            ),
            Section(
                "Mitigation",
                "Savings come from the plan's workstreams (their target and stretch savings per year), "
                "multiplied by the success rate.",
                [FieldGroup("", "", bound("success_rate"))],
                "mitigation",
            ),
            Section(
                "Bounds (optional)",
                "Give both to compute upper and lower bound variants of every scenario, as DBV forecasts do; "
                "leave both blank for a single estimate.",
                [FieldGroup("", "", bound("upper_adjustment", "lower_adjustment"), True)],
                "bounds",
            ),
        ]


# --- published figures ----------------------------------------------------------------------------------


@dataclass
class GridRow:
    label: str
    fields: list  # BoundFields aligned with FiguresForm.series


class FiguresForm(GovukForm):
    """The cumulative deficit for every year x scenario x bound, as the papers print it (seed 003)."""

    def __init__(self, *args, forecast: Forecast, figures: ForecastFigures, **kwargs):
        self.forecast = forecast
        self.unit = figures.unit
        bounds = {Bound.UPPER, Bound.LOWER} if forecast.has_bounds else {Bound.SINGLE}
        self.series: list[Series] = series_for(bounds | (set() if figures.is_empty else set(figures.bounds)))
        self.years = figures.years
        fields = {}
        for year in self.years:
            for s in self.series:
                label = f"{fy_label(year)} {s.label.lower()} cumulative deficit"
                field = MoneyField(
                    name=label, label=label, required=False, allow_negative=True, unit=figures.unit
                )
                field.widget.attrs["class"] = "govuk-!-width-full"  # the grid's cell sets the width
                field.prefix = (
                    ""  # the table says "in pounds"; a £ box per cell leaves no room for the figure
                )
                fields[self.key(year, s)] = field
        self.base_fields = fields  # before the shared mixin styles every field
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            for row in figures.rows:
                for s, cell in zip(figures.series, row.cells, strict=True):
                    if cell is not None and self.key(row.financial_year, s) in self.fields:
                        self.initial[self.key(row.financial_year, s)] = money_input_text(
                            cell.cumulative_deficit, figures.unit
                        )

    @staticmethod
    def key(year: int, series: Series) -> str:
        return f"figure_{year}_{series.scenario}_{series.bound}"

    def grid(self) -> list[GridRow]:
        return [GridRow(fy_label(y), [self[self.key(y, s)] for s in self.series]) for y in self.years]

    def figures(self) -> dict[tuple[int, str, str], Decimal | None]:
        return {
            (year, s.scenario, s.bound): self.cleaned_data.get(self.key(year, s))
            for year in self.years
            for s in self.series
        }


# --- actuals ---------------------------------------------------------------------------------------------


class ActualForm(GovukForm):
    cumulative_deficit = MoneyField(
        name="Cumulative deficit",
        allow_negative=True,
        label="Cumulative deficit at the end of the year",
        help_text="The DSG High Needs cumulative deficit carried forward on 31 March, as in the accounts. "
        "Enter a surplus as a negative number.",
    )
    funding = MoneyField(
        name="High Needs Block funding",
        required=False,
        label="High Needs Block funding",
        help_text="The year's High Needs Block income, including transfers in.",
    )
    spend = MoneyField(
        name="High Needs spend", required=False, label="High Needs spend", help_text="The year's outturn."
    )

    def __init__(self, *args, actual=None, filled: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if actual is not None and not self.is_bound:
            self.initial.update(
                cumulative_deficit=money_input_text(actual.cumulative_deficit),
                funding=money_input_text(actual.funding),
                spend=money_input_text(actual.spend),
            )
        if filled and not self.is_bound:  # the DfE's figures, offered: finance checks them before saving
            self.initial.update({name: money_input_text(value) for name, value in filled.items()})


# --- sensitivity -----------------------------------------------------------------------------------------


class SensitivityForm(GovukForm):
    success_rate = PercentField(
        name="Success rate",
        low=0,
        high=100,
        required=False,
        label="Success rate to try",
        help_text="The share of planned savings achieved, from 0 to 100. For example 60.",
    )

    def rate(self) -> Decimal | None:
        if not self.is_bound or not self.is_valid():
            return None
        return as_fraction(self.cleaned_data.get("success_rate"))


# --- demand model levers ---------------------------------------------------------------------------------


class DemandLeverForm(GovukForm):
    """A workstream's lever on the demand model. Changes are typed in per cent, as the papers state them
    ("new plans aged 5–10 −10%"); the service takes a factor (0.9) and a share (0.15)."""

    workstream = forms.TypedChoiceField(
        coerce=int, label="Workstream", help_text="The workstream that owns it."
    )
    scenario = forms.ChoiceField(
        label="Scenario",
        choices=[("target", "Target"), ("stretch", "Stretch (adds to the target levers)")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the scenario"},
    )
    kind = forms.ChoiceField(
        label="What it changes",
        choices=DemandLever.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the lever changes"},
    )
    start_year = forms.TypedChoiceField(coerce=int, label="From")
    age_from = forms.IntegerField(
        label="Ages from",
        min_value=0,
        max_value=25,
        initial=0,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
    )
    age_to = forms.IntegerField(
        label="Ages to",
        min_value=0,
        max_value=25,
        initial=25,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
    )
    change = PercentField(
        name="Change",
        low=-100,
        high=200,
        required=False,
        label="Change in new or ceased plans",
        help_text="For new or ceased plans: −10 for ten per cent fewer, 20 for a fifth more.",
    )
    reason = forms.ChoiceField(
        label="Why the plans cease",
        required=False,
        help_text=(
            "For ceased plans: the reason whose part of the leavers it changes (the DfE's reasons), or every "
            "reason."
        ),
        error_messages={"invalid_choice": "Choose one of the DfE's reasons a plan ceases, or every reason"},
    )
    group = forms.ChoiceField(
        label="Setting group",
        required=False,
        help_text=(
            "New or ceased plans: this group only (ceased plans: the setting they were last in), or every "
            "group. A move: the group they would have joined."
        ),
    )
    to_group = forms.ChoiceField(
        label="Moved to", required=False, help_text="For a move: the group they join instead."
    )
    share = PercentField(
        name="Share moved",
        low=0,
        high=100,
        required=False,
        label="Share moved",
        help_text="For a move: 15 for 15%.",
    )

    def __init__(self, *args, plan, **kwargs):
        from projections.demand import GROUP_KEYS, GROUPS

        super().__init__(*args, **kwargs)
        self.fields["workstream"].choices = [("", "Choose a workstream")] + [
            (w.pk, f"{w.code}. {w.title}") for w in plan.workstreams.active()
        ]
        self.fields["start_year"].choices = [
            (year, fy_label(year)) for year in range(plan.first_year, plan.last_year + 1)
        ]
        groups = [(key, GROUPS[key]) for key in GROUP_KEYS]
        self.fields["group"].choices = [("", "Every setting group")] + groups
        self.fields["to_group"].choices = [("", "")] + groups
        self.fields["reason"].choices = [("", "Every reason"), *REASON_CHOICES]
        self.style_fields()

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == DemandLever.Kind.MOVE:
            if cleaned.get("share") is None:
                self.add_error("share", "Enter the share of new plans that moves")
            if not cleaned.get("group"):
                self.add_error("group", "Choose the setting group new plans would have joined")
            if not cleaned.get("to_group"):
                self.add_error("to_group", "Choose the setting group they join instead")
        elif kind and cleaned.get("change") is None:
            self.add_error("change", "Enter the change in per cent, like −10")
        if cleaned.get("reason") and kind and kind != DemandLever.Kind.LEAVERS:
            self.add_error("reason", "A reason is for a lever on ceased plans only: leave it as every reason")
        return cleaned

    def details(self):
        from projections.demand_services import LeverDetails

        data = self.cleaned_data
        return LeverDetails(
            workstream_id=data["workstream"],
            scenario=data["scenario"],
            kind=data["kind"],
            start_year=data["start_year"],
            age_from=data["age_from"],
            age_to=data["age_to"],
            factor=1 + as_fraction(data.get("change") or Decimal(0)),
            group=data.get("group") or "",
            to_group=data.get("to_group") or "",
            share=as_fraction(data.get("share") or Decimal(0)),
            reason=data.get("reason") or "",
        )


# --- a council's own transitions for the demand model ------------------------------------------------------


class DemandTransitionsForm(GovukForm):
    transitions = forms.FileField(
        label="Transitions (transitions.csv)",
        help_text=(
            "witan.send's transitions file: columns calendar-year, setting-1, need-1, academic-year-1, "
            "setting-2, need-2, academic-year-2; NONSEND for a child without a plan on that side. Up to 20 MB"
        ),
        error_messages={"required": "Choose the transitions file", "empty": "The file is empty"},
        widget=forms.ClearableFileInput(attrs={"accept": ".csv"}),
    )
    population = forms.FileField(
        label="Population (population.csv), optional",
        help_text=(
            "Columns calendar-year, academic-year, population. Without it, the ONS population in the DfE "
            "figures is used where there is one."
        ),
        required=False,
        error_messages={"empty": "The population file is empty"},
        widget=forms.ClearableFileInput(attrs={"accept": ".csv"}),
    )

    def _small(self, name: str):
        from projections.demand_transitions import MAX_BYTES

        upload = self.cleaned_data.get(name)
        if upload and upload.size > MAX_BYTES:
            raise forms.ValidationError(f"{upload.name} is larger than {MAX_BYTES // 2**20} MB")
        return upload

    def clean_transitions(self):
        return self._small("transitions")

    def clean_population(self):
        return self._small("population")


class DemandSettingsForm(GovukForm):
    """The placement group of each of the council's setting codes (one select per code)."""

    def __init__(self, *args, record, **kwargs):
        super().__init__(*args, **kwargs)
        from projections.demand import GROUPS

        self.codes = sorted(record.mapping)
        choices = [("", "No group yet"), *GROUPS.items()]
        for i, code in enumerate(self.codes):
            self.fields[f"setting_{i}"] = forms.ChoiceField(
                label=code, choices=choices, required=False, initial=record.mapping.get(code, "")
            )
        self.style_fields()

    def mapping(self) -> dict[str, str]:
        return {code: self.cleaned_data[f"setting_{i}"] for i, code in enumerate(self.codes)}
