"""Every form's guard rails: invisible control characters removed, text within a limit, dates 2000-2100,
one money parser that takes "£1,250,000" and refuses what is not money."""

from datetime import date
from decimal import Decimal

from django import forms

from core.forms import TEXT_LIMIT, DateInput, GovukForm, MoneyField


class Sample(GovukForm):
    title = forms.CharField(label="Title", max_length=50)
    commentary = forms.CharField(label="Commentary", required=False, widget=forms.Textarea)
    due = forms.DateField(label="Due date", required=False, widget=DateInput)
    amount = MoneyField(name="Amount", label="Amount", required=False)


def test_it_removes_bidi_overrides_and_zero_width_characters():
    form = Sample(
        {"title": "Invoice\u202egnp.exe", "commentary": "Zero\u200bwidth\ufeff and \u2066isolate\u2069"}
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["title"] == "Invoicegnp.exe"
    assert form.cleaned_data["commentary"] == "Zerowidth and isolate"


def test_it_limits_text_without_a_limit_of_its_own():
    form = Sample({"title": "ok", "commentary": "x" * (TEXT_LIMIT + 1)})
    assert form.errors["commentary"] == ["Commentary must be 10,000 characters or fewer"]
    assert Sample().fields["commentary"].widget.attrs["maxlength"] == str(TEXT_LIMIT)


def test_it_refuses_implausible_dates():
    for typed in ("0001-01-01", "9999-12-31", "1999-12-31"):
        assert Sample({"title": "ok", "due": typed}).errors["due"] == [
            "Due date must be between 2000 and 2100"
        ]
    assert Sample({"title": "ok", "due": "2027-03-12"}).is_valid()
    assert Sample({"title": "ok", "due": "2027-03-12"}).fields["due"].clean("2027-03-12") == date(2027, 3, 12)


def test_it_reads_money_one_way_everywhere():
    form = Sample({"title": "ok", "amount": "£1,250,000"})
    assert form.is_valid() and form.cleaned_data["amount"] == Decimal(1250000)
    assert Sample({"title": "ok", "amount": "1,25,000"}).errors["amount"] == [
        "Amount must be an amount in pounds, like 1,250,000"
    ]
    assert Sample({"title": "ok", "amount": "-5"}).errors["amount"] == ["Amount must not be negative"]


def test_it_writes_selects_as_djangos_templates_did():
    """core.forms.select_html: the same HTML as select.html, select_option.html and attrs.html."""
    from django.forms.renderers import TemplatesSetting
    from django.utils.safestring import mark_safe

    from core.forms import GovukFormRenderer

    choices = [
        ("", "Any"),
        ("a&b", "A & <b>B</b>"),
        ("Group <1>", [(1, "One"), (2, mark_safe("<em>Two</em>"))]),
        ((3, 4), "A tuple"),
        ("z", "Zed"),
        ('o\'neil "q"', 'O\'Neil & "Q"'),  # quotes in a plain str value and label
    ]
    widgets = [
        forms.Select(
            choices=choices, attrs={"class": "govuk-select", "data-x": '"quoted"', "required": True}
        ),
        forms.Select(choices=choices, attrs={"disabled": False, "aria-describedby": mark_safe("a&amp;b")}),
        forms.SelectMultiple(choices=choices, attrs={"class": "govuk-select"}),
    ]
    for widget in widgets:
        for value in ("", "a&b", 2, ["a&b", "z"], None):
            django = widget.render("field", value, attrs={"id": "id_field"}, renderer=TemplatesSetting())
            ours = widget.render("field", value, attrs={"id": "id_field"}, renderer=GovukFormRenderer())
            assert ours == django
    assert 'value="a&amp;b" selected' in GovukFormRenderer().render(
        "django/forms/widgets/select.html", widgets[0].get_context("f", "a&b", {})
    )


def test_it_writes_text_select_and_checkbox_field_groups_as_the_template_did():
    """core.forms.field_group_html: the same HTML as forms/govuk_field.html, byte for byte, for each kind it
    writes (a text box, with prefix and suffix, a select, a checkbox), with hints, errors, "(optional)" and
    the value typed, chosen or ticked; radios, checkboxes and dates still go to the template."""
    from django.template.loader import get_template
    from django.utils.safestring import mark_safe

    from core.forms import FIELD_TEMPLATE, field_group_html

    class Form(GovukForm):
        name = forms.CharField(label="Name <b>", help_text="Say <em>who</em>", required=False)
        code = forms.CharField(label=mark_safe("Code <abbr>id</abbr>"), max_length=4)
        days = forms.IntegerField(label="Days", required=False, min_value=1)
        amount = MoneyField(name="Amount", required=False)
        kind = forms.ChoiceField(
            label="Kind", choices=[("", "Any"), ("a&b", "A & B"), ("c", "C")], required=False
        )
        lead = forms.ChoiceField(label="Lead", choices=[("x", "X")], help_text="The lead")
        flag = forms.BooleanField(label="Flag only", required=False, help_text="Ticked <i>narrows</i>")
        sure = forms.BooleanField(label="I'm sure & certain")
        mode = forms.ChoiceField(label="Mode", choices=[("a", "A")], widget=forms.RadioSelect)
        when = forms.DateField(label="When", widget=DateInput, required=False)

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["days"].suffix = "days"
            self.fields["days"].widget = forms.TextInput(attrs={"class": "govuk-input--width-3"})
            self.style_fields()

    class Quiet(Form):
        hide_optional = True

    bound_forms = [
        Form(),
        Form(initial={"name": "Ann & <Bob>", "kind": "a&b", "flag": True, "amount": Decimal("1250000")}),
        Form(
            data={"name": "x" * 20_000, "code": "", "days": "0", "amount": "lots", "kind": "zz", "flag": "on"}
        ),
        Form(
            data={"name": '"quoted" & <b>', "code": "AB", "days": "3", "kind": "c", "lead": "x", "sure": "on"}
        ),
        Quiet(data={"days": "none"}),
        Form(auto_id=False),
        Form(prefix="row-1", data={"row-1-kind": "a&b"}),
    ]
    template = get_template(FIELD_TEMPLATE)
    for form in bound_forms:
        form.is_bound and form.is_valid()
    bound_forms[3].add_error("code", "Code & <b>AB</b> is taken")
    bound_forms[3].add_error("flag", "Flag & hint both shown")
    for form in bound_forms:
        for field in form:
            expected = template.render({"field": field}).strip()
            if field.field.widget_kind in ("radios", "date"):
                assert field_group_html(field) is None
            else:
                assert field_group_html(field) == expected, field.name
            assert field.as_field_group() == expected, field.name
    invalid = bound_forms[2]
    assert "govuk-form-group--error" in invalid["kind"].as_field_group()
    assert 'value="a&amp;b" selected' in bound_forms[1]["kind"].as_field_group()
    assert "checked" in bound_forms[1]["flag"].as_field_group()
    assert "(optional)" in bound_forms[0]["name"].as_field_group()
    assert "(optional)" not in bound_forms[4]["days"].as_field_group()
    assert "Code &amp; &lt;b&gt;AB&lt;/b&gt; is taken" in bound_forms[3]["code"].as_field_group()


def test_it_writes_text_boxes_and_checkboxes_as_djangos_templates_did():
    """core.forms.input_html: the same HTML as text.html and checkbox.html (input.html, attrs.html)."""
    from django.forms.renderers import TemplatesSetting
    from django.utils.safestring import mark_safe

    from core.forms import GovukFormRenderer

    attrs = {"class": "govuk-input", "data-x": '"q" & <b>', "required": True, "disabled": False}
    widgets = [
        forms.TextInput(attrs=attrs),
        forms.TextInput(attrs={"aria-describedby": mark_safe("a&amp;b"), "inputmode": "numeric"}),
        forms.CheckboxInput(attrs={"class": "govuk-checkboxes__input"}),
    ]
    values = (
        "",
        "Ann & <Bob>",
        mark_safe("<i>safe</i>"),
        0,
        Decimal("1.50"),
        (1, 2),
        True,
        False,
        None,
        "on",
    )
    for widget in widgets:
        for value in values:
            django = widget.render("f&g", value, attrs={"id": "id_f"}, renderer=TemplatesSetting())
            ours = widget.render("f&g", value, attrs={"id": "id_f"}, renderer=GovukFormRenderer())
            assert ours == django, (widget, value)
    assert 'value="Ann &amp; &lt;Bob&gt;"' in widgets[0].render(
        "f", "Ann & <Bob>", renderer=GovukFormRenderer()
    )
    assert " checked" in widgets[2].render("f", True, renderer=GovukFormRenderer())
