from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommissioningConfig(AppConfig):
    name = "coproduce.commissioning"
    label = "commissioning"
    verbose_name = _("Co-commissioning")

    def ready(self) -> None:
        from coproduce.commissioning import activity, following, reminders

        following.register()
        activity.register()
        reminders.register()
        from coproduce.accounts.personal_data import register_personal_data
        from coproduce.commissioning import (
            api,
            checks,  # noqa: F401  (registers the system checks)
            instruments,
            search,
        )
        from coproduce.commissioning.personal_data import COMMISSIONING

        instruments.register()
        search.register()
        api.mount()
        register_personal_data(COMMISSIONING)
        from coproduce.commissioning import (
            benefits,  # noqa: F401  (registers what it hands out)
            comments,  # noqa: F401  (registers commentables)
        )
