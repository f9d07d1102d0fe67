from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from accounts.models import Invitation, Membership, UserPreferences
from recovery.admin import CouncilAdmin


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


# A council's page in the admin lists its members.
CouncilAdmin.inlines = [*CouncilAdmin.inlines, MembershipInline]


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


@admin.register(UserPreferences)
class UserPreferencesAdmin(SimpleHistoryAdmin):
    list_display = ["user", "receives_reminders"]
    list_filter = ["receives_reminders"]
    search_fields = ["user__username", "user__email"]
    list_select_related = ["user"]
    readonly_fields = ["calendar_token"]
