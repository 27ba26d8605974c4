from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "coproduce.api"
    label = "api"
    verbose_name = _("Api")

    def ready(self) -> None:
        from coproduce.api.api import bad_request
        from coproduce.web.input import bad_request_format_register

        bad_request_format_register("api", bad_request)
