from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "coproduce.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from coproduce.search import sources

        sources.register()
