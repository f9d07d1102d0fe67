from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from indicators.models import Indicator, IndicatorValue, Target


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0


class IndicatorValueInline(admin.TabularInline):
    model = IndicatorValue
    extra = 0
    raw_id_fields = ["recorded_by"]


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["name", "plan", "unit", "direction", "period_type", "sen2_measure"]
    list_filter = ["unit", "period_type", "plan__council"]
    search_fields = ["name", "plan__council__name"]
    raw_id_fields = ["plan", "workstream"]
    inlines = [TargetInline, IndicatorValueInline]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "period", "kind", "availability", "value", "recorded_at", "recorded_by"]
    list_filter = ["kind", "availability"]
    raw_id_fields = ["indicator", "recorded_by"]
