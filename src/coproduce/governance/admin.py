from django.contrib import admin
from django.http import HttpRequest

from coproduce.governance.models import Commitment, CommitmentUpdate


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
