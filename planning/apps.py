from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "planning"
    verbose_name = _("Rencana pengembangan kompetensi (IDP)")

    def ready(self):
        from . import signals  # noqa: F401 - links course completions to IDP rows
