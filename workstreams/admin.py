from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from recovery.models import LeadOfficer
from workstreams.models import Category, Milestone, MilestoneUpdate, Workstream, WorkstreamSaving


class SavingInline(admin.TabularInline):
    model = WorkstreamSaving
    extra = 0


@admin.register(Category)
class CategoryAdmin(SimpleHistoryAdmin):
    list_display = ["name", "plan", "position"]
    list_filter = ["plan__council"]
    search_fields = ["name", "plan__title"]
    list_select_related = ["plan__council"]


@admin.register(Workstream)
class WorkstreamAdmin(SimpleHistoryAdmin):
    list_display = ["code", "title", "plan", "category", "lead", "start_date", "end_date", "archived_on"]
    list_filter = ["plan__council", "category", "archived_on"]
    search_fields = ["code", "title", "description", "plan__council__name"]
    list_select_related = ["plan__council", "category", "lead"]
    inlines = [SavingInline]


@admin.register(Milestone)
class MilestoneAdmin(SimpleHistoryAdmin):
    list_display = [
        "title",
        "workstream",
        "lead",
        "baseline_due",
        "forecast_due",
        "completed_on",
        "rag",
        "version",
    ]
    list_filter = ["rag", "workstream__plan__council", "completed_on"]
    search_fields = ["title", "commentary", "workstream__title"]
    list_select_related = ["workstream__plan__council", "lead"]
    date_hierarchy = "forecast_due"
    # The version is the optimistic lock; only the milestone service moves it.
    readonly_fields = ["version", "updated_at", "updated_by"]

    def has_delete_permission(self, request, obj=None):
        # Nothing is hard-deleted (a milestone is archived, its history kept): no delete, no bulk delete.
        return False

    def get_form(self, request, obj=None, **kwargs):
        """A milestone's workstream and leads are chosen from its own council's, not every council's."""
        form = super().get_form(request, obj, **kwargs)
        if obj is not None:
            council_id = obj.workstream.plan.council_id
            fields = form.base_fields
            if "workstream" in fields:
                fields["workstream"].queryset = Workstream.objects.filter(plan__council_id=council_id)
            for name in ("lead", "other_leads"):
                if name in fields:
                    fields[name].queryset = LeadOfficer.objects.filter(council_id=council_id)
        return form


@admin.register(MilestoneUpdate)
class MilestoneUpdateAdmin(SimpleHistoryAdmin):
    """Read-only: the update history is append-only everywhere, the admin included."""

    list_display = ["milestone", "author", "created_at", "old_rag", "new_rag"]
    list_filter = ["new_rag", "milestone__workstream__plan__council"]
    search_fields = ["commentary", "milestone__title", "author__username"]
    list_select_related = ["milestone", "author"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
