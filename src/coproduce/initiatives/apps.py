from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "coproduce.initiatives"
    label = "initiatives"
    verbose_name = _("Initiatives")

    def ready(self) -> None:
        from coproduce.initiatives import following

        following.register()
        from coproduce.accounts.personal_data import register_personal_data
        from coproduce.initiatives import generic
        from coproduce.initiatives.personal_data import CONTRIBUTIONS, OUTREACH

        generic.register()
        register_personal_data(CONTRIBUTIONS)
        register_personal_data(OUTREACH)
