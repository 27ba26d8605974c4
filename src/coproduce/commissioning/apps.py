from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommissioningConfig(AppConfig):
    name = "coproduce.commissioning"
    label = "commissioning"
    verbose_name = _("Co-commissioning")

    def ready(self) -> None:
        from coproduce.commissioning import api, instruments

        instruments.register()
        api.mount()
