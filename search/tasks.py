"""Background Elasticsearch updates with django-tasks (the backport of Django 6's tasks framework).

Why django-tasks: 0.12.0 supports Django 5.2 and is the API Django itself ships from 6.0, so the task code will
not change on upgrade; the backend is a setting (TASKS): ImmediateBackend in development and tests, the
django-tasks-db DatabaseBackend plus `manage.py db_worker` in production (see corpu/settings/base.py).

django-tasks does not wait for the transaction, so enqueueing happens in `transaction.on_commit`: the worker
must find the committed rows. All ids written in one transaction go in one task, sent as one bulk request. The
task syncs by id (index the rows that exist, delete the others), so a task that runs late or twice, or after a
rolled-back savepoint, still leaves the index agreeing with the database.
"""

import logging

from django.db import transaction
from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def sync_search_documents(ids):
    """Bring the Elasticsearch documents of these SearchDocument ids in line with the database."""
    from .backends import get_backend

    backend = get_backend()
    if not hasattr(backend, "sync"):
        return
    try:
        backend.sync(ids)
    except Exception:
        logger.exception("Search index update failed for %d documents; search_reindex repairs it", len(ids))
        raise


@task()
def reindex_written(words):
    """Re-index the items whose documents hold one of these words as written (a never-stemmed term changed)."""
    from .index import reindex_holding

    reindex_holding(words)


def reindex_written_after_commit(words):
    words = sorted(words)
    if words:
        transaction.on_commit(lambda: reindex_written.enqueue(words))


class _PendingSync:
    """The on-commit callback of one transaction, gathering every id it wrote."""

    def __init__(self):
        self.ids, self.sent = set(), False

    def __call__(self):
        self.sent = True
        sync_search_documents.enqueue(sorted(self.ids))


def sync_after_commit(ids):
    """Sync these ids in a background task once the current transaction commits (at once outside one)."""
    ids = [int(pk) for pk in ids]
    if not ids:
        return
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        for entry in connection.run_on_commit:
            if isinstance(entry[1], _PendingSync) and not entry[1].sent:
                entry[1].ids.update(ids)
                return
    pending = _PendingSync()
    pending.ids.update(ids)
    transaction.on_commit(pending)
