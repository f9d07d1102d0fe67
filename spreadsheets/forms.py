from django import forms

from core.forms import GovukForm


class TrackerUploadForm(GovukForm):
    file = forms.FileField(
        label="Tracker workbook",
        help_text="An Excel workbook (.xlsx) laid out like the recovery plan tracker: Key Improvement "
        "Action, Expected Outcomes, Risks, Key Milestones, Lead, Start Date, End Date, Progress (RAG), and "
        "optionally Commentary. Up to 5 MB.",
        error_messages={"required": "Choose the tracker workbook to upload", "empty": "The file is empty"},
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )
