from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    name = "ledger"
    verbose_name = _("Buku JP")

    def ready(self):
        from . import signals  # noqa: F401 - connects the summary maintenance
        from .loader import load_after_migrate

        post_migrate.connect(load_after_migrate, sender=self, dispatch_uid="ledger_load_rulebooks")
