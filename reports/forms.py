from django import forms

from core.forms import DateInput, GovukFormMixin, GovukModelForm
from recovery.models import Programme, Region
from reports.models import ForumReport


class ForumReportForm(GovukModelForm):
    class Meta:
        model = ForumReport
        fields = ["meeting_date", "title", "summary", "recommendations"]
        widgets = {
            "meeting_date": DateInput(),
            "summary": forms.Textarea(attrs={"rows": 8}),
            "recommendations": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {
            "meeting_date": "Meeting date",
            "summary": "Summary",
            "recommendations": "Recommendations to Forum",
        }
        error_messages = {
            "meeting_date": {
                "required": "Enter the date of the Schools Forum meeting",
                "invalid": "Enter the meeting date as a real date, like 13 February 2025",
            },
            "title": {"required": "Enter a title for the report"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["summary"].help_text = "Separate paragraphs with a blank line."
        self.fields[
            "recommendations"
        ].help_text = "For example: Members of Schools Forum note the progress to date."

    def validate_unique(self):
        # The service checks the meeting date against this plan's other reports; the model form cannot,
        # because the plan is not one of its fields.
        pass


class NationalFilterForm(GovukFormMixin, forms.Form):
    """The national overview's filters, read from the URL (so a filtered view can be shared)."""

    region = forms.ChoiceField(label="Region", required=False, choices=[("", "All regions"), *Region.choices])
    programme = forms.ChoiceField(
        label="Programme", required=False, choices=[("", "All programmes"), *Programme.choices]
    )

    def filters(self) -> dict[str, str]:
        """The valid filters ({} when the URL names no known region or programme)."""
        if not self.is_valid():
            return {}
        return {name: value for name, value in self.cleaned_data.items() if value}
