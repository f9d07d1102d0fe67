from django import forms

from core.forms import GovukForm
from dfe.jobs import MAX_UPLOAD


class ImportUploadForm(GovukForm):
    file = forms.FileField(
        label="DfE file",
        help_text=(
            "The EHC plans release zip as downloaded (or one of its tables), a DSG allocations spreadsheet "
            "(.ods or .xlsx), an s251 outturn or budget CSV, the statistical neighbours workbook, the list "
            f"of local authorities (la_codes.csv) or an ONS population CSV. Up to {MAX_UPLOAD // 2**20} MB."
        ),
        error_messages={"required": "Choose the DfE file to import", "empty": "The file is empty"},
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,.csv,.ods,.xlsx"}),
    )
    dry_run = forms.BooleanField(
        label="Check only: report what would change and save nothing",
        required=False,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(
                f"{upload.name} is larger than the {MAX_UPLOAD // 2**20} MB a DfE file may be"
            )
        return upload
