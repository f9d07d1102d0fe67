"""Forms for the DSG ledger, on the shared GOV.UK renderer (core.forms).

Money is typed in pounds or, with the £m switch (as forecasts have), in £ millions. A figure typed in the
wrong unit is refused, not read a million times too large or too small: in £m, a figure of 10,000 or more
(£10 billion) is pounds typed in the £m box; in pounds, a figure between 0 and 1,000 is £m typed as pounds
(no block of any council's DSG is under £1,000).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms

from core.forms import DateInput, FinancialYearField, GovukForm, MoneyField, money_input_text
from core.money import MILLIONS, POUNDS
from dsg.models import Basis, Block, EngagementGroup, Position, SignOffRole
from forum.models import ForumMeeting

UNIT_CHOICES = [(POUNDS, "Pounds"), (MILLIONS, "£ millions")]


class LedgerMoneyField(MoneyField):
    def to_python(self, value):
        if isinstance(value, str) and value.strip():
            text = value.strip().replace(",", "").replace("£", "").replace("\u2212", "-").removesuffix("m")
            try:
                typed = abs(Decimal(text))
            except InvalidOperation:
                typed = None
            if typed is not None and self.unit == MILLIONS and typed >= 10_000:
                raise forms.ValidationError(
                    f"{self.label}: {value.strip()} looks like pounds, but this form takes £ millions; "
                    "type the figure in millions (like 25.26) or choose pounds",
                    code="unit",
                )
            if typed is not None and self.unit == POUNDS and 0 < typed < 1_000:
                raise forms.ValidationError(
                    f"{self.label}: £{value.strip()} looks like £ millions typed as pounds; type the "
                    "figure in pounds (like 25,260,823) or choose £ millions",
                    code="unit",
                )
        return super().to_python(value)


def _unit(data, initial_unit: str) -> str:
    unit = (data or {}).get("unit") or initial_unit
    return unit if unit in (POUNDS, MILLIONS) else POUNDS


class LedgerLineForm(GovukForm):
    def __init__(self, *args, unit: str = POUNDS, line=None, **kwargs):
        data = args[0] if args else kwargs.get("data")
        self.unit = _unit(data, unit)
        money = {"unit": self.unit, "required": False}
        basis = {"choices": Basis.choices, "initial": Basis.ENTERED}
        self.base_fields = {
            "unit": forms.ChoiceField(
                label="Figures in", choices=UNIT_CHOICES, widget=forms.RadioSelect, initial=self.unit
            ),
            "financial_year": FinancialYearField(name="Financial year", label="Financial year"),
            "block": forms.ChoiceField(label="Block", choices=Block.choices),
            "position": forms.ChoiceField(
                label="Position",
                choices=Position.choices,
                widget=forms.RadioSelect,
                help_text="Outturn for a year that has ended; unmitigated or mitigated for a forecast year.",
            ),
            "income": LedgerMoneyField(name="Income", label="Income", **money),
            "income_basis": forms.ChoiceField(label="Basis of the income", **basis),
            "expenditure": LedgerMoneyField(name="Expenditure", label="Expenditure", **money),
            "expenditure_basis": forms.ChoiceField(label="Basis of the expenditure", **basis),
            "brought_forward": LedgerMoneyField(
                name="Brought forward",
                label="Balance brought forward (optional)",
                allow_negative=True,
                help_text="Only for the ledger's first year or a restated balance: otherwise it is the year "
                "before's carried forward. A deficit is negative.",
                **money,
            ),
            "brought_forward_basis": forms.ChoiceField(label="Basis of the balance brought forward", **basis),
            "in_year": LedgerMoneyField(
                name="In-year position",
                label="In-year position, to check (optional)",
                allow_negative=True,
                help_text="The block's in-year surplus (or deficit, negative) as your own ledger gives it: "
                "the figures are refused unless they add up to it.",
                **money,
            ),
        }
        super().__init__(*args, **kwargs)
        if line is not None and not self.is_bound:
            self.initial.update(
                financial_year=line.financial_year,
                block=line.block,
                position=line.position,
                income=money_input_text(line.income, self.unit),
                income_basis=line.income_basis,
                expenditure=money_input_text(line.expenditure, self.unit),
                expenditure_basis=line.expenditure_basis,
                brought_forward=money_input_text(line.brought_forward, self.unit),
                brought_forward_basis=line.brought_forward_basis,
            )


class TransferForm(GovukForm):
    def __init__(self, *args, council, unit: str = POUNDS, **kwargs):
        data = args[0] if args else kwargs.get("data")
        self.unit = _unit(data, unit)
        self.base_fields = {
            "unit": forms.ChoiceField(
                label="Amount in", choices=UNIT_CHOICES, widget=forms.RadioSelect, initial=self.unit
            ),
            "financial_year": FinancialYearField(name="Financial year", label="Financial year"),
            "from_block": forms.ChoiceField(label="From block", choices=Block.choices),
            "to_block": forms.ChoiceField(label="To block", choices=[("", "Choose a block"), *Block.choices]),
            "amount": LedgerMoneyField(name="Amount", label="Amount moved", unit=self.unit),
            "meeting": forms.ModelChoiceField(
                label="Schools Forum decision",
                queryset=ForumMeeting.objects.filter(council=council).order_by("-meets_on"),
                empty_label="Choose the meeting",
                help_text="The meeting at which the Forum agreed (or was consulted on) the transfer.",
            ),
            "note": forms.CharField(label="Note (optional)", required=False, max_length=250),
        }
        self.base_fields["to_block"].error_messages["required"] = (
            "A transfer needs its counterpart: choose the block the money goes to"
        )
        self.base_fields["meeting"].error_messages["required"] = (
            "Choose the Schools Forum meeting whose decision the transfer rests on"
        )
        super().__init__(*args, **kwargs)
        self.fields["meeting"].label_from_instance = lambda m: f"{m.meets_on:%-d %B %Y}"


class StabilityFigureForm(GovukForm):
    def __init__(self, *args, label: str, figure=None, **kwargs):
        data = args[0] if args else kwargs.get("data")
        self.unit = _unit(data, POUNDS)
        self.base_fields = {
            "unit": forms.ChoiceField(
                label="Figure in", choices=UNIT_CHOICES, widget=forms.RadioSelect, initial=self.unit
            ),
            "deficit": LedgerMoneyField(
                name="Deficit",
                label="High-needs deficit at the year end",
                unit=self.unit,
                help_text=f"As the {label.lower()} gives it, as a positive amount.",
            ),
            "document": forms.CharField(
                label="Source document",
                max_length=250,
                help_text="Its title as published or filed, e.g. “Statement of Accounts 2025-26, note 14”.",
                error_messages={"required": "Name the document the figure comes from"},
            ),
            "document_date": forms.DateField(
                label="Date of the document",
                widget=DateInput(),
                error_messages={"required": "Enter the date of the document", "invalid": "Enter a real date"},
            ),
            "explanation": forms.CharField(
                label="Why it differs from the lowest (if it does)",
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
                help_text="The DfE uses the lowest figure where differences are not explained.",
            ),
        }
        super().__init__(*args, **kwargs)
        if figure is not None and not self.is_bound:
            self.initial.update(
                deficit=money_input_text(figure.deficit, self.unit),
                document=figure.document,
                document_date=figure.document_date,
                explanation=figure.explanation,
            )


class StabilityClaimForm(GovukForm):
    def __init__(self, *args, claim=None, **kwargs):
        self.base_fields = {
            "non_high_needs": MoneyField(
                name="The part that is not high needs",
                label="Part of the deficit that is not high needs",
                help_text="Overspends in the other blocks, which the DfE excludes. Enter 0 if there is none.",
            ),
            "note": forms.CharField(
                label="How it was worked out (optional)",
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            ),
        }
        super().__init__(*args, **kwargs)
        if claim is not None and not self.is_bound:
            self.initial.update(non_high_needs=money_input_text(claim.non_high_needs), note=claim.note)


class EngagementForm(GovukForm):
    group = forms.ChoiceField(label="Group", choices=EngagementGroup.choices)
    held_on = forms.DateField(
        label="Date",
        widget=DateInput(),
        error_messages={"required": "Enter the date of the engagement", "invalid": "Enter a real date"},
    )
    discussed = forms.CharField(
        label="What was discussed",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Say what was discussed"},
    )
    changed = forms.CharField(
        label="What changed in the plan (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class SignOffForm(GovukForm):
    role = forms.ChoiceField(label="Signed off by", choices=SignOffRole.choices, widget=forms.RadioSelect)
    name = forms.CharField(
        label="Name", max_length=120, error_messages={"required": "Enter the name of the person who signed"}
    )
    signed_on = forms.DateField(
        label="Date of the sign-off",
        widget=DateInput(),
        error_messages={"required": "Enter the date of the sign-off", "invalid": "Enter a real date"},
    )


class NarrativeForm(GovukForm):
    text = forms.CharField(
        label="Narrative",
        widget=forms.Textarea(attrs={"rows": 12}),
        error_messages={"required": "Write the section's narrative"},
        help_text="It stays from one review of the plan to the next: edit what has changed.",
    )
