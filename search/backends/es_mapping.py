"""The Elasticsearch document of a SearchDocument row: explicit mappings and Indonesian analysis.

Text is analysed like Elasticsearch's built-in `indonesian` analyzer (standard tokenizer, lowercase, Indonesian stop
words, Indonesian stemmer); at search time a `synonym_graph` filter with the admin synonyms (search.Synonym) runs
before stop words and stemming, so "bangkom" also finds "pengembangan kompetensi". The never-stemmed terms
(search.UnstemmedTerm) are a `keyword_marker` before the stemmer, and the words as written are indexed unstemmed in
`title.written` and `written` (ADR 0032): es_query ranks a query word held as written a tier up. Synonyms and
never-stemmed terms are part of the index settings: edits take effect on the next `search_reindex`.
"""

from elasticsearch_dsl import (
    Date,
    Document,
    Float,
    Index,
    InnerDoc,
    Integer,
    Keyword,
    Nested,
    Text,
    analyzer,
    token_filter,
)

from ..index import KIND_WORDS
from ..models import Synonym, UnstemmedTerm
from ..text import words

INDEX_ANALYZER = "corpu_indonesian"
SEARCH_ANALYZER = "corpu_indonesian_search"
WRITTEN_ANALYZER = "corpu_written"  # the words as written: lowercase, no stop words, no stemming
WRITTEN_SEARCH_ANALYZER = "corpu_written_search"

_stop = token_filter("corpu_indonesian_stop", "stop", stopwords="_indonesian_")
_stemmer = token_filter("corpu_indonesian_stemmer", "stemmer", language="indonesian")


def _text(**extra):
    return Text(analyzer=INDEX_ANALYZER, search_analyzer=SEARCH_ANALYZER, **extra)


def _written(**extra):
    return Text(analyzer=WRITTEN_ANALYZER, search_analyzer=WRITTEN_SEARCH_ANALYZER, **extra)


_BODY = ["body", "written"]  # copy_to targets: stems and words as written of everything indexed


class Person(InnerDoc):
    id = Integer()
    name = Keyword()


class IndexedDocument(Document):
    """One SearchDocument row; `body` gathers title, text, tags and owner like the database's `terms` column."""

    id = Integer()
    kind = Keyword()
    access_level = Keyword()
    owner_unit_id = Integer()
    owner_kelompok_id = Integer()
    title = _text(copy_to=_BODY, fields={"written": _written()})
    text = _text(copy_to=_BODY)
    body = _text()
    written = _written()  # the words as written (the database's written_terms)
    owner_label = _text(copy_to=_BODY)
    kind_words = _text(copy_to=_BODY)  # search.index.KIND_WORDS: "kursus PBJ", "CoP jalan"
    boost = Float()  # rank multiplier (superseded assets rank lower)
    asset_type = Keyword()
    competency = Keyword()
    delivery_model = Keyword()
    year = Integer()
    tags = Keyword(multi=True, copy_to=_BODY)
    kelompok_label = Keyword()
    people = Nested(Person)
    date = Date()
    url = Keyword(index=False)


def synonym_rules(groups=None):
    """Solr-format rules ("bangkom, pengembangan kompetensi") from the admin synonyms, lowercase words only."""
    if groups is None:
        groups = [synonym.variants() for synonym in Synonym.objects.order_by("pk")]
    rules = []
    for group in groups:
        variants = list(dict.fromkeys(" ".join(words(variant)) for variant in group))
        variants = [variant for variant in variants if variant]
        if len(variants) > 1:
            rules.append(", ".join(variants))
    return rules


def never_stemmed():
    return list(UnstemmedTerm.objects.values_list("term", flat=True))


def analysis(rules, keywords=()):
    """The `analysis` index settings: the indexing and search analyzers (synonyms when any, at search time; the
    never-stemmed `keywords` marked before the stemmer) and the same two for the words as written."""
    stemming = [_stop, _stemmer]
    if keywords:
        marker = token_filter("corpu_unstemmed", "keyword_marker", keywords=sorted(keywords), ignore_case=True)
        stemming = [_stop, marker, _stemmer]
    synonyms = [token_filter("corpu_synonyms", "synonym_graph", synonyms=rules, lenient=True)] if rules else []
    analyzers = [
        analyzer(INDEX_ANALYZER, tokenizer="standard", filter=["lowercase", *stemming]),
        analyzer(SEARCH_ANALYZER, tokenizer="standard", filter=["lowercase", *synonyms, *stemming]),
        analyzer(WRITTEN_ANALYZER, tokenizer="standard", filter=["lowercase", _stop]),
        analyzer(WRITTEN_SEARCH_ANALYZER, tokenizer="standard", filter=["lowercase", *synonyms, _stop]),
    ]
    definition = {}
    for each in analyzers:
        for section, entries in each.get_analysis_definition().items():
            definition.setdefault(section, {}).update(entries)
    return definition


def index_body(rules=None, keywords=None):
    """Settings and mappings of a new concrete index: {"settings": ..., "mappings": ...}. The admin's synonyms and
    never-stemmed terms are read unless given (`rules` given alone: no never-stemmed terms)."""
    if keywords is None:
        keywords = never_stemmed() if rules is None else []
    rules = synonym_rules() if rules is None else rules
    index = Index("corpu-search-template")
    index.settings(number_of_shards=1, refresh_interval="-1", analysis=analysis(rules, keywords))
    index.document(IndexedDocument)
    body = index.to_dict()
    body["mappings"]["dynamic"] = "strict"
    return body


def to_source(document):
    """The indexed fields of a SearchDocument; empty values are left out (so `exists` means "has a value")."""
    fields = {
        "id": document.pk,
        "kind": document.kind,
        "access_level": document.access_level,
        "owner_unit_id": document.owner_unit_id,
        "owner_kelompok_id": document.owner_kelompok_id,
        "title": document.title,
        "text": document.text,
        "owner_label": document.owner_label or None,
        "kind_words": KIND_WORDS.get(document.kind),
        "boost": document.boost,
        "asset_type": document.asset_type or None,
        "competency": document.competency or None,
        "delivery_model": document.delivery_model or None,
        "year": document.year,
        "tags": [tag for tag in document.tags.split("|") if tag],
        "kelompok_label": document.kelompok_label or None,
        "people": [{"id": int(person[0]), "name": str(person[1])} for person in document.people or []],
        "date": document.date,
        "url": document.url,
    }
    return IndexedDocument(**fields).to_dict()
