from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "coproduce.places"
    label = "places"
    verbose_name = _("Places")

    def ready(self) -> None:
        from coproduce.places import following

        following.register()
        from coproduce.accounts.personal_data import register_personal_data
        from coproduce.places.personal_data import RESIDENCIES

        register_personal_data(RESIDENCIES)
