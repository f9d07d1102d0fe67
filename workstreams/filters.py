"""The milestone table's filters (django-filter). A GET form, so a filtered table is a link to share."""

import django_filters
from django import forms

from core.forms import GovukForm
from recovery.models import Council, LeadOfficer, RecoveryPlan
from workstreams.models import Milestone, Workstream
from workstreams.rag import Rag

NOT_RATED = "none"


class FilterForm(GovukForm):
    hide_optional = True  # every filter is optional: "(optional)" on each label would be noise


class FlagFilter(django_filters.Filter):
    """A checkbox: ticked narrows the table, unticked leaves it alone (never "only the ones without")."""

    field_class = forms.BooleanField


class MilestoneFilter(django_filters.FilterSet):
    workstream = django_filters.ModelChoiceFilter(
        label="Workstream", queryset=Workstream.objects.none(), empty_label="All workstreams"
    )
    lead = django_filters.ModelChoiceFilter(
        label="Lead officer", queryset=LeadOfficer.objects.none(), empty_label="All leads"
    )
    rag = django_filters.ChoiceFilter(
        label="RAG status",
        choices=[*Rag.choices, (NOT_RATED, "Not rated")],
        empty_label="Any RAG",
        method="filter_rag",
    )
    progress = django_filters.ChoiceFilter(
        label="Progress",
        choices=[("open", "Open"), ("completed", "Completed")],
        empty_label="Open and completed",
        method="filter_progress",
    )
    due_within = django_filters.NumberFilter(
        label="Due within",
        method="filter_due_within",
        min_value=1,
        max_value=3650,
        help_text="Open milestones forecast from today to this many days ahead.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
    )
    overdue = FlagFilter(label="Overdue only", method="filter_overdue")
    slipped = FlagFilter(label="Slipped only", method="filter_slipped")

    class Meta:
        model = Milestone
        fields: list[str] = []
        form = FilterForm

    def __init__(self, data=None, queryset=None, *, plan: RecoveryPlan, council: Council, **kwargs):
        super().__init__(data, queryset, **kwargs)
        # Only this council's rows are choices: another council's id is "not one of the available choices".
        # Each read with what its option shows (str(): "code. title", "name (initials)"), not its long texts.
        self.filters["workstream"].queryset = (
            Workstream.objects.active().filter(plan=plan).order_by("position", "code").only("code", "title")
        )
        self.filters["lead"].queryset = (
            LeadOfficer.objects.filter(council=council).order_by("name").only("name", "initials")
        )
        for name, what in [
            ("workstream", "a workstream"),
            ("lead", "a lead officer"),
            ("rag", "a RAG status"),
            ("progress", "open or completed"),
        ]:
            self.filters[name].field.error_messages["invalid_choice"] = f"Choose {what} from the list"
        self.filters["due_within"].field.suffix = "days"
        self.filters["due_within"].field.error_messages.update(
            {
                "invalid": "Due within must be a whole number of days, like 30",
                "min_value": "Due within must be at least 1 day",
                "max_value": "Due within must be at most 3650 days",
            }
        )

    @property
    def is_active(self) -> bool:
        """Whether any filter narrows the table (for the heading: "… match these filters")."""
        if not self.is_bound:
            return False
        self.form.is_valid()  # cleaned_data holds the valid filters, even when another one is not
        return any(value not in (None, "", False) for value in self.form.cleaned_data.values())

    def filter_rag(self, queryset, name, value):
        # The table shows a completed milestone as "Complete", so a RAG filter means open milestones, by
        # the RAG the table shows (the effective one: an overdue milestone is Red).
        return queryset.with_effective_rag().filter(
            completed_on__isnull=True, effective_rag_key="" if value == NOT_RATED else value
        )

    def filter_progress(self, queryset, name, value):
        return queryset.filter(completed_on__isnull=(value == "open"))

    def filter_due_within(self, queryset, name, value):
        return queryset.due_within(int(value))

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue() if value else queryset

    def filter_slipped(self, queryset, name, value):
        return queryset.slipped() if value else queryset
