from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "coproduce.assessment"
    label = "assessment"
    verbose_name = _("Co-assessment")

    def ready(self) -> None:
        from coproduce.assessment import activity, following, reminders

        following.register()
        activity.register()
        reminders.register()
        from coproduce.accounts.personal_data import register_personal_data
        from coproduce.assessment import instruments, search
        from coproduce.assessment.open311.views import bad_request
        from coproduce.assessment.personal_data import ASSESSMENT
        from coproduce.ui.input import bad_request_format_register

        instruments.register()
        search.register()
        register_personal_data(ASSESSMENT)
        from coproduce.assessment import benefits  # noqa: F401  (registers what it hands out)

        bad_request_format_register("open311", bad_request)
        from coproduce.assessment import comments  # noqa: F401  (registers commentables)
