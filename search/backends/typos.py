"""Typo tolerance for the database backend: a query term that no document holds is replaced by the closest
known term (same first letter, similar length, difflib similarity ≥ 0.75)."""

from difflib import get_close_matches

from ..models import Term

CUTOFF = 0.75


def corrected_terms(terms):
    """The terms with unknown ones replaced by their closest known term (unchanged when nothing is close)."""
    known = set(Term.objects.filter(term__in=terms).values_list("term", flat=True))
    fixed = []
    for term in terms:
        if term in known or len(term) < 4 or not term.isalpha():
            fixed.append(term)
            continue
        candidates = Term.objects.filter(
            initial=term[0], length__gte=len(term) - 2, length__lte=len(term) + 2
        ).values_list("term", flat=True)
        close = get_close_matches(term, list(candidates), n=1, cutoff=CUTOFF)
        fixed.append(close[0] if close else term)
    return fixed
