"""What other apps ask of search."""

from .backends.database import matching_object_ids
from .index import synonym_table
from .text import analyse


def matching_ids(user, query, kind):
    """Ids of the items of one kind (e.g. "asset") that match the query for this visitor, or None for no query.

    Same Indonesian analysis as the site search (stems, stop words, admin synonyms); always answered by the
    database index, which is kept on every backend.
    """
    terms = list(dict.fromkeys(analyse(query, synonym_table())))
    if not terms:
        return None
    return matching_object_ids(user, terms, kind)
