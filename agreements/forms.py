"""Forms of the agreement pages; the services hold the rules, these only read what was typed."""

from django import forms

from agreements.models import AgreementKind, AgreementStatus, CapitalStatus, PaymentKind
from agreements.reform import Assessment, dfe_series_choices
from core.forms import DateInput, FinancialYearField, GovukForm, MoneyField, PercentField
from workstreams.rag import Rag


class AgreementForm(GovukForm):
    kind = forms.ChoiceField(label="Kind", choices=AgreementKind.choices, widget=forms.RadioSelect)
    title = forms.CharField(label="Title", max_length=200)
    agreed_on = forms.DateField(label="Date of the agreement", widget=DateInput())
    first_year = FinancialYearField(
        name="First year", label="First year of the term", help_text="Like 2023-24"
    )
    last_year = FinancialYearField(name="Last year", label="Last year of the term", help_text="Like 2028-29")
    dfe_contribution = MoneyField(
        name="DfE contribution",
        label="DfE contribution or grant",
        required=False,
        help_text="Safety Valve: the DfE's total contribution. DBV: the grant (up to £1m).",
    )
    council_contribution = MoneyField(
        name="Council contribution", label="Council contribution", required=False
    )
    tolerance = PercentField(
        name="Tolerance",
        low=0,
        high=100,
        label="Tolerance",
        help_text="A year is off track when the forecast deficit exceeds the agreed one by more than this.",
        initial=5,
    )


class StatusForm(GovukForm):
    status = forms.ChoiceField(label="Status", choices=AgreementStatus.choices, widget=forms.RadioSelect)
    note = forms.CharField(label="Note", max_length=300, required=False, help_text="Why the status changed.")


class TrajectoryYearForm(GovukForm):
    financial_year = FinancialYearField(name="Year", label="Year", help_text="Like 2025-26")
    deficit_excluding_dfe = MoneyField(
        name="Cumulative deficit excluding DfE payments",
        allow_negative=True,
        label="Agreed cumulative deficit excluding DfE payments",
    )
    deficit_including_dfe = MoneyField(
        name="Cumulative deficit including DfE payments",
        allow_negative=True,
        label="Agreed cumulative deficit including DfE payments",
    )
    in_year_target = MoneyField(
        name="In-year target", allow_negative=True, label="In-year target (deficit; a surplus is negative)"
    )


class PaymentForm(GovukForm):
    kind = forms.ChoiceField(label="Payment", choices=PaymentKind.choices, widget=forms.RadioSelect)
    on = forms.DateField(label="Date", widget=DateInput())
    amount = MoneyField(name="Amount", label="Amount")
    note = forms.CharField(label="Note", max_length=300, required=False)


class ConditionForm(GovukForm):
    number = forms.IntegerField(
        label="Number",
        min_value=1,
        max_value=99,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-2"}),
    )
    text = forms.CharField(label="Condition", widget=forms.Textarea(attrs={"rows": 4}))
    owner = forms.ModelChoiceField(label="Owner", queryset=None, required=False, empty_label="Choose a lead")
    due = forms.DateField(label="Due", required=False, widget=DateInput())
    workstreams = forms.ModelMultipleChoiceField(
        label="Workstreams that deliver it",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, leads, workstreams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = leads
        self.fields["workstreams"].queryset = workstreams
        self.fields["workstreams"].label_from_instance = lambda w: f"{w.code} {w.title}"


class ConditionUpdateForm(GovukForm):
    rag = forms.ChoiceField(
        label="RAG", choices=[("", "Not rated"), *Rag.choices], widget=forms.RadioSelect, required=False
    )
    commentary = forms.CharField(label="Commentary", widget=forms.Textarea(attrs={"rows": 4}))
    hold_reason = forms.CharField(
        label="Reason the RAG stands although the condition is overdue", max_length=300, required=False
    )
    met_on = forms.DateField(label="Met on", required=False, widget=DateInput())


class ReturnCreateForm(GovukForm):
    financial_year = FinancialYearField(name="Year", label="Year", help_text="Like 2026-27")
    quarter = forms.TypedChoiceField(
        label="Quarter",
        choices=[(q, f"Quarter {q}") for q in (1, 2, 3, 4)],
        coerce=int,
        widget=forms.RadioSelect,
    )


class ReturnForm(GovukForm):
    narrative = forms.CharField(label="Narrative", widget=forms.Textarea(attrs={"rows": 6}), required=False)
    risks = forms.CharField(label="Risks", widget=forms.Textarea(attrs={"rows": 4}), required=False)


class CapitalProjectForm(GovukForm):
    name = forms.CharField(label="Project", max_length=200)
    budget = MoneyField(name="Budget", label="Budget")
    spent = MoneyField(name="Spend to date", label="Spend to date", required=False)
    status = forms.ChoiceField(label="Status", choices=CapitalStatus.choices, widget=forms.RadioSelect)
    expected_completion = forms.DateField(label="Expected completion", required=False, widget=DateInput())
    commentary = forms.CharField(label="Commentary", widget=forms.Textarea(attrs={"rows": 4}), required=False)


class _WorkstreamYearForm(GovukForm):
    workstream = forms.ModelChoiceField(label="Workstream", queryset=None, empty_label="Choose a workstream")
    financial_year = FinancialYearField(name="Year", label="Year", help_text="Like 2024-25")

    def __init__(self, *args, workstreams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workstream"].queryset = workstreams
        self.fields["workstream"].label_from_instance = lambda w: f"{w.code} {w.title}"


class GrantSpendForm(_WorkstreamYearForm):
    allocated = MoneyField(name="Grant allocated", label="Grant allocated to the workstream this year")
    spent = MoneyField(name="Spend", label="Spent of it")


class CostAvoidanceForm(_WorkstreamYearForm):
    amount = MoneyField(
        name="Cost avoided",
        label="Cost avoided",
        help_text="High needs spend the workstream avoided this year, against the unmitigated forecast.",
    )
    note = forms.CharField(label="How it was measured", max_length=300, required=False)


class SectionForm(GovukForm):
    narrative = forms.CharField(label="Narrative", widget=forms.Textarea(attrs={"rows": 6}), required=False)
    self_assessment = forms.ChoiceField(
        label="Self-assessment",
        choices=[("", "Not assessed yet"), *Assessment.choices],
        widget=forms.RadioSelect,
        required=False,
    )
    evidence = forms.CharField(
        label="Evidence for the self-assessment", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    workstreams = forms.ModelMultipleChoiceField(
        label="Workstreams that serve it", queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    levers = forms.ModelMultipleChoiceField(
        label="Demand model levers that serve it",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    indicators = forms.ModelMultipleChoiceField(
        label="Measures that show it", queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    dfe_series = forms.MultipleChoiceField(
        label="DfE figures that show it", choices=(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, workstreams, levers, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dfe_series"].choices = dfe_series_choices()
        self.fields["workstreams"].queryset = workstreams
        self.fields["workstreams"].label_from_instance = lambda w: f"{w.code} {w.title}"
        self.fields["levers"].queryset = levers
        self.fields["levers"].label_from_instance = lambda lever: f"{lever.workstream.code}: {lever}"
        self.fields["indicators"].queryset = indicators
        self.fields["indicators"].label_from_instance = lambda i: i.name


class SectionCreateForm(GovukForm):
    principle = forms.CharField(label="Principle or section", max_length=120)
    description = forms.CharField(label="What it asks", max_length=300, required=False)
