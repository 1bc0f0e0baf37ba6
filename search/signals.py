"""Update the index on publish / unpublish / delete / access change of any declared source."""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from . import answers
from .index import SYNONYM_CACHE_KEY, index_object, remove_object, source_for
from .models import Synonym, UnstemmedTerm
from .tasks import reindex_written_after_commit


@receiver(post_save)
def item_saved(sender, instance, raw=False, **kwargs):
    if raw or source_for(instance) is None:
        return
    index_object(instance)


@receiver(post_delete)
def item_deleted(sender, instance, **kwargs):
    source = source_for(instance)
    if source is None:
        return
    remove_object(instance)
    for dependent in source.dependents(instance):
        if dependent.pk is not None and type(dependent).objects.filter(pk=dependent.pk).exists():
            index_object(dependent)


@receiver([post_save, post_delete], sender=Synonym)
def synonyms_changed(sender, **kwargs):
    """New terms for queries, and new known terms typo correction leaves alone: cached answers are stale."""
    cache.delete(SYNONYM_CACHE_KEY)
    answers.invalidate()


@receiver([post_save, post_delete], sender=UnstemmedTerm)
def unstemmed_terms_changed(sender, instance, **kwargs):
    """Queries stem differently at once; the items holding the word (before and after an edit) are re-indexed
    after commit, each one moving the answers' generation again."""
    cache.delete(SYNONYM_CACHE_KEY)
    answers.invalidate()
    reindex_written_after_commit({instance.term, instance.loaded_term} - {""})
