from django.contrib import admin
from django.http import HttpRequest

from coproduce.governance.models import AuditEvent, Commitment, CommitmentUpdate


class CommitmentUpdateInline(admin.TabularInline[CommitmentUpdate, Commitment]):
    model = CommitmentUpdate
    extra = 0
    can_delete = False
    readonly_fields = ("status", "progress", "reason", "by", "at")

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Commitment)
class CommitmentAdmin(admin.ModelAdmin[Commitment]):
    list_display = ("title", "organisation", "owner", "status", "progress", "due_date")
    list_filter = ("status", "owner", "source")
    readonly_fields = ("status", "progress")
    inlines = (CommitmentUpdateInline,)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin[AuditEvent]):
    list_display = ("pk", "at", "actor_label", "action", "object_type", "object_id")
    list_filter = ("action",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
