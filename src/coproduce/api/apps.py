from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "coproduce.api"
    label = "api"
    verbose_name = _("Api")

    def ready(self) -> None:
        from coproduce.accounts.personal_data import register_personal_data
        from coproduce.api.personal_data import API_TOKENS

        register_personal_data(API_TOKENS)
