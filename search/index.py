"""Keeping the search index in step with content: sources declared by each app, one document per item."""

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import import_module

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone

from .backends import get_backend
from .models import SearchDocument, Synonym, Term, UnstemmedTerm
from .text import SynonymTable, analyse, words

SYNONYM_CACHE_KEY = "corpu:search:vocabulary"
# words people use for a kind of content ("kursus PBJ", "CoP jalan"): indexed with every document of that kind
KIND_WORDS = {
    "asset": "aset pengetahuan",
    "course": "kursus pelatihan",
    "lesson": "pelajaran materi kursus",
    "thread": "diskusi komunitas belajar forum",
}


@dataclass
class Source:
    """How one model becomes search documents: `build(obj)` returns the fields, or None when not searchable."""

    model: type
    kind: str = ""
    queryset: object = None
    build: object = None  # None: the model has no document of its own, only dependents
    dependents: object = field(default=lambda obj: [])  # items to re-index when obj changes (e.g. lessons of a course)


@lru_cache(maxsize=1)
def sources():
    found = []
    for app in settings.CORPU_APPS:
        try:
            module = import_module(f"{app}.search_index")
        except ModuleNotFoundError as error:
            if error.name != f"{app}.search_index":
                raise
            continue
        found.extend(module.SEARCH_SOURCES)
    return tuple(found)


def source_for(obj):
    for source in sources():
        if isinstance(obj, source.model):
            return source
    return None


def synonym_table():
    """The admin vocabulary: synonyms and never-stemmed terms (cached; their signals clear it)."""
    vocabulary = cache.get(SYNONYM_CACHE_KEY)
    if vocabulary is None:
        groups = [synonym.variants() for synonym in Synonym.objects.all()]
        vocabulary = (groups, list(UnstemmedTerm.objects.values_list("term", flat=True)))
        cache.set(SYNONYM_CACHE_KEY, vocabulary, 3600)
    return SynonymTable(*vocabulary)


def padded(terms):
    return f" {' '.join(terms)} "


def document_fields(kind, data, synonyms):
    """Model fields of a SearchDocument from a source's build() dict."""
    tags = [t.strip() for t in data.get("tags", []) if t.strip()]
    title_terms = analyse(data["title"], synonyms, indexing=True)
    body = " ".join([data.get("text", ""), " ".join(tags), data.get("owner_label", ""), KIND_WORDS.get(kind, "")])
    body_terms = analyse(body, synonyms, True)
    written = analyse(data["title"], synonyms, True, written=True) + analyse(body, synonyms, True, written=True)
    date = data.get("date")
    return {
        "kind": kind,
        "title": data["title"][:300],
        "text": data.get("text", "")[:20000],
        "title_terms": padded(title_terms),
        "terms": padded(title_terms + body_terms),
        "written_terms": padded(dict.fromkeys(written)),
        "url": data["url"],
        "access_level": data["access_level"],
        "owner_unit_id": data.get("owner_unit_id"),
        "owner_kelompok_id": data.get("owner_kelompok_id"),
        "owner_label": data.get("owner_label", "")[:200],
        "date": date,
        "year": date.year if date else None,
        "asset_type": data.get("asset_type", ""),
        "competency": data.get("competency", ""),
        "delivery_model": data.get("delivery_model", ""),
        "kelompok_label": data.get("kelompok_label", "")[:200],
        "tags": ("|" + "|".join(t.casefold() for t in tags) + "|") if tags else "",
        "people": data.get("people", []),
        "boost": data.get("boost", 1.0),
        "indexed_at": timezone.now(),
    }


def index_object(obj, synonyms=None):
    """Create, update or remove the document of one item (and of the items that depend on it)."""
    source = source_for(obj)
    if source is None:
        return
    if source.build is not None:
        content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
        stored = _store(source, obj, content_type, synonyms or synonym_table())
        if stored:
            get_backend().documents_changed([stored])
        else:
            _delete(SearchDocument.objects.filter(content_type=content_type, object_id=obj.pk))
    for dependent in source.dependents(obj):
        index_object(dependent, synonyms)


def _store(source, obj, content_type, synonyms, vocabulary=None):
    """Write obj's document and its words to the vocabulary (and to `vocabulary`, a set, when given); its id, or
    None when obj is not searchable."""
    data = source.build(obj)
    if data is None:
        return None
    fields = document_fields(source.kind, data, synonyms)
    document, _created = SearchDocument.objects.update_or_create(
        content_type=content_type, object_id=obj.pk, defaults=fields
    )
    added = add_words(" ".join([data["title"], data.get("text", ""), " ".join(data.get("tags", []))]))
    if vocabulary is not None:
        vocabulary |= added
    return document.pk


def add_words(text):
    """Remember the words of a document for typo correction (known ones are left alone); the words."""
    found = {part for word in words(text) for part in word.split("-")}
    new = {word for word in found if word.isalpha() and 3 < len(word) <= 64}
    Term.objects.bulk_create(
        [Term(term=term, initial=term[0], length=len(term)) for term in new], ignore_conflicts=True, batch_size=500
    )
    return new


def _prune_vocabulary(kept):
    """Forget the words no document holds any more (hidden posts, deleted or edited items)."""
    stale = [pk for pk, term in Term.objects.values_list("pk", "term").iterator(chunk_size=2000) if term not in kept]
    for start in range(0, len(stale), 500):
        Term.objects.filter(pk__in=stale[start : start + 500]).delete()


def _delete(documents):
    ids = list(documents.values_list("pk", flat=True))
    if ids:
        SearchDocument.objects.filter(pk__in=ids).delete()
        get_backend().documents_removed(ids)


def reindex_holding(words):
    """Re-index the items whose documents hold one of these words as written; how many documents did."""
    holding = Q()
    for word in words:
        holding |= Q(written_terms__contains=padded([word]))
    documents = SearchDocument.objects.filter(holding).select_related("content_type").only("content_type", "object_id")
    synonyms, count = synonym_table(), 0
    for document in list(documents):
        model = document.content_type.model_class()
        obj = model and model._default_manager.filter(pk=document.object_id).first()
        if obj is not None:
            index_object(obj, synonyms)
            count += 1
    return count


def remove_object(obj):
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    _delete(SearchDocument.objects.filter(content_type=content_type, object_id=obj.pk))


def reindex(progress=None):
    """Rebuild every document; safe while the site serves (rows are replaced one by one, stale ones and words no
    document holds any more removed)."""
    synonyms = synonym_table()
    seen, vocabulary = set(), set()
    all_sources = [source for source in sources() if source.build is not None]
    total = sum(source.queryset().count() for source in all_sources)
    done = 0
    for source in all_sources:
        content_type = ContentType.objects.get_for_model(source.model, for_concrete_model=False)
        for obj in source.queryset().iterator(chunk_size=500):
            if _store(source, obj, content_type, synonyms, vocabulary):
                seen.add((content_type.pk, obj.pk))
            done += 1
            if progress:
                progress(done, total)
    stale = [
        pk
        for pk, ct, oid in SearchDocument.objects.values_list("pk", "content_type_id", "object_id")
        if (ct, oid) not in seen
    ]
    SearchDocument.objects.filter(pk__in=stale).delete()
    _prune_vocabulary(vocabulary)
    get_backend().rebuild(progress)
    return len(seen)
