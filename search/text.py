"""Indonesian text analysis for the embedded search: tokens, stop words, Sastrawi stems, admin synonyms.

The same pipeline runs on documents and on queries, so "pengembangan kompetensi", "bangkom" and
"kompetensi dikembangkan" meet on the same terms.
"""

import re
from functools import lru_cache

from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

TOKEN = re.compile(r"[0-9a-zA-Z\u00C0-\u024F]+(?:-[0-9a-zA-Z\u00C0-\u024F]+)*")
# Words that carry no meaning in a search; kept short on purpose ("baik" in "praktik baik" matters).
_STOP_LIST = (
    "yang dan di ke dari untuk dengan pada dalam atau ini itu oleh sebagai adalah akan bagi tentang para serta "
    "juga agar karena bahwa secara tersebut telah sudah dapat bisa ada tidak hal the of and to in for a an"
)
STOP_WORDS = frozenset(_STOP_LIST.split())
_stemmer = StemmerFactory().create_stemmer()


@lru_cache(maxsize=100_000)
def stem(word):
    """Sastrawi stem of one lowercase word (hyphenated words and codes stay as they are)."""
    if not word.isalpha():
        return word
    return _stemmer.stem(word) or word


def words(text):
    return [match.group(0).casefold() for match in TOKEN.finditer(text or "")]


def analyse(text, synonyms=None, indexing=False, written=False):
    """Terms of a text: lowercase words minus stop words, stemmed (but for the never-stemmed terms), synonym phrases
    made canonical.

    Indexing keeps the original terms and adds the canonical one (and the parts of hyphenated words); a query is
    rewritten to the canonical term. `written` gives the same terms with each word as written instead of its stem
    (a synonym's canonical term stays canonical): the surface forms ranked a tier above stem-only matches.
    """
    synonyms = synonyms or NO_SYNONYMS
    tokens = [word for word in words(text) if word not in STOP_WORDS]
    terms = synonyms.canonical([synonyms.stem(word) for word in tokens], keep=indexing, written=written and tokens)
    if indexing:  # "e-katalog" is also found by "katalog"
        parts = [part for term in terms if "-" in term for part in term.split("-") if len(part) > 2]
        terms += parts if written else [synonyms.stem(part) for part in parts]
    return terms


class SynonymTable:
    """Maps stemmed phrases (one or more terms) to one canonical term, longest phrase first; knows the words never
    stemmed (search.UnstemmedTerm)."""

    def __init__(self, groups=(), unstemmed=()):
        self.phrases = {}
        self.unstemmed = frozenset(term.casefold() for term in unstemmed)
        # every word of every variant as written (lowercase) and the never-stemmed terms: known terms, never
        # typo-corrected (backends/typos.py)
        known = (word for group in groups for variant in group for word in words(variant))
        self.words = frozenset(known) | self.unstemmed
        for group in groups:
            variants = [tuple(self.stem(w) for w in words(v) if w not in STOP_WORDS) for v in group]
            variants = [v for v in variants if v]
            if len(variants) < 2:
                continue
            canonical = "".join(variants[0])  # one token, also for PostgreSQL's tsvector parser
            for variant in variants:
                self.phrases[variant] = canonical
        self.longest = max((len(p) for p in self.phrases), default=0)

    def stem(self, word):
        """The term of one lowercase word: itself when never stemmed, else its Sastrawi stem."""
        return word if word in self.unstemmed else stem(word)

    def canonical(self, tokens, keep=False, written=None):
        """Tokens with synonym phrases made canonical; `written` (the words of the tokens as written, one each)
        puts them in the output instead of the tokens themselves."""
        written = written or tokens
        if not self.phrases:
            return list(written)
        out, i = [], 0
        while i < len(tokens):
            for size in range(min(self.longest, len(tokens) - i), 0, -1):
                phrase = tuple(tokens[i : i + size])
                if phrase in self.phrases:
                    if keep:
                        out.extend(written[i : i + size])
                    out.append(self.phrases[phrase])
                    i += size
                    break
            else:
                out.append(written[i])
                i += 1
        return out


NO_SYNONYMS = SynonymTable()


def _marked(word, terms):
    return word in terms or stem(word) in terms  # a never-stemmed term is its own word


def highlight_terms(text, terms, limit=240):
    """A snippet around the first matching word with matches wrapped in <mark> (text is escaped)."""
    from django.utils.html import escape

    text = " ".join((text or "").split())
    first = next((m for m in TOKEN.finditer(text) if _marked(m.group(0).casefold(), terms)), None)
    start = max(0, first.start() - 60) if first else 0
    window = text[start : start + limit]
    pieces, cursor = [], 0
    for match in TOKEN.finditer(window):
        if _marked(match.group(0).casefold(), terms):
            pieces.append(escape(window[cursor : match.start()]))
            pieces.append(f"<mark>{escape(match.group(0))}</mark>")
            cursor = match.end()
    pieces.append(escape(window[cursor:]))
    prefix = "… " if start else ""
    suffix = " …" if start + limit < len(text) else ""
    return prefix + "".join(pieces) + suffix
