from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DesignConfig(AppConfig):
    name = "coproduce.design"
    label = "design"
    verbose_name = _("Co-design")

    def ready(self) -> None:
        from coproduce.accounts.personal_data import register_personal_data
        from coproduce.design import activity, api, following, instruments, search
        from coproduce.design.personal_data import DESIGN

        instruments.register()
        following.register()
        activity.register()
        search.register()
        api.mount()
        register_personal_data(DESIGN)
        from coproduce.design import comments  # noqa: F401  (registers commentables)
        from coproduce.design.personal_data import APPRAISAL_DATA

        register_personal_data(APPRAISAL_DATA)
