from importlib import import_module

from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    label = "corpu_search"
    verbose_name = _("Pencarian")

    def ready(self):
        from . import signals  # noqa: F401

        post_migrate.connect(ensure_sqlite_full_text, sender=self)


def ensure_sqlite_full_text(using="default", **kwargs):
    """SQLite drops triggers when a migration remakes a table: put the FTS5 index and its triggers back."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'corpu_search_fts_%'")
        if cursor.fetchone()[0] == 3:
            return
    create = import_module("search.migrations.0010_full_text_written_forms").create
    create(connection)
