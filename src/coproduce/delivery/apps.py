from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeliveryConfig(AppConfig):
    name = "coproduce.delivery"
    label = "delivery"
    verbose_name = _("Co-delivery")

    def ready(self) -> None:
        from coproduce.accounts.personal_data import register_personal_data
        from coproduce.delivery import api, instruments
        from coproduce.delivery.personal_data import DELIVERY

        instruments.register()
        register_personal_data(DELIVERY)
        from coproduce.delivery import benefits  # noqa: F401  (registers what it hands out)

        api.mount()
        from coproduce.delivery import timebank_registry

        timebank_registry.register()
