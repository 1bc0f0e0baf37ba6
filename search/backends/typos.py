"""Typo tolerance for every backend: a query word that no visible document holds is replaced by the closest
word a visible document does hold (same first letter, similar length, difflib similarity ≥ 0.75).

`Term` is the vocabulary of every document ever indexed, so it only proposes candidates: each is offered only
after `holds(word)` found it in a document the visitor may see (search/backends/database.py), so a word held only by
a restricted item, a hidden post or a deleted item is never offered, and typing it exactly is treated like any
unknown word.

Acronyms and known terms are never replaced, in whatever case they are typed ("SIPD", "sipd"): the words of
`ACRONYMS` and every word of the admin's synonym list (`SynonymTable.words`: bangkom, JP, SKP, diklat, …).
"""

from difflib import get_close_matches

from ..models import Term
from ..text import STOP_WORDS, words

CUTOFF = 0.75
CANDIDATES = 5  # closest vocabulary words tried for one query word, best first
# Government acronyms and terms civil servants search by (words of three letters or fewer are never corrected)
_ACRONYM_LIST = (
    "spip sipd sakip lakip lkjip bkpsdm bappeda bapperida bpkad bpkpd apbd apbn apbdes rpjmd rpjmn rpjmdes rkpd "
    "rkpdes renstra renja simda sipkd lpse spse sirup pppk siasn simpeg spbe bpjs dprd bumd bumn bumdes puskesmas "
    "posyandu musrenbang kemenpan kemendagri adminduk siskeudes"
)
ACRONYMS = frozenset(_ACRONYM_LIST.split())


def _checked(word, known):
    """Is this query word a candidate for correction (not a stop word, a number, an acronym or a known term)?"""
    return word.isalpha() and len(word) > 3 and word not in STOP_WORDS and word not in known and word not in ACRONYMS


def _closest(word):
    near = Term.objects.filter(initial=word[0], length__gte=len(word) - 2, length__lte=len(word) + 2)
    return get_close_matches(word, list(near.values_list("term", flat=True)), n=CANDIDATES, cutoff=CUTOFF)


def corrected_query(query, holds, known=frozenset()):
    """The query with words no visible document holds replaced by their closest visible word, or "" when nothing
    changed; `holds(word)` tells whether a document the visitor may see holds the word; `known` words (lowercase)
    are never replaced."""
    fixed, changed = [], False
    for word in words(query):
        if not _checked(word, known):
            fixed.append(word)
            continue
        chosen = next((candidate for candidate in _closest(word) if holds(candidate)), word)
        fixed.append(chosen)
        changed = changed or chosen != word
    return " ".join(fixed) if changed else ""
