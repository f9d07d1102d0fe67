"""GOV.UK Design System form rendering shared by every app: one renderer, one field template.

`{{ form }}` renders each field as a govuk-form-group with label, hint, inline error and the right input
class; `{% include "forms/error_summary.html" %}` renders the error summary linking to each field.
"""

from django import forms
from django.forms.renderers import TemplatesSetting

WIDGET_CLASSES = {
    forms.Textarea: "govuk-textarea",
    forms.Select: "govuk-select",
    forms.SelectMultiple: "govuk-select",
    forms.RadioSelect: "govuk-radios__input",
    forms.CheckboxSelectMultiple: "govuk-checkboxes__input",
    forms.CheckboxInput: "govuk-checkboxes__input",
    forms.FileInput: "govuk-file-upload",
}


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


class GovukFormMixin:
    """Adds GOV.UK classes, error classes and aria-describedby to every widget."""

    default_input_width = "govuk-input"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = field.widget
            css = next((c for t, c in WIDGET_CLASSES.items() if isinstance(widget, t)), self.default_input_width)
            widget.attrs["class"] = " ".join(filter(None, [css, widget.attrs.get("class", "")]))
            field.widget_kind = widget_kind(widget)
            described = []
            if field.help_text:
                described.append(f"id_{name}-hint")
            if self.is_bound and name in self.errors:
                described.append(f"id_{name}-error")
                if field.widget_kind == "input":
                    error_class = "govuk-textarea--error" if css == "govuk-textarea" else (
                        "govuk-select--error" if css == "govuk-select" else "govuk-input--error")
                    widget.attrs["class"] += f" {error_class}"
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
        super().__init__(attrs={"class": "govuk-input govuk-input--width-10", **(attrs or {})}, format="%Y-%m-%d")
