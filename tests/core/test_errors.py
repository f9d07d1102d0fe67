from django import forms

from core.errors import Refused
from core.forms import GovukForm


class _Form(GovukForm):
    name = forms.CharField()


def test_it_reads_as_its_sentence_not_a_list():
    error = Refused("The file is not a workbook")
    assert str(error) == "The file is not a workbook"
    assert error.messages == ["The file is not a workbook"]


def test_a_refusal_with_a_field_lands_on_that_field_of_a_form():
    form = _Form({"name": "Rutland"})
    assert form.is_valid()
    form.add_error(None, Refused("That name is taken", field="name"))
    assert form.errors == {"name": ["That name is taken"]}


def test_a_refusal_without_a_field_concerns_the_whole_form():
    form = _Form({"name": "Rutland"})
    form.is_valid()
    form.add_error(None, Refused("Someone else saved first"))
    assert form.non_field_errors() == ["Someone else saved first"]
