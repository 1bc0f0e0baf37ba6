"""Typo tolerance for the database backend: a query word that no document holds is replaced by the closest
word the documents do hold (same first letter, similar length, difflib similarity ≥ 0.75)."""

from difflib import get_close_matches

from ..models import Term
from ..text import STOP_WORDS, words

CUTOFF = 0.75


def _checked(word):
    return word.isalpha() and len(word) > 3 and word not in STOP_WORDS


def corrected_query(query):
    """The query with unknown words replaced by their closest known word, or "" when nothing changed."""
    tokens = words(query)
    known = set(Term.objects.filter(term__in=[t for t in tokens if _checked(t)]).values_list("term", flat=True))
    fixed, changed = [], False
    for word in tokens:
        if not _checked(word) or word in known:
            fixed.append(word)
            continue
        candidates = Term.objects.filter(
            initial=word[0], length__gte=len(word) - 2, length__lte=len(word) + 2
        ).values_list("term", flat=True)
        close = get_close_matches(word, list(candidates), n=1, cutoff=CUTOFF)
        fixed.append(close[0] if close else word)
        changed = changed or bool(close)
    return " ".join(fixed) if changed else ""
