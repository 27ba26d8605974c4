from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "coproduce.assessment"
    label = "assessment"
    verbose_name = _("Co-assessment")

    def ready(self) -> None:
        from coproduce.assessment import instruments

        instruments.register()
