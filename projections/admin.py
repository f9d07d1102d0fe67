from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from projections.models import (
    Actual,
    DemandBacktest,
    DemandLever,
    DemandRun,
    DemandTransitions,
    Forecast,
    ForecastInput,
    ForecastLine,
    ForecastSaving,
    ForecastTransfer,
    ForecastYear,
    S251Mapping,
    StoredFigures,
)


class ForecastYearInline(admin.TabularInline):
    model = ForecastYear
    extra = 0


class ForecastInputInline(admin.StackedInline):
    model = ForecastInput
    extra = 0


class ForecastLineInline(admin.TabularInline):
    model = ForecastLine
    extra = 0


class ForecastTransferInline(admin.TabularInline):
    model = ForecastTransfer
    extra = 0


class ForecastSavingInline(admin.TabularInline):
    model = ForecastSaving
    extra = 0
    raw_id_fields = ["workstream"]


@admin.register(Forecast)
class ForecastAdmin(SimpleHistoryAdmin):
    """Staff repairs only: finance users change forecasts through the app, where published ones are frozen."""

    list_display = ["name", "plan", "as_at", "status", "kind", "is_current"]
    list_filter = ["status", "kind", "is_current", "plan__council"]
    search_fields = ["name", "plan__council__name", "source"]
    list_select_related = ["plan__council"]
    inlines = [
        ForecastInputInline,
        ForecastLineInline,
        ForecastTransferInline,
        ForecastSavingInline,
        ForecastYearInline,
    ]


@admin.register(ForecastYear)
class ForecastYearAdmin(SimpleHistoryAdmin):
    list_display = [
        "forecast",
        "financial_year",
        "scenario",
        "bound",
        "funding",
        "spend",
        "cumulative_deficit",
    ]
    list_filter = ["scenario", "bound", "forecast__plan__council"]
    search_fields = ["forecast__name"]
    list_select_related = ["forecast"]


@admin.register(Actual)
class ActualAdmin(SimpleHistoryAdmin):
    list_display = ["plan", "financial_year", "funding", "spend", "cumulative_deficit"]
    list_filter = ["plan__council"]
    list_select_related = ["plan__council"]


@admin.register(DemandLever)
class DemandLeverAdmin(SimpleHistoryAdmin):
    list_display = [
        "plan",
        "workstream",
        "scenario",
        "kind",
        "start_year",
        "age_from",
        "age_to",
        "factor",
        "share",
        "reason",
    ]
    list_filter = ["scenario", "kind"]
    raw_id_fields = ["plan", "workstream"]


@admin.register(DemandRun)
class DemandRunAdmin(admin.ModelAdmin):
    list_display = ["council", "status", "message", "forecast", "created_at", "finished_at"]
    list_filter = ["status"]
    readonly_fields = [f.name for f in DemandRun._meta.fields]


@admin.register(DemandBacktest)
class DemandBacktestAdmin(admin.ModelAdmin):
    list_display = ["created_at", "simulations", "created_by"]
    readonly_fields = [f.name for f in DemandBacktest._meta.fields]


@admin.register(S251Mapping)
class S251MappingAdmin(admin.ModelAdmin):
    """Read only: a version is saved by the mapping page's service, never changed after."""

    list_display = ["council", "version", "created_by", "created_at"]
    search_fields = ["council__name"]
    readonly_fields = [f.name for f in S251Mapping._meta.fields]


@admin.register(DemandTransitions)
class DemandTransitionsAdmin(SimpleHistoryAdmin):
    """Read only: the upload, the settings table and removal are the model page's (audited services)."""

    list_display = ["council", "file_name", "transitions_count", "first_year", "last_year", "uploaded_at"]
    readonly_fields = [f.name for f in DemandTransitions._meta.fields]

    def has_add_permission(self, request):
        return False


class StoredRowAdmin(admin.ModelAdmin):
    """A plan's row worked out by the app and stored at a data version (a `payload`, its `format`): shown to
    look at, never added or edited here."""

    list_display = ["plan", "data_version", "format"]
    list_select_related = ["plan__council"]
    search_fields = ["plan__council__name"]
    exclude = ["payload"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(StoredFigures)
class StoredFiguresAdmin(StoredRowAdmin):
    """Worked out by the writes (projections.stored_figures)."""
