from django.contrib import admin

from coproduce.api.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    list_display = ("name", "person", "created_at", "revoked_at")
    readonly_fields = ("token_hash",)
