from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "coproduce.governance"
    label = "governance"
    verbose_name = _("Governance")

    def ready(self) -> None:
        from coproduce.governance import activity, following

        following.register()
        activity.register()
        from coproduce.accounts.personal_data import register_personal_data
        from coproduce.governance.personal_data import CHARTERS, COMMITMENTS

        register_personal_data(COMMITMENTS)
        register_personal_data(CHARTERS)
        from coproduce.governance import comments  # noqa: F401  (registers commentables)
