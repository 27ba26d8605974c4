from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiscussionConfig(AppConfig):
    name = "coproduce.discussion"
    label = "discussion"
    verbose_name = _("Comments")

    def ready(self) -> None:
        from coproduce.accounts.personal_data import register_personal_data
        from coproduce.discussion.personal_data import COMMENTS

        register_personal_data(COMMENTS)
