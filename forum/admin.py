from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from forum.models import ForumMeeting, Reminder


@admin.register(ForumMeeting)
class ForumMeetingAdmin(SimpleHistoryAdmin):
    list_display = ["council", "meets_on", "papers_due", "updates_due", "location"]
    list_filter = ["council"]
    search_fields = ["council__name", "location"]
    list_select_related = ["council"]
    date_hierarchy = "meets_on"


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    """Read-only: a record of what was sent (changing it would rewrite what happened)."""

    list_display = ["kind", "lead", "meeting", "sent_to", "claimed_at", "sent_at", "sent_by"]
    list_filter = ["kind", "meeting__council"]
    search_fields = ["lead__name", "sent_to"]
    list_select_related = ["lead", "meeting__council", "sent_by"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
