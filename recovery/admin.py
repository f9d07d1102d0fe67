from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from recovery.models import Council, LeadOfficer, RecoveryPlan


@admin.register(Council)
class CouncilAdmin(SimpleHistoryAdmin):
    # No programme column: it is derived from the council's agreements (agreements.selectors), a layer above.
    list_display = ["name", "la_code", "gss_code", "region"]
    list_filter = ["region"]
    search_fields = ["name", "la_code", "gss_code", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(RecoveryPlan)
class RecoveryPlanAdmin(SimpleHistoryAdmin):
    list_display = ["title", "council", "status", "first_year", "last_year", "success_rate", "approved_on"]
    list_filter = ["status", "council"]
    search_fields = ["title", "council__name"]
    list_select_related = ["council"]


@admin.register(LeadOfficer)
class LeadOfficerAdmin(SimpleHistoryAdmin):
    list_display = ["name", "initials", "job_title", "council", "user"]
    list_filter = ["council"]
    search_fields = ["name", "initials", "email", "council__name"]
    list_select_related = ["council", "user"]
    autocomplete_fields = ["user"]
