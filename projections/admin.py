from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from projections.models import Actual, Forecast, ForecastYear


class ForecastYearInline(admin.TabularInline):
    model = ForecastYear
    extra = 0


@admin.register(Forecast)
class ForecastAdmin(SimpleHistoryAdmin):
    list_display = ["name", "plan", "as_at", "status", "kind", "is_current"]
    list_filter = ["status", "kind", "is_current", "plan__council"]
    search_fields = ["name", "plan__council__name", "source"]
    list_select_related = ["plan__council"]
    inlines = [ForecastYearInline]


@admin.register(ForecastYear)
class ForecastYearAdmin(SimpleHistoryAdmin):
    list_display = ["forecast", "financial_year", "scenario", "bound", "funding", "spend", "cumulative_deficit"]
    list_filter = ["scenario", "bound", "forecast__plan__council"]
    search_fields = ["forecast__name"]
    list_select_related = ["forecast"]


@admin.register(Actual)
class ActualAdmin(SimpleHistoryAdmin):
    list_display = ["plan", "financial_year", "funding", "spend", "cumulative_deficit"]
    list_filter = ["plan__council"]
    list_select_related = ["plan__council"]
