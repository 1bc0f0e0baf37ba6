"""Two search backends behind one interface: Elasticsearch when ELASTICSEARCH_URL is set, else the database.

`SearchDocument` rows (search/index.py) are the source of truth on both: the database backend queries them
directly; the Elasticsearch backend mirrors them into an index and is told of every change.
"""

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

_backend = None


class SearchBackend:
    """What every backend offers."""

    name = ""

    def search(self, user, request, terms):
        """SearchResults for the visitor; `terms` are the analysed query terms."""
        raise NotImplementedError

    def documents_changed(self, ids):
        """SearchDocument rows with these ids were written."""

    def documents_removed(self, ids):
        """SearchDocument rows with these ids were deleted."""

    def rebuild(self, progress=None):
        """Called after search_reindex rebuilt the SearchDocument rows."""


def get_backend():
    global _backend
    if _backend is None:
        if settings.ELASTICSEARCH_URL:
            from .elasticsearch import ElasticsearchBackend

            _backend = ElasticsearchBackend(settings.ELASTICSEARCH_URL)
        else:
            from .database import DatabaseBackend

            _backend = DatabaseBackend()
    return _backend


@receiver(setting_changed)
def _forget_backend(setting, **kwargs):
    global _backend
    if setting == "ELASTICSEARCH_URL":
        _backend = None
