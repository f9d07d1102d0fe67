"""Forms for indicators, targets, values and the SEN2 upload, on the shared GOV.UK renderer (core.forms).

The forms read what was typed; the rules (period format for the indicator's period type, ranges, per cent
within 0 to 100) are the services', which name the field they refuse, so the form and the importer and the
demo loader all agree. Every message names its field, because the error summary lists messages alone.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django import forms

from core.forms import GovukForm, lower_first, plain_number, sane_input
from indicators.models import Availability, Direction, Indicator, PeriodType, Unit, ValueKind
from indicators.periods import EXAMPLES
from indicators.services import IndicatorDetails, IndicatorInputError, check_number, check_period
from recovery.models import RecoveryPlan
from workstreams.models import Workstream

_NUMBER = re.compile(r"[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?|[+-]?\.\d+")


class FigureField(forms.Field):
    """A figure as people type it: "2,048", "63.2", "63.2%", "£357,000", "−3"."""

    def __init__(self, *, name: str, **kwargs):
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={"inputmode": "decimal", "spellcheck": "false", "class": "govuk-input--width-10"}
            ),
        )
        super().__init__(**kwargs)
        self.name = name
        self.error_messages["required"] = f"Enter {lower_first(name)}"

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        text = str(value).strip().replace("\u2212", "-").replace("£", "").replace("%", "").replace(" ", "")
        if not _NUMBER.fullmatch(text):
            raise forms.ValidationError(f"{self.name} must be a number, like 2,048 or 63.2", code="invalid")
        try:
            return Decimal(text.replace(",", ""))
        except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
            raise forms.ValidationError(f"{self.name} must be a number", code="invalid") from None

    def prepare_value(self, value):
        return plain_number(value)


def _text(label: str, *, required: bool = False, max_length: int = 200, help_text: str = "", rows: int = 0):
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        help_text=help_text,
        widget=widget,
        error_messages={"required": f"Enter {lower_first(label)}"},
    )


class IndicatorForm(GovukForm):
    name = _text("Name", required=True, help_text="For example “EHC plans in mainstream schools”.")
    workstream = forms.ModelChoiceField(
        label="Workstream",
        queryset=Workstream.objects.none(),
        required=False,
        empty_label="No workstream: the plan as a whole",
        help_text="The workstream this indicator measures, if one.",
        error_messages={"invalid_choice": "Choose one of this plan's workstreams"},
    )
    unit = forms.ChoiceField(
        label="Unit",
        choices=Unit.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the unit", "invalid_choice": "Choose one of the units"},
    )
    direction = forms.ChoiceField(
        label="Which direction is good?",
        choices=Direction.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose which direction is good", "invalid_choice": "Choose a direction"},
    )
    period_type = forms.ChoiceField(
        label="Values are recorded by",
        choices=PeriodType.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the period values are recorded by",
            "invalid_choice": "Choose a period",
        },
    )
    baseline_period = _text(
        "Baseline period", max_length=20, help_text="Written like the periods above, e.g. 2019 or 2022/23."
    )
    baseline_value = FigureField(name="Baseline value", required=False)
    source = _text("Source", help_text="Where the figures come from, e.g. DfE SEN2, the SENCO survey.")
    notes = _text("Notes", max_length=5000, rows=3)

    def __init__(self, *args, plan: RecoveryPlan, indicator: Indicator | None = None, **kwargs):
        if indicator is not None:
            kwargs.setdefault(
                "initial",
                {
                    "name": indicator.name,
                    "workstream": indicator.workstream_id,
                    "unit": indicator.unit,
                    "direction": indicator.direction,
                    "period_type": indicator.period_type,
                    "baseline_period": indicator.baseline_period,
                    "baseline_value": indicator.baseline_value,
                    "source": indicator.source,
                    "notes": indicator.notes,
                },
            )
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.fields["workstream"].queryset = Workstream.objects.filter(plan=plan).order_by("position", "code")
        self.fields["workstream"].label_from_instance = lambda ws: f"{ws.code}. {ws.title}"

    def clean(self):
        cleaned = super().clean()
        period_type, baseline = cleaned.get("period_type"), cleaned.get("baseline_period")
        if period_type and baseline and "baseline_period" not in self.errors:
            try:
                check_period(
                    period_type=period_type, text=baseline, field="baseline_period", label="Baseline period"
                )
            except IndicatorInputError as error:
                self.add_error("baseline_period", str(error))
        return cleaned

    def details(self) -> IndicatorDetails:
        data = self.cleaned_data
        return IndicatorDetails(
            name=data["name"],
            unit=data["unit"],
            direction=data["direction"],
            period_type=data["period_type"],
            workstream=data["workstream"],
            baseline_period=data["baseline_period"],
            baseline_value=data["baseline_value"],
            source=data["source"],
            notes=data["notes"],
            sen2_measure=self.indicator.sen2_measure if self.indicator else "",
        )


class ServiceRulesMixin:
    """Each field is checked by the services' own rule as soon as it is read, so every problem shows at once
    (not the period's only after the value is given)."""

    indicator: Indicator
    number_labels: dict[str, str] = {}

    def clean_period(self):
        text = self.cleaned_data["period"]
        try:
            return check_period(
                period_type=self.indicator.period_type, text=text, field="period", label="Period"
            ).label
        except IndicatorInputError as error:
            raise forms.ValidationError(str(error)) from None

    def _clean_number(self, name: str):
        value = self.cleaned_data.get(name)
        try:
            check_number(unit=self.indicator.unit, value=value, field=name, label=self.number_labels[name])
        except IndicatorInputError as error:
            raise forms.ValidationError(str(error)) from None
        return value

    def clean_value(self):
        return self._clean_number("value")


def _added(form: GovukForm) -> None:
    """Fields added after GovukFormMixin.__init__ get the same guard rails and GOV.UK classes."""
    for field in form.fields.values():
        sane_input(field)
    form.style_fields()


def _period_field(indicator: Indicator) -> forms.CharField:
    example = EXAMPLES[indicator.period_type]
    return forms.CharField(
        label="Period",
        max_length=30,
        help_text=f"{indicator.get_period_type_display().split(' (')[0]}, written like {example}.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "spellcheck": "false"}),
        error_messages={"required": f"Enter the period, like {example}"},
    )


class TargetForm(ServiceRulesMixin, GovukForm):
    number_labels = {
        "value": "Target",
        "amber_tolerance": "Amber tolerance",
        "red_tolerance": "Red tolerance",
    }

    def __init__(self, *args, indicator: Indicator, **kwargs):
        self.indicator = indicator
        super().__init__(*args, **kwargs)
        self.fields["period"] = _period_field(indicator)
        unit = indicator.get_unit_display().lower()
        self.fields["value"] = FigureField(name="Target", help_text=f"In the indicator's unit ({unit}).")
        self.fields["amber_tolerance"] = FigureField(
            name="Amber tolerance",
            required=False,
            help_text="How far off target a value may be and stay Green. Leave blank for none.",
        )
        self.fields["red_tolerance"] = FigureField(
            name="Red tolerance",
            required=False,
            help_text="How far off target a value may be and stay Amber; further off is Red.",
        )
        self.order_fields(["period", "value", "amber_tolerance", "red_tolerance"])
        _added(self)

    def target(self) -> dict:
        data = self.cleaned_data
        return {
            "period": data["period"],
            "value": data["value"],
            "amber_tolerance": data["amber_tolerance"] or Decimal(0),
            "red_tolerance": data["red_tolerance"] or Decimal(0),
        }


class ValueForm(ServiceRulesMixin, GovukForm):
    number_labels = {"value": "Value"}

    def __init__(self, *args, indicator: Indicator, **kwargs):
        self.indicator = indicator
        super().__init__(*args, **kwargs)
        self.fields["period"] = _period_field(indicator)
        self.fields["kind"] = forms.ChoiceField(
            label="Actual or forecast?",
            choices=ValueKind.choices,
            initial=ValueKind.ACTUAL,
            widget=forms.RadioSelect,
            error_messages={
                "required": "Choose actual or forecast",
                "invalid_choice": "Choose actual or forecast",
            },
        )
        self.fields["availability"] = forms.ChoiceField(
            label="Is there a figure?",
            choices=[
                (Availability.VALUE, "Yes, enter it below"),
                (Availability.NOT_AVAILABLE, "Not available (for example suppressed)"),
                (Availability.NOT_APPLICABLE, "Not applicable"),
            ],
            initial=Availability.VALUE,
            widget=forms.RadioSelect,
            error_messages={
                "required": "Choose whether there is a figure",
                "invalid_choice": "Choose an answer",
            },
        )
        unit = indicator.get_unit_display().lower()
        self.fields["value"] = FigureField(name="Value", required=False, help_text=f"In {unit}.")
        self.fields["value"].conditionally_required = True
        self.fields["note"] = forms.CharField(
            label="Note", required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
        )
        _added(self)

    def clean(self):
        cleaned = super().clean()
        wants_figure = cleaned.get("availability") == Availability.VALUE
        if wants_figure and cleaned.get("value") is None and "value" not in self.errors:
            self.add_error("value", "Enter the value, or say it is not available")
        return cleaned


class Sen2UploadForm(GovukForm):
    file = forms.FileField(
        label="SEN2 caseload file",
        help_text="The DfE “Education, health and care plans” release as downloaded (zip), its caseload.csv "
        "(2025 on), or sen2_estab_caseload.csv (2024 and earlier); up to 100 MB. Only this council's rows "
        "are read.",
        error_messages={"required": "Choose the SEN2 CSV file to upload", "empty": "The file is empty"},
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv,.zip"}),
    )
