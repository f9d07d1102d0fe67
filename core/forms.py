"""GOV.UK Design System form rendering shared by every app: one renderer, one field template.

`{{ form }}` renders each field as a govuk-form-group with label, hint, inline error and the right input
class; `{% include "forms/error_summary.html" %}` renders the error summary linking to each field.
"""

import re
from datetime import date
from decimal import Decimal

from django import forms
from django.core.validators import MaxLengthValidator
from django.forms.renderers import TemplatesSetting

from core.financial_years import FIRST_RECORDED_YEAR, LAST_RECORDED_YEAR, fy_label, is_recorded_year, parse_fy
from core.money import MILLIONS, POUNDS, MoneyParseError, parse_money

WIDGET_CLASSES = {
    forms.Textarea: "govuk-textarea",
    forms.Select: "govuk-select",
    forms.SelectMultiple: "govuk-select",
    forms.RadioSelect: "govuk-radios__input",
    forms.CheckboxSelectMultiple: "govuk-checkboxes__input",
    forms.CheckboxInput: "govuk-checkboxes__input",
    forms.FileInput: "govuk-file-upload",
}

ERROR_CLASSES = {"govuk-textarea": " govuk-textarea--error", "govuk-select": " govuk-select--error"}


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "forms/govuk_form.html"
    field_template_name = "forms/govuk_field.html"


def widget_kind(widget: forms.Widget) -> str:
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    return "input"


# Characters that change how text displays without being seen: bidi overrides and isolates (a "reversed"
# file name or commentary) and zero-width characters. Removed from every text a form takes.
INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
TEXT_LIMIT = 10_000  # characters, for text fields without a limit of their own
EARLIEST_DATE, LATEST_DATE = date(2000, 1, 1), date(2100, 12, 31)


def _label(field) -> str:
    return str(field.label or "This field")


def sane_input(field: forms.Field) -> None:
    """Every form's guard rails: text without invisible control characters and within a length limit,
    dates within 2000 to 2100 (not year 1 or 9999). Applied by GovukFormMixin to every field."""
    if isinstance(field, forms.CharField) and not getattr(field, "_sane", False):
        field._sane = True
        to_python = field.to_python

        def cleaned(value, to_python=to_python):
            text = to_python(value)
            return INVISIBLE.sub("", text) if isinstance(text, str) else text

        field.to_python = cleaned
        if field.max_length is None:
            field.max_length = TEXT_LIMIT
            field.validators.append(MaxLengthValidator(TEXT_LIMIT))
            field.widget.attrs.setdefault("maxlength", str(TEXT_LIMIT))
        field.error_messages["max_length"] = (
            f"{_label(field)} must be {field.max_length:,} characters or fewer"
        ).replace("%", "%%")
    if isinstance(field, forms.DateField) and not getattr(field, "_sane", False):
        field._sane = True

        label = _label(field)

        def plausible(value, label=label):
            if value and not EARLIEST_DATE <= value <= LATEST_DATE:
                raise forms.ValidationError(f"{label} must be between 2000 and 2100", code="implausible")

        field.validators.append(plausible)


class GovukFormMixin:
    """Adds GOV.UK classes, error classes and aria-describedby to every widget.

    Styling runs after __init__ and again after validation. It never reads `self.errors` itself: doing so
    in __init__ would validate the form before a subclass's __init__ has narrowed its choices (e.g. a
    ModelChoiceField limited to the council's rows) and accept any row. A form that adds fields after
    __init__ calls `style_fields()` again.
    """

    default_input_width = "govuk-input"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            sane_input(field)
        self.style_fields()

    def full_clean(self):
        super().full_clean()
        self.style_fields()

    def style_fields(self) -> None:
        errors = self._errors or {}
        for name, field in self.fields.items():
            widget = field.widget
            if not hasattr(widget, "govuk_class"):
                css = next(
                    (c for t, c in WIDGET_CLASSES.items() if isinstance(widget, t)), self.default_input_width
                )
                widget.govuk_css = css
                widget.govuk_class = " ".join(filter(None, [css, widget.attrs.get("class", "")]))
            field.widget_kind = widget_kind(widget)
            classes = widget.govuk_class
            described = []
            if field.help_text:
                described.append(f"id_{name}-hint")
            if name in errors:
                described.append(f"id_{name}-error")
                if field.widget_kind == "input":
                    classes += ERROR_CLASSES.get(widget.govuk_css, " govuk-input--error")
            widget.attrs["class"] = classes
            if described and field.widget_kind != "radios":
                widget.attrs["aria-describedby"] = " ".join(described)


class GovukForm(GovukFormMixin, forms.Form):
    pass


class GovukModelForm(GovukFormMixin, forms.ModelForm):
    pass


class DateInput(forms.DateInput):
    """A native date picker; the value is ISO so every browser and test agrees."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(
            attrs={"class": "govuk-input govuk-input--width-10", **(attrs or {})}, format="%Y-%m-%d"
        )


# --- fields for money, rates and financial years ---------------------------------------------------------

HUNDRED = Decimal(100)


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def _messages(messages: dict[str, str]) -> dict[str, str]:
    """Django %-formats some messages with their limits, so a literal "%" must be written "%%"."""
    return {code: text.replace("%", "%%") for code, text in messages.items()}


class MoneyField(forms.DecimalField):
    """Pounds, to the penny. Accepts "£1,250,000.50" (core.money.parse_money, the one money parser);
    ``name`` is how messages call the field. With ``unit=MILLIONS`` the box takes £m ("16.5" is
    £16,500,000), for figures a council publishes in millions."""

    prefix = "£"

    def __init__(
        self, *, name: str, allow_negative: bool = False, width: int = 10, unit: str = POUNDS, **kwargs
    ):
        self.unit = unit
        if unit == MILLIONS:
            self.suffix = "m"
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={"inputmode": "decimal", "spellcheck": "false", "class": f"govuk-input--width-{width}"}
            ),
        )
        super().__init__(
            max_digits=14,
            decimal_places=2,
            min_value=None if allow_negative else Decimal(0),
            **kwargs,
        )
        self.error_messages.update(
            _messages(
                {
                    "required": f"Enter {lower_first(name)}",
                    "invalid": f"{name} must be an amount in £ millions, like 16.5"
                    if unit == MILLIONS
                    else f"{name} must be an amount in pounds, like 1,250,000",
                    "min_value": f"{name} must not be negative",
                    "max_value": f"{name} must be less than £1,000,000,000,000",
                    "max_digits": f"{name} must be less than £1,000,000,000,000",
                    "max_whole_digits": f"{name} must be less than £1,000,000,000,000",
                    "max_decimal_places": f"{name} can have at most 2 decimal places (pence)",
                }
            )
        )

    def to_python(self, value):
        if isinstance(value, str) and value.strip():
            try:
                value = parse_money(value.removesuffix("m") if self.unit == MILLIONS else value)
            except MoneyParseError:
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
            if self.unit == MILLIONS:
                value = value * 1_000_000
        return super().to_python(value)

    def prepare_value(self, value):
        return money_input_text(value, self.unit) if isinstance(value, Decimal) else value


class PercentField(forms.DecimalField):
    """A rate typed in per cent ("5" or "-2.5"); ``clean`` returns per cent, ``fraction()`` divides by 100."""

    suffix = "%"

    def __init__(self, *, name: str, low: int = -100, high: int = 100, **kwargs):
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={"inputmode": "decimal", "spellcheck": "false", "class": "govuk-input--width-5"}
            ),
        )
        super().__init__(
            max_digits=8, decimal_places=4, min_value=Decimal(low), max_value=Decimal(high), **kwargs
        )
        self.error_messages.update(
            _messages(
                {
                    "required": f"Enter {lower_first(name)}",
                    "invalid": f"{name} must be a number of per cent, like 5 or -2.5",
                    "min_value": f"{name} must be {low}% or more",
                    "max_value": f"{name} must be {high}% or less",
                    "max_digits": f"{name} must be between {low}% and {high}%",
                    "max_whole_digits": f"{name} must be between {low}% and {high}%",
                    "max_decimal_places": f"{name} can have at most 4 decimal places",
                }
            )
        )

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().rstrip("%").strip().replace("\u2212", "-")
        return super().to_python(value)

    def prepare_value(self, value):
        return plain_number(value)


def plain_number(value):
    """Decimal("5.000000") -> "5": show a stored rate the way a person would type it."""
    if isinstance(value, Decimal):
        normal = value.normalize()
        return (
            format(normal, "f") if normal == normal.to_integral() or normal.as_tuple().exponent < 0 else value
        )
    return value


def as_per_cent(fraction: Decimal | None) -> Decimal | None:
    """0.05 -> 5: a stored rate as a form shows it."""
    return None if fraction is None else (fraction * HUNDRED).normalize()


def as_fraction(per_cent: Decimal | None) -> Decimal | None:
    """5 -> 0.05: a typed rate as services take it."""
    return None if per_cent is None else per_cent / HUNDRED


class FinancialYearField(forms.Field):
    """A financial year typed as "2024-25" (or "2024/25"); cleans to its start year (2024)."""

    def __init__(self, *, name: str, **kwargs):
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"class": "govuk-input--width-5", "spellcheck": "false"})
        )
        super().__init__(**kwargs)
        self.name = name
        self.error_messages["required"] = f"Enter {lower_first(name)}, like 2024-25"

    def prepare_value(self, value):
        return fy_label(value) if isinstance(value, int) else value

    def to_python(self, value):
        if isinstance(value, int) or value in self.empty_values:
            return value if isinstance(value, int) else None
        try:
            year = parse_fy(str(value).strip().replace("/", "-"))
        except ValueError:
            raise forms.ValidationError(
                f"{self.name} must be a financial year written like 2024-25", code="invalid"
            ) from None
        if not is_recorded_year(year):
            first, last = fy_label(FIRST_RECORDED_YEAR), fy_label(LAST_RECORDED_YEAR)
            raise forms.ValidationError(f"{self.name} must be between {first} and {last}", code="invalid")
        return year


def money_input_text(value, unit: str = POUNDS):
    """A stored amount as people type it: 1,250,000 (not 1250000.00); pence only when there are any;
    in £m for a millions field (16.5)."""
    if not isinstance(value, Decimal):
        return value
    if unit == MILLIONS:
        return format((value / 1_000_000).normalize(), "f")
    return f"{value.quantize(Decimal(1)):,}" if value == value.to_integral() else f"{value:,}"
