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
