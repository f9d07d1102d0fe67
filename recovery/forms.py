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
