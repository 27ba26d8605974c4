from django.contrib import admin

from coproduce.places.models import Place, PopulationGroup, Residency


class PopulationGroupInline(admin.TabularInline[PopulationGroup, Place]):
    model = PopulationGroup
    extra = 0


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin[Place]):
    list_display = ("name", "kind", "parent", "owner", "population")
    prepopulated_fields = {"slug": ("name",)}
    inlines = (PopulationGroupInline,)


@admin.register(Residency)
class ResidencyAdmin(admin.ModelAdmin[Residency]):
    list_display = ("person", "place", "method", "verified_at")
