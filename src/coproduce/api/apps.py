from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "coproduce.api"
    label = "api"
    verbose_name = _("Api")

    def ready(self) -> None:
        from coproduce.accounts.personal_data import register_personal_data
        from coproduce.api.api import bad_request
        from coproduce.api.personal_data import API_TOKENS
        from coproduce.ui.input import bad_request_format_register

        register_personal_data(API_TOKENS)
        bad_request_format_register("api", bad_request)
