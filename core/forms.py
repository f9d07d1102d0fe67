"""GOV.UK Design System form rendering shared by every app: one renderer, one field template.

`{{ form }}` renders each field as a govuk-form-group with label, hint, inline error and the right input
class; `{% include "forms/error_summary.html" %}` renders the error summary linking to each field.
"""

import functools
import html
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

from django import forms
from django.core.validators import MaxLengthValidator
from django.forms.renderers import TemplatesSetting
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData, mark_safe

from core.financial_years import (
    EARLIEST_DATE,
    FIRST_RECORDED_YEAR,
    LAST_RECORDED_YEAR,
    LATEST_DATE,
    fy_label,
    is_recorded_year,
    parse_fy,
)
from core.html import text_html
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


SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


def _attrs_html(attrs: dict) -> str:
    """django/forms/widgets/attrs.html: ` name="value"` per attribute, ` name` for True, nothing for False."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {conditional_escape(name)}")
            continue
        parts.append(f' {conditional_escape(name)}="{_stringformat(value)}"')
    return "".join(parts)


def _stringformat(value) -> str:
    """{{ value|stringformat:'s' }}: "%s" of the value (a tuple as its str), escaped unless already safe."""
    text = "%s" % (str(value) if isinstance(value, tuple) else value,)  # noqa: UP031
    return text if isinstance(value, SafeData) else escape(text)


def select_html(widget: dict) -> str:
    """Django's select.html, select_option.html and attrs.html as one Python pass: the same HTML, without
    three template renders per option (the milestones filter's selects were a tenth of that page)."""
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs_html(widget["attrs"])}>']
    for group_name, group_choices, _ in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{text_html(group_name)}">')
        for option in group_choices:
            value, label = option["value"], option["label"]
            # A plain str (most values and labels) escaped as the templates escape it, without their steps for
            # lazy, safe, date and number values (a 150-option select was 1 ms of the national overview).
            value = html.escape(value) if type(value) is str else _stringformat(value)
            label = text_html(label)
            attrs = _attrs_html(option["attrs"]) if option["attrs"] else ""
            parts.append(f'\n  <option value="{value}"{attrs}>{label}</option>\n')
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>\n")
    # Stripped, as the renderer strips what a template renders.
    return mark_safe("".join(parts).strip())  # noqa: S308  (every value escaped above, as the templates do)


FIELD_TEMPLATE = "forms/govuk_field.html"
ERROR_HTML = (
    '<p id="{}-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> {}</p>'
)


def field_group_html(field) -> str | None:
    """forms/govuk_field.html as one Python pass for the kinds of field it writes plainly: a text box or
    select ("input", with its optional "(optional)", hint, errors, prefix and suffix) and a single checkbox.
    The same HTML as the template (tests/core/test_forms.py compares them); None for the other kinds
    (radios, checkboxes, dates), which the template still writes. The milestones filter's seven field
    groups were 2.3 ms of that page through the template."""
    bound = field.field
    kind = getattr(bound, "widget_kind", "")  # a form without GovukFormMixin: the template's text box
    if kind == "radios" or kind == "checkboxes" or kind == "date":
        return None
    errors = field.errors
    auto_id = conditional_escape(field.auto_id)
    help_text = field.help_text
    hint_class = "govuk-hint govuk-checkboxes__hint" if kind == "checkbox" else "govuk-hint"
    hint = f'<div id="{auto_id}-hint" class="{hint_class}">{help_text}</div>' if help_text else ""
    error_html = "".join(ERROR_HTML.format(auto_id, text_html(error)) for error in errors)
    label = text_html(field.label)
    if kind == "checkbox":
        body = (
            f"\n  {error_html}\n"
            '  <div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">\n'
            '    <div class="govuk-checkboxes__item">\n'
            f"      {field}\n"
            f'      <label class="govuk-label govuk-checkboxes__label" for="{auto_id}">{label}</label>\n'
            f"      {hint}\n"
            "    </div>\n"
            "  </div>\n"
        )
    else:
        optional = (
            " (optional)"
            if not bound.required
            and not getattr(bound, "conditionally_required", False)
            and not getattr(field.form, "hide_optional", False)
            else ""
        )
        prefix, suffix = getattr(bound, "prefix", None), getattr(bound, "suffix", None)
        if prefix or suffix:
            before = (
                f'<div class="govuk-input__prefix" aria-hidden="true">{text_html(prefix)}</div>'
                if prefix
                else ""
            )
            after = (
                f'<div class="govuk-input__suffix" aria-hidden="true">{text_html(suffix)}</div>'
                if suffix
                else ""
            )
            box = (
                '\n  <div class="govuk-input__wrapper">\n'
                f"    {before}\n    {field}\n    {after}\n  </div>\n  "
            )
        else:
            box = str(field)
        body = (
            f'\n  <label class="govuk-label govuk-label--s" for="{auto_id}">{label}{optional}</label>\n'
            f"  {hint}\n  {error_html}\n  {box}\n"
        )
    error_class = " govuk-form-group--error" if errors else ""
    name = conditional_escape(field.html_name)
    # Stripped, as the renderer strips what a template renders.
    return mark_safe(  # noqa: S308  (every value escaped as the template escapes it; help text is |safe there)
        f'<div class="govuk-form-group{error_class}" id="group-{name}">\n{body}\n</div>'
    )


INPUT_TEMPLATES = ("django/forms/widgets/text.html", "django/forms/widgets/checkbox.html")


def input_html(widget: dict) -> str:
    """Django's text.html or checkbox.html (each input.html), with attrs.html, as one Python pass."""
    value = widget["value"]
    value = "" if value is None else f' value="{_stringformat(value)}"'
    kind, name = conditional_escape(widget["type"]), conditional_escape(widget["name"])
    return mark_safe(  # noqa: S308  (every value escaped as the templates escape it)
        f'<input type="{kind}" name="{name}"{value}{_attrs_html(widget["attrs"])}>'
    )


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "forms/govuk_form.html"
    field_template_name = FIELD_TEMPLATE

    def render(self, template_name, context, request=None):
        if template_name == FIELD_TEMPLATE and len(context) == 1 and "field" in context:
            written = field_group_html(context["field"])
            if written is not None:
                return written
        if template_name in INPUT_TEMPLATES and _django_widget_templates():
            return input_html(context["widget"])
        widget = context.get("widget") if template_name == SELECT_TEMPLATE else None
        if widget is not None and _django_widget_templates() and _plain_options(widget):
            return select_html(widget)
        return super().render(template_name, context, request=request)


def _plain_options(widget: dict) -> bool:
    return all(
        option.get("template_name") == OPTION_TEMPLATE
        for _, options, _ in widget["optgroups"]
        for option in options
    )


@functools.cache
def _django_widget_templates() -> bool:
    """Django's own select and input templates, not a project's or an app's override of them: only those are
    written in Python by select_html and input_html."""
    from django.template.loader import get_template

    django_dir = Path(forms.__file__).parent / "templates"
    return all(
        Path(get_template(name).origin.name).is_relative_to(django_dir)
        for name in (
            SELECT_TEMPLATE,
            OPTION_TEMPLATE,
            "django/forms/widgets/attrs.html",
            "django/forms/widgets/input.html",
            *INPUT_TEMPLATES,
        )
    )


def widget_kind(widget: forms.Widget) -> str:
    if isinstance(widget, DateInput):
        return "date"
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
        date_to_python, date_label = field.to_python, _label(field)

        def read_date(value, to_python=date_to_python, label=date_label):
            if isinstance(value, BadDate):
                raise forms.ValidationError(value.message.format(label=label), code="invalid")
            return to_python(value)

        field.to_python = read_date

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
            if field.widget_kind == "date":
                # The widget's template sets each box's classes; the error mark goes on the wrong boxes.
                widget.attrs["data-error"] = "1" if name in errors else ""
                continue
            classes = widget.govuk_class
            described = []
            # The ids the template gives the hint and error: the field's own id, the form's prefix included
            # (each row of the update return has one; "id_commentary-hint" pointed at nothing there).
            field_id = self.auto_id % self.add_prefix(name) if self.auto_id else f"id_{self.add_prefix(name)}"
            if field.help_text:
                described.append(f"{field_id}-hint")
            if name in errors:
                described.append(f"{field_id}-error")
                if field.widget_kind == "input":
                    classes += ERROR_CLASSES.get(widget.govuk_css, " govuk-input--error")
            widget.attrs["class"] = classes
            if described and field.widget_kind != "radios":
                widget.attrs["aria-describedby"] = " ".join(described)


class GovukForm(GovukFormMixin, forms.Form):
    pass


class GovukModelForm(GovukFormMixin, forms.ModelForm):
    pass


class BadDate(str):
    """What the date boxes held when they do not make a date: the message, and which boxes are wrong."""

    def __new__(cls, text: str, message: str, boxes: tuple[str, ...], parts: dict[str, str]):
        value = super().__new__(cls, text)
        value.message, value.boxes, value.parts = message, boxes, parts
        return value


DATE_BOXES = (("day", "Day", 2), ("month", "Month", 2), ("year", "Year", 4))


class DateInput(forms.Widget):
    """The GOV.UK date input: day, month and year boxes (never the browser's picker, which shows mm/dd/yyyy in
    some locales), the error on the box that is wrong. A single ``name`` value (ISO, as scripts and older
    pages post) is read too."""

    template_name = "forms/widgets/govuk_date.html"

    def __init__(self, attrs=None):
        super().__init__(attrs)

    def value_from_datadict(self, data, files, name):
        if name in data:
            return data.get(name)
        parts = {key: str(data.get(f"{name}-{key}", "")).strip() for key, _, _ in DATE_BOXES}
        if not any(parts.values()):
            return None
        missing = tuple(key for key, _, _ in DATE_BOXES if not parts[key])
        if missing:
            words = " and a ".join(missing)
            return BadDate("", f"{{label}} must include a {words}", missing, parts)
        wrong = tuple(key for key, _, _ in DATE_BOXES if not parts[key].isdigit())
        if not wrong and len(parts["year"]) != 4:
            return BadDate("", "{label} must include the whole year, like 2027", ("year",), parts)
        if not wrong:
            try:
                return date(int(parts["year"]), int(parts["month"]), int(parts["day"])).isoformat()
            except ValueError:
                wrong = ("day", "month") if int(parts["month"]) in range(1, 13) else ("month",)
        return BadDate("", "{label} must be a real date, like 12 3 2027", wrong, parts)

    def value_omitted_from_data(self, data, files, name):
        return name not in data and not any(f"{name}-{key}" in data for key, _, _ in DATE_BOXES)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if isinstance(value, BadDate):
            parts, bad = value.parts, value.boxes
        else:
            parts, bad = {"day": "", "month": "", "year": ""}, ()
            day = value if isinstance(value, date) else None
            if isinstance(value, str) and value:
                try:
                    day = date.fromisoformat(value)
                except ValueError:
                    day = None
            if day is not None:
                parts = {"day": str(day.day), "month": str(day.month), "year": str(day.year)}
        field_id = context["widget"]["attrs"].get("id", f"id_{name}")
        context["widget"]["boxes"] = [
            {
                "key": key,
                "label": label,
                "width": width,
                "value": parts.get(key, ""),
                "bad": key in bad or (bool(self.attrs.get("data-error")) and not bad),
                "id": field_id if key == "day" else f"{field_id}-{key}",
                "name": f"{name}-{key}",
            }
            for key, label, width in DATE_BOXES
        ]
        return context


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
