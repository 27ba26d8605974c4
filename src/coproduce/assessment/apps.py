from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "coproduce.assessment"
    label = "assessment"
    verbose_name = _("Co-assessment")

    def ready(self) -> None:
        from coproduce.assessment import instruments
        from coproduce.assessment.open311.views import bad_request
        from coproduce.web.input import bad_request_format_register

        instruments.register()
        bad_request_format_register("open311", bad_request)
