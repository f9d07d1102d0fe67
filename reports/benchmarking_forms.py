"""The council's choice of its dashboard's three benchmarking measures."""

from django import forms

from core.forms import GovukForm
from reports.benchmarking import MEASURES

CHOICES = [(m.key, m.title) for m in MEASURES]


class DashboardMeasuresForm(GovukForm):
    first = forms.ChoiceField(label="First measure", choices=CHOICES)
    second = forms.ChoiceField(label="Second measure", choices=CHOICES)
    third = forms.ChoiceField(label="Third measure", choices=CHOICES)

    def clean(self):
        data = super().clean()
        keys = [data.get(name) for name in ("first", "second", "third")]
        if all(keys) and len(set(keys)) < len(keys):
            self.add_error("third", "Choose three different measures")
        return data

    @property
    def keys(self) -> list[str]:
        return [self.cleaned_data[name] for name in ("first", "second", "third")]
