from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from recovery.models import (
    Council,
    ForumMeeting,
    Invitation,
    LeadOfficer,
    Membership,
    RecoveryPlan,
    UserPreferences,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Council)
class CouncilAdmin(SimpleHistoryAdmin):
    list_display = ["name", "la_code", "gss_code", "region", "programme"]
    list_filter = ["region", "programme"]
    search_fields = ["name", "la_code", "gss_code", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(RecoveryPlan)
class RecoveryPlanAdmin(SimpleHistoryAdmin):
    list_display = ["title", "council", "status", "first_year", "last_year", "success_rate", "approved_on"]
    list_filter = ["status", "council__programme", "council"]
    search_fields = ["title", "council__name"]
    list_select_related = ["council"]


@admin.register(LeadOfficer)
class LeadOfficerAdmin(SimpleHistoryAdmin):
    list_display = ["name", "initials", "job_title", "council", "user"]
    list_filter = ["council"]
    search_fields = ["name", "initials", "email", "council__name"]
    list_select_related = ["council", "user"]
    autocomplete_fields = ["user"]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "council", "role"]
    list_filter = ["role", "council"]
    search_fields = ["user__username", "user__email", "council__name"]
    list_select_related = ["user", "council"]
    autocomplete_fields = ["user"]


@admin.register(Invitation)
class InvitationAdmin(SimpleHistoryAdmin):
    list_display = ["email", "council", "role", "created_at", "expires_at", "accepted_at"]
    list_filter = ["role", "council"]
    search_fields = ["email", "council__name"]
    list_select_related = ["council"]
    readonly_fields = ["token", "invited_by", "created_at", "accepted_at", "accepted_by"]


@admin.register(ForumMeeting)
class ForumMeetingAdmin(SimpleHistoryAdmin):
    list_display = ["council", "meets_on", "papers_due", "updates_due", "location"]
    list_filter = ["council"]
    search_fields = ["council__name", "location"]
    list_select_related = ["council"]
    date_hierarchy = "meets_on"


@admin.register(UserPreferences)
class UserPreferencesAdmin(SimpleHistoryAdmin):
    list_display = ["user", "receives_reminders"]
    list_filter = ["receives_reminders"]
    search_fields = ["user__username", "user__email"]
    list_select_related = ["user"]
    readonly_fields = ["calendar_token"]
