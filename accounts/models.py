"""Who may do what in each council: memberships and roles, invitations, and each person's preferences.

The models moved here from `recovery`; their tables kept their names (no data moved).
"""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from recovery.models import Council


class Role(models.TextChoices):
    OFFICER = "officer", "SEND officer"
    FINANCE = "finance", "Finance"
    FORUM = "forum", "Schools Forum member"
    COUNCIL_ADMIN = "council_admin", "Council admin"


class Membership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)

    history = HistoricalRecords(table_name="recovery_historicalmembership")

    class Meta:
        db_table = "recovery_membership"
        ordering = ["council__name", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["user", "council"], name="one_membership_per_user_and_council"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} at {self.council}"


class Invitation(models.Model):
    """A council admin's invitation for someone to join a council in a role; accepted by setting a password
    at an unguessable link, which works once and expires."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    role = models.CharField(max_length=20, choices=Role.choices)
    token = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords(table_name="recovery_historicalinvitation", excluded_fields=["token"])

    class Meta:
        db_table = "recovery_invitation"
        ordering = ["council__name", "-created_at"]

    def __str__(self) -> str:
        return f"{self.email} as {self.get_role_display()} at {self.council}"

    def is_open_on(self, moment) -> bool:
        return self.accepted_at is None and moment < self.expires_at


class UserPreferences(models.Model):
    """What a person chose about email and calendars; every user has defaults until they choose."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="preferences"
    )
    receives_reminders = models.BooleanField(
        "Email me reminders",
        default=True,
        help_text="One email before each Schools Forum's update deadline, listing your milestones.",
    )
    # The secret in the calendar feed's address; resetting it stops the old address at once.
    calendar_token = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)

    history = HistoricalRecords(
        table_name="recovery_historicaluserpreferences", excluded_fields=["calendar_token"]
    )

    class Meta:
        db_table = "recovery_userpreferences"
        verbose_name_plural = "user preferences"

    def __str__(self) -> str:
        return f"Preferences of {self.user}"
