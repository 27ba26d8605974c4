from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def create_cache_table(using: str = "default", **kwargs: Any) -> None:
    """Create the database cache's table (sign-in limits), so `migrate` readies a deployment."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


class AccountsConfig(AppConfig):
    name = "coproduce.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from allauth.mfa.signals import authenticator_added
        from django.contrib.auth.signals import user_logged_in

        from coproduce.accounts import (
            activity,
            checks,  # noqa: F401  (registers the system checks)
        )
        from coproduce.accounts.notifications import remember_language_on_sign_in
        from coproduce.accounts.personal_data import register_personal_data
        from coproduce.accounts.second_factor import record_second_factor_setup
        from coproduce.accounts.services import ACCOUNT, FOLLOWING

        register_personal_data(ACCOUNT)
        register_personal_data(FOLLOWING)
        activity.register()
        authenticator_added.connect(record_second_factor_setup, dispatch_uid="second_factor")
        user_logged_in.connect(remember_language_on_sign_in, dispatch_uid="reader_language")
        post_migrate.connect(create_cache_table, sender=self, dispatch_uid="cache_table")
