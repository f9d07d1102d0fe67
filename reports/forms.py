from functools import cache

from django import forms

from core.forms import DateInput, GovukFormMixin, GovukModelForm
from core.prepared import compiled_rows
from dfe.models import Neighbour
from recovery.models import Council, Programme, Region
from reports.benchmarking import MEASURES
from reports.models import ForumReport

# Rutland's words (its Forum paper, section 1), which most councils' papers echo.
DEFAULT_PURPOSE = (
    "To update members of Schools Forum on the implementation of the recovery plan, which is designed to "
    "reduce the pressure on the DSG High Needs Block."
)


class ForumReportForm(GovukModelForm):
    # The report points to its meeting; the form asks for the meeting's date (the service finds the meeting
    # on that day, or puts it on the calendar).
    meeting_date = forms.DateField(
        label="Meeting date",
        widget=DateInput(),
        error_messages={
            "required": "Enter the date of the Schools Forum meeting",
            "invalid": "Enter the meeting date as a real date, like 13 February 2025",
        },
    )

    class Meta:
        model = ForumReport
        fields = [
            "title",
            "purpose",
            "background",
            "summary",
            "value_for_money",
            "measuring_success",
            "next_steps",
            "recommendations",
        ]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "background": forms.Textarea(attrs={"rows": 6}),
            "value_for_money": forms.Textarea(attrs={"rows": 4}),
            "measuring_success": forms.Textarea(attrs={"rows": 4}),
            "next_steps": forms.Textarea(attrs={"rows": 4}),
            "summary": forms.Textarea(attrs={"rows": 8}),
            "recommendations": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {
            "purpose": "Purpose",
            "background": "Background",
            "summary": "Summary of progress",
            "recommendations": "Recommendations to Forum",
        }
        error_messages = {
            "title": {"required": "Enter a title for the report"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields(["meeting_date"])
        if self.instance.pk:
            self.initial.setdefault("meeting_date", self.instance.meeting_date)
        for name in (
            "purpose",
            "background",
            "summary",
            "value_for_money",
            "measuring_success",
            "next_steps",
        ):
            self.fields[name].help_text = "Separate paragraphs with a blank line."
        if not self.instance.pk:
            self.initial.setdefault("purpose", DEFAULT_PURPOSE)
        self.fields[
            "recommendations"
        ].help_text = "For example: Members of Schools Forum note the progress to date."

    def validate_unique(self):
        # The service checks the meeting date against this plan's other reports; the model form cannot,
        # because the plan is not one of its fields.
        pass


def _neighbour_groups():
    return (
        Council.objects.filter(la_code__in=Neighbour.objects.values("area__la_code"))
        .order_by("name")
        .values_list("slug", "name")
    )


class KeptSelect(forms.Select):
    """A select whose HTML is kept per process for each set of choices, value and attributes: the neighbour
    groups' ~150 options were written on every uncached view of the national overview (≈ 0.5 ms), the same
    until the DfE's list is imported again. The choices are still read each time (the same query), so a new
    list is a new key; the few kept (KEPT_SELECTS) bound the memory."""

    KEPT_SELECTS = 64
    _kept: dict = {}  # noqa: RUF012  (shared by every instance, on purpose)

    def render(self, name, value, attrs=None, renderer=None):
        key = (
            name,
            tuple(self.format_value(value)),
            tuple(sorted((k, str(v)) for k, v in self.build_attrs(self.attrs, attrs).items())),
            tuple(self.choices),
            type(renderer),
        )
        written = self._kept.get(key)
        if written is None:
            written = super().render(name, value, attrs=attrs, renderer=renderer)
            if len(self._kept) >= self.KEPT_SELECTS:
                self._kept.clear()
            self._kept[key] = written
        return written


class NationalFilterForm(GovukFormMixin, forms.Form):
    """The national overview's filters, read from the URL (so a filtered view can be shared)."""

    region = forms.ChoiceField(label="Region", required=False, choices=[("", "All regions"), *Region.choices])
    programme = forms.ChoiceField(
        label="Programme",
        required=False,
        # "None" reads as a missing value: the councils in neither national programme, said in words.
        choices=[
            ("", "All programmes"),
            *[(v, "Neither programme" if v == Programme.NONE else label) for v, label in Programme.choices],
        ],
    )

    neighbours_of = forms.ChoiceField(
        label="Statistical neighbour group",
        help_text="A council and its ten statistical neighbours (the DfE's list)",
        required=False,
        widget=KeptSelect,
        # Only councils the DfE's list gives neighbours for (none until it is imported).
        choices=lambda: [
            ("", "All councils"),
            *((slug, f"{name} and its neighbours") for slug, name in compiled_rows(_neighbour_groups)),
        ],
    )

    measure = forms.ChoiceField(
        label="Benchmarking measure",
        help_text="Adds a column with each council's figure in the latest year, to sort by",
        required=False,
        choices=[("", "No measure"), *((m.key, m.title) for m in MEASURES)],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The groups are read when the form is validated or drawn (never on a cached view, which does
        # neither), and then once: the widget and the field each went through the list, a query each time.
        field = self.fields["neighbours_of"]
        field.choices = cache(field.choices.func)

    def filters(self) -> dict[str, str]:
        """The valid filters ({} when the URL names no known region or programme)."""
        if not self.is_valid():
            return {}
        return {name: value for name, value in self.cleaned_data.items() if value}
