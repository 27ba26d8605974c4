from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "coproduce.organisations"
    label = "organisations"
    verbose_name = _("Organisations")

    def ready(self) -> None:
        from coproduce.accounts.personal_data import register_personal_data
        from coproduce.organisations.personal_data import MEMBERSHIPS

        register_personal_data(MEMBERSHIPS)
