"""Admin for co-assessment: categories with their attributes, and read-mostly records."""

from django.contrib import admin

from coproduce.assessment.models import (
    ApiKey,
    CategoryAttribute,
    Panel,
    Question,
    Rating,
    Report,
    ReportCategory,
    Survey,
)


class CategoryAttributeInline(admin.TabularInline[CategoryAttribute, ReportCategory]):
    model = CategoryAttribute
    extra = 0


@admin.register(ReportCategory)
class ReportCategoryAdmin(admin.ModelAdmin[ReportCategory]):
    list_display = ("name", "code", "organisation", "group", "duplicate_distance_m", "active")
    list_filter = ("organisation", "active")
    inlines = (CategoryAttributeInline,)


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin[Report]):
    list_display = ("pk", "category", "status", "place", "created_at")
    list_filter = ("status", "category")
    # Status changes go through triage, so they are audited and the reporter is told.
    readonly_fields = ("status", "close_reason", "acknowledged_at", "closed_at", "reopened_count")


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin[ApiKey]):
    list_display = ("name", "prefix", "organisation", "hourly_limit", "revoked_at")
    readonly_fields = ("prefix", "key_hash", "created_by", "created_at", "revoked_at")


class QuestionInline(admin.TabularInline[Question, Survey]):
    model = Question
    fk_name = "survey"
    extra = 0


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin[Survey]):
    list_display = ("activity", "allow_anonymous", "one_per_person")
    inlines = (QuestionInline,)


admin.site.register(Rating)
admin.site.register(Panel)
