from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "evaluation"
    verbose_name = _("Evaluasi pembelajaran")

    def ready(self):
        from .figures import load

        load()
        from .services import behaviour  # noqa: F401 - behaviour tasks follow ledger corrections and reversals
