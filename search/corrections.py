"""What every backend decides the same way around one search: typo corrections and the sign-in hint (ADR 0019).

A correction is applied only when the query as written finds nothing (items holding every word, then those holding
some of them): its results are shown and the page says so. When the written query finds something, its results
are shown and a correction is at most offered (`suggestion`); so is it when the visitor asked for the query as
written (`SearchRequest.exact`). The backend gives `run(query, terms)` (its search, partial matches included) and
`holds(word)` (does a document the visitor may see hold this word as written).

The hint tells a signed-out visitor that signing in may show more. It is decided only from items of access level
ASN, which every signed-in ASN may see, never from internal or kelompok-restricted items, and it is a yes or no.
"""

from dataclasses import dataclass
from typing import NamedTuple

from corpu.access import viewer_for

from .backends.typos import corrected_query
from .index import synonym_table
from .query import query_terms


class Ran(NamedTuple):
    """One run of a backend's search: its own answer, the total and whether partial matches filled it."""

    found: object
    total: int
    relaxed: bool


@dataclass
class Outcome:
    ran: Ran  # the run whose results are shown
    terms: list  # ... and its terms
    corrected: str = ""  # the query run instead of the written one
    suggestion: str = ""  # a correction offered, not applied

    def searched(self, request, written_terms):
        """(query, terms) pairs the sign-in hint looks at: the written query, and the corrected one when run."""
        pairs = [(request.query, written_terms)]
        return [*pairs, (self.corrected, self.terms)] if self.corrected else pairs


def answer(request, terms, run, holds):
    """The Outcome of a search whose written query has these terms."""
    ran = run(request.query, terms)
    if not terms or (ran.total and not ran.relaxed):  # every word found together: nothing to correct
        return Outcome(ran, terms)
    fix = corrected_query(request.query, holds, synonym_table().words)
    if not fix:
        return Outcome(ran, terms)
    if ran.total or request.exact:
        return Outcome(ran, terms, suggestion=fix)
    fixed_terms = query_terms(fix)
    fixed = run(fix, fixed_terms)
    if not fixed.total:
        return Outcome(ran, terms)
    return Outcome(fixed, fixed_terms, corrected=fix)


def sign_in_may_show_more(user, searched, asn_holds):
    """Signed out, and an ASN-level item matches one of the searched (query, terms) pairs (`asn_holds(pairs)`)?"""
    return not viewer_for(user).authenticated and asn_holds(searched)
