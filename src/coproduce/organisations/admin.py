from django.contrib import admin

from coproduce.organisations.models import Membership, Organisation


class MembershipInline(admin.TabularInline[Membership, Organisation]):
    model = Membership
    extra = 0
    autocomplete_fields = ("person",)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    list_display = ("name", "kind", "place")
    prepopulated_fields = {"slug": ("name",)}
    inlines = (MembershipInline,)
