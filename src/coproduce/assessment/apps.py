from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from coproduce.initiatives.models import Activity


def _report_channel_url(activity: Activity) -> str | None:
    return reverse("assessment:reports") + f"?channel={activity.pk}"


def _survey_url(activity: Activity) -> str | None:
    from coproduce.assessment.models import Survey

    survey = Survey.objects.filter(activity=activity).only("pk").first()
    return survey.get_absolute_url() if survey else None


def _panel_url(activity: Activity) -> str | None:
    from coproduce.assessment.models import Panel

    panel = Panel.objects.filter(activity=activity).only("pk").first()
    return panel.get_absolute_url() if panel else None


class AssessmentConfig(AppConfig):
    name = "coproduce.assessment"
    label = "assessment"
    verbose_name = _("Co-assessment")

    def ready(self) -> None:
        from coproduce.initiatives.models import ActivityKind
        from coproduce.initiatives.pages import register_activity_page

        register_activity_page(ActivityKind.REPORT_CHANNEL, _report_channel_url)
        register_activity_page(ActivityKind.SURVEY, _survey_url)
        register_activity_page(ActivityKind.SCRUTINY_PANEL, _panel_url)
