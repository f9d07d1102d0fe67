"""Forms for progress updates and for managing the plan, rendered by the shared GOV.UK form templates.

Choices are always limited to the council's (or plan's) own rows, so a posted id of another council is
"not one of the available choices". The rules of a progress update live in the service; the form asks
the service for them, so both paths agree.
"""

from decimal import Decimal

from django import forms
from django.utils import timezone

from core.financial_years import fy_label
from core.forms import DateInput, GovukForm, GovukModelForm, MoneyField
from recovery.models import Council, LeadOfficer, RecoveryPlan
from workstreams import services
from workstreams.models import Category, Milestone, Workstream
from workstreams.rag import RAG_DEFINITIONS, Rag

NUMERIC = {"inputmode": "numeric", "spellcheck": "false"}


def _textarea(rows: int = 4) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class MilestoneUpdateForm(GovukForm):
    """One progress update. `version` is the milestone version the person opened (the optimistic lock)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    rag = forms.ChoiceField(
        label="RAG status",
        choices=Rag.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a RAG status", "invalid_choice": "Select Green, Amber or Red"},
    )
    commentary = forms.CharField(
        label="Commentary",
        required=False,
        widget=_textarea(5),
        help_text="What has happened since the last update. Needed for Amber or Red, and whenever the RAG "
        "status changes.",
    )
    rag_hold_reason = forms.CharField(
        label="Reason to keep this RAG although the forecast date has passed",
        required=False,
        widget=_textarea(3),
        help_text="A milestone past its forecast date shows as Red. To keep Green or Amber, say why: "
        "both are then shown.",
    )
    percent_complete = forms.IntegerField(
        label="Percent complete",
        min_value=0,
        max_value=100,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-3", **NUMERIC}),
        error_messages={
            "required": "Enter the percent complete, from 0 to 100",
            "invalid": "Percent complete must be a whole number, like 60",
            "min_value": "Percent complete must be between 0 and 100",
            "max_value": "Percent complete must be between 0 and 100",
        },
    )
    forecast_due = forms.DateField(
        label="Forecast due date",
        required=False,
        widget=DateInput,
        help_text="When it is now expected. If it moves later, give a reason below.",
        error_messages={"invalid": "Enter the forecast due date as a real date, like 31 March 2025"},
    )
    date_change_reason = forms.CharField(
        label="Reason the forecast date moved",
        required=False,
        widget=_textarea(3),
        help_text="Needed when the forecast date moves later than before.",
    )
    completed_on = forms.DateField(
        label="Completed on",
        required=False,
        widget=DateInput,
        help_text="Setting a completion date marks the milestone 100% complete.",
        error_messages={"invalid": "Enter the completion date as a real date, like 31 March 2025"},
    )

    def __init__(self, *args, milestone: Milestone, **kwargs):
        self.milestone = milestone
        kwargs.setdefault(
            "initial",
            {
                "version": milestone.version,
                "rag": milestone.rag,
                "percent_complete": milestone.percent_complete,
                "forecast_due": milestone.forecast_due,
                "completed_on": milestone.completed_on,
                "rag_hold_reason": milestone.rag_hold_reason,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["rag"].option_hints = {rag.value: text for rag, text in RAG_DEFINITIONS.items()}
        self.fields["percent_complete"].suffix = "%"
        for name in ("commentary", "date_change_reason", "rag_hold_reason"):
            self.fields[name].conditionally_required = True
        if milestone.forecast_due:  # a forecast date can move, but not be removed
            self.fields["forecast_due"].required = True
            self.fields["forecast_due"].error_messages["required"] = (
                "Enter a forecast date: it can move, but not be removed"
            )

    def clean(self):
        data = super().clean()
        completed_on = data.get("completed_on")
        percent = 100 if completed_on else data.get("percent_complete")
        if "rag" in data and percent is not None and "forecast_due" in data and "completed_on" in data:
            problems = services.milestone_update_problems(
                milestone=self.milestone,
                rag=data["rag"],
                percent_complete=percent,
                forecast_due=data["forecast_due"],
                completed_on=completed_on,
                commentary=data.get("commentary", ""),
                date_change_reason=data.get("date_change_reason", ""),
                rag_hold_reason=data.get("rag_hold_reason", ""),
            )
            for field, message in problems.items():
                self.add_error(field, message)
        return data

    def update_kwargs(self) -> dict:
        """The service's keyword arguments from the cleaned data."""
        data = self.cleaned_data
        return {
            "expected_version": data["version"],
            "rag": data["rag"],
            "percent_complete": data["percent_complete"],
            "forecast_due": data["forecast_due"],
            "completed_on": data["completed_on"],
            "commentary": data["commentary"],
            "date_change_reason": data["date_change_reason"],
            "rag_hold_reason": data["rag_hold_reason"],
        }


class MilestoneChangesForm(GovukForm):
    """The "changes since" date on the changes page (a GET form, so the link can be shared)."""

    since = forms.DateField(
        label="Show changes since",
        widget=DateInput,
        error_messages={
            "required": "Enter a date to show changes since",
            "invalid": "Enter the date as a real date, like 1 September 2025",
        },
    )

    def clean_since(self):
        since = self.cleaned_data["since"]
        if since > timezone.localdate():
            raise forms.ValidationError("The date must be today or in the past")
        return since


# --- Plan management --------------------------------------------------------------------------------------


class WorkstreamForm(GovukModelForm):
    class Meta:
        model = Workstream
        fields = [
            "code",
            "title",
            "category",
            "lead",
            "description",
            "expected_outcomes",
            "risks",
            "start_date",
            "end_date",
            "investment",
            "rag_override",
        ]
        widgets = {
            "code": forms.TextInput(attrs={"class": "govuk-input--width-5"}),
            "description": _textarea(5),
            "expected_outcomes": _textarea(5),
            "risks": _textarea(4),
            "start_date": DateInput,
            "end_date": DateInput,
        }
        labels = {"lead": "Lead officer", "rag_override": "RAG override"}

    # The one money parser ("£1,250,000"), never negative: an investment is money put in.
    investment = MoneyField(
        name="Investment",
        required=False,
        label="Investment",
        help_text="Pounds invested in this workstream, if any.",
    )

    def __init__(self, *args, plan: RecoveryPlan, **kwargs):
        self.plan = plan
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(plan=plan).order_by("position", "name")
        self.fields["lead"].queryset = LeadOfficer.objects.filter(council_id=plan.council_id).order_by("name")
        self.fields["category"].empty_label = "No category"
        self.fields["lead"].empty_label = "No lead officer"
        self.fields["category"].error_messages["invalid_choice"] = "Choose a category from the list"
        self.fields["lead"].error_messages["invalid_choice"] = "Choose a lead officer from the list"
        self.fields["rag_override"].choices = [("", "Use the worst RAG of its open milestones"), *Rag.choices]

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        taken = Workstream.objects.filter(plan=self.plan, code__iexact=code).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(f"Workstream {code} already exists in this plan: choose another code")
        return code

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "The end date must be the same as or after the start date")
        return data

    def details(self) -> services.WorkstreamDetails:
        data = self.cleaned_data
        return services.WorkstreamDetails(**{name: data[name] for name in self.Meta.fields})


class MilestoneForm(GovukModelForm):
    """The plan's facts of a milestone. The forecast is set when it is created; after that it moves only
    with a progress update, so every move is in the milestone's history with its reason."""

    class Meta:
        model = Milestone
        fields = ["title", "lead", "other_leads", "start_date", "baseline_due"]
        widgets = {
            "title": _textarea(2),
            "other_leads": forms.CheckboxSelectMultiple,
            "start_date": DateInput,
            "baseline_due": DateInput,
        }
        labels = {
            "lead": "Lead officer",
            "other_leads": "Shared with (optional)",
            "start_date": "Start date (optional)",
            "baseline_due": "Baseline due date",
        }

    def __init__(self, *args, council: Council, creating: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = LeadOfficer.objects.filter(council=council).order_by("name")
        self.fields["lead"].empty_label = "No lead officer"
        self.fields["lead"].error_messages["invalid_choice"] = "Choose a lead officer from the list"
        self.fields["other_leads"].queryset = LeadOfficer.objects.filter(council=council).order_by("name")
        self.fields["other_leads"].required = False
        self.fields["other_leads"].error_messages["invalid_choice"] = "Choose officers from the list"
        if creating:
            self.fields["forecast_due"] = forms.DateField(
                label="Forecast due date",
                required=False,
                widget=DateInput,
                help_text="Leave blank to use the baseline due date.",
            )
            self.style_fields()

    def details(self) -> services.MilestoneDetails:
        data = self.cleaned_data
        return services.MilestoneDetails(
            title=data["title"].strip(),
            lead=data["lead"],
            baseline_due=data["baseline_due"],
            start_date=data["start_date"],
            other_leads=tuple(data["other_leads"]),
        )

    def clean(self):
        data = super().clean()
        start, baseline = data.get("start_date"), data.get("baseline_due")
        if start and baseline and baseline < start:
            self.add_error("baseline_due", "The baseline due date must not be before the start date")
        return data


def _saving_field(kind: str, year: int) -> forms.DecimalField:
    label = f"{kind.capitalize()} saving {fy_label(year)}"
    return MoneyField(name=label, label=label, required=False)


def _encode_seen(savings: dict[int, tuple[Decimal, Decimal]], years: list[int]) -> str:
    return ",".join(
        f"{year}={target}/{stretch}"
        for year in years
        for target, stretch in [savings.get(year, (Decimal("0"), Decimal("0")))]
    )


class SavingsFormBase(GovukForm):
    """Target and stretch savings per financial year; build one with savings_form(years=…).

    `seen` carries the savings as the form showed them, so a save can be refused if someone changed a year
    in between (services.StaleSavings) instead of silently overwriting theirs.
    """

    years: list[int] = []
    seen = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean_seen(self) -> dict[int, tuple[Decimal, Decimal]] | None:
        text = self.cleaned_data.get("seen") or ""
        if not text:
            return None  # a client that sends no `seen` (a script) is not version-checked
        try:
            seen = {}
            for item in text.split(","):
                year, amounts = item.split("=")
                target, stretch = amounts.split("/")
                seen[int(year)] = (Decimal(target), Decimal(stretch))
        except (ValueError, ArithmeticError):
            raise forms.ValidationError(
                "The form was damaged in transit: open the savings page again and re-enter the figures"
            ) from None
        return seen

    def clean(self):
        data = super().clean()
        for year in self.years:
            target, stretch = data.get(f"target_{year}"), data.get(f"stretch_{year}")
            if target is not None and stretch is not None and stretch < target:
                self.add_error(
                    f"stretch_{year}", f"Stretch saving {fy_label(year)} must be at least the target"
                )
        return data

    @property
    def rows(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        return [(fy_label(y), self[f"target_{y}"], self[f"stretch_{y}"]) for y in self.years]

    def savings(self) -> dict[int, tuple[Decimal, Decimal]]:
        """{year: (target, stretch)} for each year the form posted (a year the form did not show, e.g. one
        carried forward after it was opened, is left alone); a blank target is 0, a blank stretch the target.
        """
        result = {}
        for year in self.years:
            if f"target_{year}" not in self.data and f"stretch_{year}" not in self.data:
                continue
            target = self.cleaned_data.get(f"target_{year}") or Decimal("0")
            stretch = self.cleaned_data.get(f"stretch_{year}")
            result[year] = (target, target if stretch is None else stretch)
        return result


def savings_form(
    *, years: list[int], savings: dict[int, tuple[Decimal, Decimal]], data=None
) -> SavingsFormBase:
    """A form with target_<year> and stretch_<year> for each year, filled from `savings`."""
    fields = {}
    for year in years:
        fields[f"target_{year}"] = _saving_field("target", year)
        fields[f"stretch_{year}"] = _saving_field("stretch", year)
    form_class = type("SavingsForm", (SavingsFormBase,), {**fields, "years": years})
    initial = {"seen": _encode_seen(savings, years)}
    for year, (target, stretch) in savings.items():
        initial[f"target_{year}"], initial[f"stretch_{year}"] = target, stretch  # MoneyField writes "25,000"
    return form_class(data, initial=initial)


class CategoryForm(GovukForm):
    name = forms.CharField(label="Category name", max_length=120)

    def __init__(self, *args, plan: RecoveryPlan, category: Category | None = None, **kwargs):
        self.plan, self.category = plan, category
        if category is not None:
            kwargs.setdefault("initial", {"name": category.name})
        super().__init__(*args, **kwargs)

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        taken = Category.objects.filter(plan=self.plan, name__iexact=name)
        if self.category is not None:
            taken = taken.exclude(pk=self.category.pk)
        if taken.exists():
            raise forms.ValidationError(f"There is already a category called “{name}”")
        return name


class LeadForm(GovukForm):
    name = forms.CharField(label="Full name", max_length=120)
    initials = forms.CharField(
        label="Initials",
        max_length=10,
        help_text="As the papers write them, e.g. LCJ. Unique in the council.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "spellcheck": "false"}),
    )
    job_title = forms.CharField(label="Job title", max_length=120, required=False)
    email = forms.EmailField(
        label="Email address", required=False, widget=forms.EmailInput(attrs={"spellcheck": "false"})
    )
    account = forms.ModelChoiceField(
        label="Sign-in",
        queryset=None,
        required=False,
        empty_label="Not linked to a sign-in",
        help_text="Link the officer's sign-in so their milestones appear in “My milestones”.",
    )

    def __init__(self, *args, council: Council, members, lead: LeadOfficer | None = None, **kwargs):
        self.council, self.lead = council, lead
        if lead is not None:
            kwargs.setdefault(
                "initial",
                {
                    "name": lead.name,
                    "initials": lead.initials,
                    "job_title": lead.job_title,
                    "email": lead.email,
                    "account": lead.user_id,
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["account"].queryset = members
        self.fields["account"].error_messages["invalid_choice"] = (
            "Choose a sign-in of this council from the list"
        )
        self.fields["account"].label_from_instance = lambda u: (
            f"{u.get_full_name()} ({u.username})" if u.get_full_name() else u.username
        )

    def clean_initials(self):
        initials = self.cleaned_data["initials"].strip().upper()
        taken = LeadOfficer.objects.filter(council=self.council, initials__iexact=initials)
        if self.lead is not None:
            taken = taken.exclude(pk=self.lead.pk)
        if taken.exists():
            raise forms.ValidationError(f"Another lead officer already has the initials {initials}")
        return initials

    def details(self) -> services.LeadDetails:
        data = self.cleaned_data
        return services.LeadDetails(
            name=data["name"].strip(),
            initials=data["initials"],
            job_title=data["job_title"].strip(),
            email=data["email"],
            account=data["account"],
        )


NO_CHANGE_COMMENTARY = "No change since the last update: still on track."
# An Amber or Red milestone is not "on track": the same click records that nothing has changed.
NO_CHANGE_AT_RISK_COMMENTARY = "No change since the last update."


class ReturnRowForm(MilestoneUpdateForm):
    """One milestone's row of the update return: the same fields and rules as the single update, laid out
    compactly (RAG inline, the RAG key once at the top of the page, short commentary box)."""

    no_change = forms.BooleanField(
        label="No change: still on track",
        required=False,
        help_text="Records an update with the RAG, percent and dates as they are.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rag"].option_hints = None
        self.fields["rag"].inline = True
        self.fields["commentary"].widget.attrs["rows"] = 3
        self.fields["commentary"].help_text = "Needed for Amber or Red, and when the RAG changes."
        self.fields["forecast_due"].help_text = ""
        self.fields["completed_on"].help_text = ""

    def clean(self):
        # "No change" is one click for a milestone that is on track: the update says so in its commentary
        # (the history and the report show it), and changes nothing else unless the lead changed it too.
        if self.cleaned_data.get("no_change"):
            if self.milestone.is_overdue and not self.cleaned_data.get("completed_on"):
                self.add_error(
                    "no_change",
                    "It is past its forecast date, so it is not on track: give a new date, or the date "
                    "it was completed",
                )
            elif not self.cleaned_data.get("commentary", "").strip():
                rag = self.cleaned_data.get("rag") or self.milestone.rag
                self.cleaned_data["commentary"] = (
                    NO_CHANGE_COMMENTARY if rag == Rag.GREEN else NO_CHANGE_AT_RISK_COMMENTARY
                )
        return super().clean()

    @property
    def needs_more(self) -> bool:
        """Whether the less common fields (completion, reasons) start open: an error or a value in them."""
        more = ("completed_on", "date_change_reason", "rag_hold_reason")
        if any(name in self.errors for name in more):
            return True
        return self.milestone.is_overdue and bool(self.milestone.rag_hold_reason)
