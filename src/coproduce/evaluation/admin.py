from django.contrib import admin

from coproduce.evaluation.models import Indicator, LogicModel, LogicStep, Measurement


class LogicStepInline(admin.TabularInline[LogicStep, LogicModel]):
    model = LogicStep
    extra = 0


@admin.register(LogicModel)
class LogicModelAdmin(admin.ModelAdmin[LogicModel]):
    list_display = ("initiative", "created_at")
    inlines = (LogicStepInline,)


class MeasurementInline(admin.TabularInline[Measurement, Indicator]):
    model = Measurement
    extra = 0
    readonly_fields = ("entered_by",)


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin[Indicator]):
    list_display = ("name", "step", "direction", "source_kind")
    list_filter = ("source_kind", "direction")
    inlines = (MeasurementInline,)
