from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "coproduce.evaluation"
    label = "evaluation"
    verbose_name = _("Evaluation")

    def ready(self) -> None:
        from coproduce.accounts.personal_data import register_personal_data
        from coproduce.evaluation.experiments.personal_data import ASSIGNMENTS
        from coproduce.evaluation.personal_data import MEASUREMENTS

        register_personal_data(MEASUREMENTS)
        # before the ledger's erasure, which unlinks the rows an outcome is read from
        register_personal_data(ASSIGNMENTS, before="contributions")
