from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "coproduce.web"
    label = "web"
    verbose_name = _("Web")

    def ready(self) -> None:
        from coproduce.accounts.personal_data import register_personal_data
        from coproduce.web.personal_data import FEEDBACK

        register_personal_data(FEEDBACK)
