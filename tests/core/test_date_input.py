"""The GOV.UK date input: day, month and year boxes, a message naming what is wrong, the error on that box."""

from datetime import date

from django import forms

from core.forms import DateInput, GovukForm


class Meeting(GovukForm):
    meeting_date = forms.DateField(label="Meeting date", widget=DateInput)


def test_it_reads_the_three_boxes_as_one_date():
    form = Meeting({"meeting_date-day": "12", "meeting_date-month": "3", "meeting_date-year": "2027"})
    assert form.is_valid() and form.cleaned_data["meeting_date"] == date(2027, 3, 12)


def test_it_still_reads_one_iso_value_as_scripts_post_it():
    assert Meeting({"meeting_date": "2027-03-12"}).is_valid()


def test_it_names_the_missing_part_and_marks_only_that_box():
    form = Meeting({"meeting_date-day": "12", "meeting_date-month": "", "meeting_date-year": "2027"})
    assert form.errors["meeting_date"] == ["Meeting date must include a month"]
    html = str(form["meeting_date"])
    assert 'govuk-input--width-2 govuk-input--error" id="id_meeting_date-month"' in html
    assert 'govuk-input--width-2" id="id_meeting_date"' in html  # the day box is not marked
    assert 'value="12"' in html and 'value="2027"' in html  # what was typed stays


def test_it_refuses_dates_that_do_not_exist_and_short_years():
    assert Meeting({"meeting_date-day": "31", "meeting_date-month": "2", "meeting_date-year": "2027"}).errors[
        "meeting_date"
    ] == ["Meeting date must be a real date, like 12 3 2027"]
    assert Meeting({"meeting_date-day": "1", "meeting_date-month": "2", "meeting_date-year": "27"}).errors[
        "meeting_date"
    ] == ["Meeting date must include the whole year, like 2027"]
    assert Meeting({"meeting_date-day": "1", "meeting_date-month": "2", "meeting_date-year": "1066"}).errors[
        "meeting_date"
    ] == ["Meeting date must be between 2000 and 2100"]


def test_it_renders_a_fieldset_with_a_legend_and_the_example():
    html = Meeting().as_div()
    assert '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Meeting date</legend>' in html
    assert "For example, 12 3 2027" in html and 'class="govuk-date-input"' in html
