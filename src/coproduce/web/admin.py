from django.contrib import admin

from coproduce.web.models import Feedback


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin[Feedback]):
    list_display = ("created_at", "page", "email", "read_at")
    list_filter = ("read_at",)
    readonly_fields = ("person", "read_by", "created_at")
