from django.contrib import admin

from coproduce.accounts.models import DemographicConsent, Person


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin[Person]):
    list_display = ("email", "display_name", "is_staff", "is_active", "date_joined")
    search_fields = ("email", "display_name")
    list_filter = ("is_staff", "is_active")
    exclude = ("password",)


@admin.register(DemographicConsent)
class DemographicConsentAdmin(admin.ModelAdmin[DemographicConsent]):
    list_display = ("person", "purpose", "granted_at", "withdrawn_at")
