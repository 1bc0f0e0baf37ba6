"""Typo tolerance for the database backend: a query word that no visible document holds is replaced by the closest
word a visible document does hold (same first letter, similar length, difflib similarity ≥ 0.75).

`Term` is the vocabulary of every document ever indexed, so it only proposes candidates: each is offered only
after `holds(word)` found it in a document the visitor may see (search/backends/database.py), so a word held only by
a restricted item, a hidden post or a deleted item is never offered, and typing it exactly is treated like any
unknown word.
"""

from difflib import get_close_matches

from ..models import Term
from ..text import STOP_WORDS, words

CUTOFF = 0.75
CANDIDATES = 5  # closest vocabulary words tried for one query word, best first


def _checked(word):
    return word.isalpha() and len(word) > 3 and word not in STOP_WORDS


def _closest(word):
    near = Term.objects.filter(initial=word[0], length__gte=len(word) - 2, length__lte=len(word) + 2)
    return get_close_matches(word, list(near.values_list("term", flat=True)), n=CANDIDATES, cutoff=CUTOFF)


def corrected_query(query, holds):
    """The query with words no visible document holds replaced by their closest visible word, or "" when nothing
    changed; `holds(word)` tells whether a document the visitor may see holds the word."""
    tokens = words(query)
    fixed, changed = [], False
    for word in tokens:
        if not _checked(word):
            fixed.append(word)
            continue
        chosen = next((candidate for candidate in _closest(word) if holds(candidate)), word)
        fixed.append(chosen)
        changed = changed or chosen != word
    return " ".join(fixed) if changed else ""
