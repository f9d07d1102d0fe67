"""Read-only views of the DfE store for staff: imports change it, never the admin."""

from django.contrib import admin

from dfe.models import Figure, ImportJob, LocalAuthority, Release


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LocalAuthority)
class LocalAuthorityAdmin(ReadOnly):
    list_display = ["name", "la_code", "gss_code", "region", "current", "ended", "successors"]
    list_filter = ["current", "region"]
    search_fields = ["name", "la_code", "gss_code"]


@admin.register(Release)
class ReleaseAdmin(ReadOnly):
    list_display = [
        "title",
        "published",
        "file_name",
        "imported_at",
        "imported_by",
        "figures_added",
        "figures_changed",
    ]
    list_filter = ["family"]


@admin.register(Figure)
class FigureAdmin(ReadOnly):
    list_display = ["area", "series", "breakdown", "period", "value", "symbol", "release", "file", "line"]
    list_filter = ["series"]
    search_fields = ["area__name", "area__la_code"]
    list_select_related = ["area", "release"]


@admin.register(ImportJob)
class ImportJobAdmin(ReadOnly):
    list_display = ["file_name", "status", "message", "attempts", "created_by", "created_at", "finished_at"]
    exclude = ["data"]
