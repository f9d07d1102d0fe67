"""The Schools Forum cycle: meetings with their deadlines, and the reminders sent to leads before them.

The models moved here from `recovery` and `workstreams`; their tables kept their names (no data moved).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from recovery.models import Council, LeadOfficer


class ForumMeeting(models.Model):
    """A Schools Forum meeting of a council and the two deadlines before it.

    The deadlines are stored because the clerk may move them (a bank holiday, a late agenda); they are
    proposed from the council's settings when the meeting is added. A Forum report points to its meeting
    (reports.ForumReport.meeting), so moving the meeting moves its draft report.
    """

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="forum_meetings")
    meets_on = models.DateField("Meeting date")
    papers_due = models.DateField("Paper deadline", help_text="When the papers go out to Forum members.")
    updates_due = models.DateField("Updates due", help_text="When leads must have updated their milestones.")
    location = models.CharField(max_length=200, blank=True, help_text="Where, or how, the Forum meets.")
    # Set when a paper for the meeting is published (it names the paper): a published paper says when the
    # Forum met, so the meeting's date can no longer move. Blank while nothing pins it.
    pinned_by = models.CharField(max_length=250, blank=True, editable=False)

    history = HistoricalRecords(table_name="recovery_historicalforummeeting")

    class Meta:
        db_table = "recovery_forummeeting"
        ordering = ["council__name", "meets_on"]
        constraints = [
            models.UniqueConstraint(fields=["council", "meets_on"], name="one_forum_meeting_per_day"),
            models.CheckConstraint(
                condition=Q(papers_due__lt=models.F("meets_on")), name="papers_due_before_meeting"
            ),
            models.CheckConstraint(
                condition=Q(updates_due__lte=models.F("papers_due")), name="updates_due_by_paper_deadline"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.council} Schools Forum, {self.meets_on.day} {self.meets_on:%B %Y}"

    @property
    def is_pinned(self) -> bool:
        return bool(self.pinned_by)


class ReminderKind(models.TextChoices):
    DIGEST = "digest", "Reminder before the deadline"
    CHASER = "chaser", "Chaser from a council admin"


class Reminder(models.Model):
    """One email to a lead about one Schools Forum meeting's update return.

    A digest row is claimed (inserted) before its email is sent; the unique constraint lets exactly one of
    any number of `send_reminders` runs, on any number of servers, claim it, so no lead gets the same
    digest twice. Chasers are sent by council admins and may repeat; each is recorded here.
    """

    lead = models.ForeignKey(LeadOfficer, on_delete=models.CASCADE, related_name="reminders")
    meeting = models.ForeignKey(ForumMeeting, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=10, choices=ReminderKind.choices)
    claimed_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_to = models.EmailField()
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    milestones = models.PositiveSmallIntegerField(default=0, help_text="How many milestones it listed.")

    class Meta:
        db_table = "workstreams_reminder"
        ordering = ["-claimed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["lead", "meeting"], condition=Q(kind="digest"), name="one_digest_per_lead_and_meeting"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.sent_to} for {self.meeting}"
