from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "coproduce.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from allauth.mfa.signals import authenticator_added

        from coproduce.accounts import checks  # noqa: F401  (registers the system checks)
        from coproduce.accounts.personal_data import register_personal_data
        from coproduce.accounts.second_factor import record_second_factor_setup
        from coproduce.accounts.services import ACCOUNT

        register_personal_data(ACCOUNT)
        authenticator_added.connect(record_second_factor_setup, dispatch_uid="second_factor")
