"""The national overview's filters (reports.forms.NationalFilterForm): its neighbour select kept."""

import pytest
from django import forms

from core.forms import GovukFormMixin
from reports.forms import KeptSelect, NationalFilterForm

GROUPS = [
    ("", "All councils"),
    ("rutland", "Rutland and its neighbours"),
    ("a-b", 'A & "B" <and its neighbours>'),
]


class _Plain(GovukFormMixin, forms.Form):
    neighbours_of = forms.ChoiceField(label="Statistical neighbour group", required=False, choices=GROUPS)


class _Kept(GovukFormMixin, forms.Form):
    neighbours_of = forms.ChoiceField(
        label="Statistical neighbour group", required=False, choices=GROUPS, widget=KeptSelect
    )


@pytest.mark.parametrize("value", ["", "rutland", "a-b", "unknown"])
def test_it_writes_the_select_as_a_plain_one_does_first_and_kept(value):
    plain = str(_Plain({"neighbours_of": value})["neighbours_of"])
    assert str(_Kept({"neighbours_of": value})["neighbours_of"]) == plain
    assert str(_Kept({"neighbours_of": value})["neighbours_of"]) == plain  # the kept one


def test_it_writes_a_new_list_of_groups_anew():
    first = str(_Kept({"neighbours_of": "rutland"})["neighbours_of"])
    form = _Kept({"neighbours_of": "rutland"})
    form.fields["neighbours_of"].choices = [*GROUPS, ("wiltshire", "Wiltshire and its neighbours")]
    again = str(form["neighbours_of"])
    assert "Wiltshire and its neighbours" in again and "Wiltshire" not in first


@pytest.mark.django_db
def test_it_uses_the_kept_select_for_the_neighbour_groups():
    assert isinstance(NationalFilterForm().fields["neighbours_of"].widget, KeptSelect)
