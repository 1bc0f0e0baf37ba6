from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CorpuConfig(AppConfig):
    name = "corpu"
    verbose_name = _("Situs CorpU")

    def ready(self):
        from . import page_cache, user_cache
        from .setup import ensure_home_page

        page_cache.connect()
        user_cache.connect()

        post_migrate.connect(ensure_home_page, sender=self, dispatch_uid="corpu_ensure_home_page")
