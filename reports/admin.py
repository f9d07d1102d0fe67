from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from projections.admin import StoredRowAdmin
from reports.models import (
    DashboardMeasures,
    ForumReport,
    PlanSummary,
    StoredBenchmarks,
    StoredPicture,
    StoredReportParts,
)


@admin.register(ForumReport)
class ForumReportAdmin(SimpleHistoryAdmin):
    """Read-mostly: publishing and the public link go through the app's services, never the admin."""

    list_display = ["title", "plan", "meeting_date", "status", "published_at", "is_public"]
    list_filter = ["status", "plan__council"]
    search_fields = ["title", "summary", "plan__council__name"]
    list_select_related = ["plan__council", "meeting"]
    date_hierarchy = "meeting__meets_on"
    readonly_fields = ["status", "published_at", "published_by", "created_by", "created_at"]
    exclude = ["snapshot"]

    @admin.display(boolean=True, description="Public link")
    def is_public(self, obj):
        return obj.is_public

    def has_change_permission(self, request, obj=None):
        # A published report is frozen everywhere, the admin included.
        return super().has_change_permission(request, obj) and not (obj and obj.is_published)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DashboardMeasures)
class DashboardMeasuresAdmin(SimpleHistoryAdmin):
    list_display = ["council", "measures"]
    list_select_related = ["council"]


@admin.register(PlanSummary)
class PlanSummaryAdmin(admin.ModelAdmin):
    """Worked out by the writes (reports.summaries): shown to look at, never edited here."""

    list_display = ["plan", "data_version"]
    list_select_related = ["plan__council"]
    search_fields = ["plan__council__name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(StoredPicture)
class StoredPictureAdmin(StoredRowAdmin):
    """Worked out by the dashboard's first view at a data version (reports.stored_picture)."""


@admin.register(StoredReportParts)
class StoredReportPartsAdmin(StoredRowAdmin):
    """Worked out by a draft report's first view at a data version (reports.stored_report)."""


@admin.register(StoredBenchmarks)
class StoredBenchmarksAdmin(StoredRowAdmin):
    """Worked out by the first view at a data version of the Benchmarking page, the dashboard's panel or a
    Forum report's section (reports.benchmarking_stored): a council's row per comparator group."""

    list_display = ["council", "comparator", "dfe_release", "la_code", "chosen", "format"]
    list_select_related = ["council"]
    search_fields = ["council__name"]
