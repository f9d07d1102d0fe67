"""The Schools Forum calendar's forms: a meeting and its deadlines, and the council's cycle settings."""

from django import forms

from core.forms import DateInput, GovukForm
from forum.deadlines import deadlines_following


class ForumMeetingForm(GovukForm):
    """A Schools Forum meeting. Deadlines left blank are proposed from the council's settings."""

    meets_on = forms.DateField(
        label="Meeting date",
        widget=DateInput,
        error_messages={
            "required": "Enter the date of the Schools Forum meeting",
            "invalid": "Enter the meeting date as a real date, like 12 March 2027",
        },
    )
    papers_due = forms.DateField(
        label="Paper deadline",
        required=False,
        widget=DateInput,
        error_messages={"invalid": "Enter the paper deadline as a real date, like 6 March 2027"},
    )
    updates_due = forms.DateField(
        label="Updates due",
        required=False,
        widget=DateInput,
        error_messages={"invalid": "Enter the date updates are due as a real date, like 3 March 2027"},
    )
    location = forms.CharField(label="Where", required=False, max_length=200)

    def __init__(self, *args, council, editing: bool = False, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            self.fields["papers_due"].required = self.fields["updates_due"].required = True
            self.fields["papers_due"].error_messages["required"] = "Enter the paper deadline"
            self.fields["updates_due"].error_messages["required"] = "Enter the date updates are due"
        if meeting is not None:
            following = deadlines_following(
                meets_on=meeting.meets_on,
                papers_due=meeting.papers_due,
                updates_due=meeting.updates_due,
                paper_clear_days=council.paper_clear_days,
                update_days_before_papers=council.update_days_before_papers,
            )
            rules = {
                "papers_due": f"{council.paper_clear_days} clear days before the meeting",
                "updates_due": f"{council.update_days_before_papers} days before the paper deadline",
            }
            for name, follows in (
                ("papers_due", following.papers_due),
                ("updates_due", following.updates_due),
            ):
                self.fields[name].help_text = (
                    f"Follows the meeting ({rules[name]}): "
                    "it moves with the meeting unless you change it here."
                    if follows
                    else "Set by hand: it stays on this date if the meeting moves."
                )
        elif not editing:
            self.fields[
                "papers_due"
            ].help_text = f"Leave blank for {council.paper_clear_days} clear days before the meeting."
            self.fields[
                "updates_due"
            ].help_text = (
                f"Leave blank for {council.update_days_before_papers} days before the paper deadline."
            )
        self.fields["location"].help_text = "For example: Council Chamber, or Microsoft Teams."


def _days_field(label: str, low: int, high: int, help_text: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=low,
        max_value=high,
        help_text=help_text,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
        error_messages={
            "required": f"Enter the {label.lower()}",
            "invalid": f"{label} must be a whole number of days",
            "min_value": f"{label} must be between {low} and {high} days",
            "max_value": f"{label} must be between {low} and {high} days",
        },
    )


class ForumCycleForm(GovukForm):
    paper_clear_days = _days_field(
        "Clear days before the meeting", 0, 30, "Papers go out this many clear days before a meeting."
    )
    update_days_before_papers = _days_field(
        "Days for updates before the paper deadline",
        0,
        30,
        "Leads update their milestones this many days before the paper deadline.",
    )
    reminder_days = _days_field(
        "Days of notice for reminders",
        1,
        60,
        "Each lead gets one email this many days before updates are due.",
    )
    update_due_days = _days_field(
        "Days before a milestone needs an update",
        7,
        366,
        'A milestone not updated for this many days shows as "update due".',
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.suffix = "days"
