from django.contrib import admin

from coproduce.initiatives.models import Activity, Contribution, Initiative, Lineage, Stage


class StageInline(admin.TabularInline[Stage, Initiative]):
    model = Stage
    extra = 0


@admin.register(Initiative)
class InitiativeAdmin(admin.ModelAdmin[Initiative]):
    list_display = ("title", "organisation", "place", "origin")
    prepopulated_fields = {"slug": ("title",)}
    inlines = (StageInline,)


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin[Activity]):
    list_display = ("title", "kind", "stage", "starts_at", "ends_at")
    list_filter = ("kind",)


@admin.register(Contribution)
class ContributionAdmin(admin.ModelAdmin[Contribution]):
    list_display = ("created_at", "co", "mode", "kind", "channel", "activity")
    list_filter = ("co", "mode", "channel")

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(Lineage)
class LineageAdmin(admin.ModelAdmin[Lineage]):
    list_display = ("source_type", "source_id", "kind", "target_type", "target_id")
