"""How a backend reads words, so that the words a page marks are the words it matched.

Each backend owns an ``Analysis`` (``backend.analysis``): how text splits into words,
how words fold and stem, which words its stemmed index drops. The matcher in
``search.highlight`` marks snippets and reading pages with the analysis of the backend
that answered, and the query translators use it to build what they look up.

Shared here, for every backend: words are runs of word characters (``self-determination``
is two words) folded to lower case without accents (RÁCZ = racz); plain query words
that are stop words (``what did the ICJ order``: "what", "did", "the") add nothing to
matching, scoring or marks; inside a quoted phrase every word counts.
"""

from __future__ import annotations

import re
import unicodedata
from abc import ABC, abstractmethod
from functools import cached_property

# Runs of word characters, with inner dots kept (U.S.A, 2.5).
WORD_RE = re.compile(r"\w+(?:\.?\w+)*")

# The classic stop list of stemmed indexes (Lucene's, as whoosh's StopFilter uses it);
# a stemmed index also drops words shorter than MIN_WORD.
_LUCENE_STOPS = (
    "a an and are as at be by can for from have if in is it may not of on or tbd that the "
    "this to us we when will with yet you your"
)
STOPS = frozenset(_LUCENE_STOPS.split())
MIN_WORD = 2

# Plain query words that carry no meaning of their own: the Snowball English list
# (snowballstem.org/algorithms/english/stop.txt) without its contractions.
_SNOWBALL_STOPS = """
    i me my myself we our ours ourselves you your yours yourself yourselves he him his
    himself she her hers herself it its itself they them their theirs themselves what
    which who whom this that these those am is are was were be been being have has had
    having do does did doing would should could ought a an the and but if or because as
    until while of at by for with about against between into through during before after
    above below to from up down in out on off over under again further then once here
    there when where why how all any both each few more most other some such no nor not
    only own same so than too very can will just also may shall must
"""
QUERY_STOPS = frozenset(_SNOWBALL_STOPS.split())


class Analysis(ABC):
    """A backend's reading of text: word spans, folding, stemming and stop words."""

    # Words the stemmed index drops (so queries need not look them up).
    index_stops: frozenset[str] = frozenset()
    # A stemmed index also drops words shorter than this.
    min_word = 1
    query_stops = QUERY_STOPS

    @abstractmethod
    def stem(self, folded: str) -> str:
        """The stem of a folded word, as the index stores it."""

    def fold(self, word: str) -> str:
        """Lower-case ``word`` and strip its accents."""
        return fold(word)

    def spans(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of every word of ``text``."""
        return [m.span() for m in WORD_RE.finditer(text)]

    def exact_words(self, text: str) -> list[str]:
        """Folded words of ``text``, stop words kept: what phrases compare."""
        return [self.fold(m.group()) for m in WORD_RE.finditer(text)]

    def indexed(self, folded: str) -> bool:
        """Whether the stemmed index holds this folded word."""
        return len(folded) >= self.min_word and folded not in self.index_stops

    def stemmed_words(self, text: str) -> list[str]:
        """Stems of the words of ``text`` the stemmed index holds."""
        return [self.stem(w) for w in self.exact_words(text) if self.indexed(w)]

    def query_words(self, text: str) -> list[str]:
        """Stems of the words of a plain query term that say something.

        Stop words are dropped, unless nothing else is left (a query of "who" still
        looks for "who").
        """
        words = [w for w in self.exact_words(text) if self.indexed(w)]
        meaningful = [w for w in words if w not in self.query_stops]
        return [self.stem(w) for w in (meaningful or words)]

    def is_query_stop(self, text: str) -> bool:
        """Whether a plain query word adds nothing (it is a stop word, or not indexed)."""
        words = self.exact_words(text)
        return all(w in self.query_stops or not self.indexed(w) for w in words)

    @cached_property
    def name(self) -> str:
        return type(self).__name__


def fold(word: str) -> str:
    """Lower-case ``word`` and strip its accents (RÁCZ = racz)."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def match_case(original: str, word: str) -> str:
    """``word`` in the casing the reader gave ``original`` (Artsakh, ICJ, genocide)."""
    if original.isupper() and len(original) > 1:
        return word.upper()
    if original[:1].isupper():
        return word[:1].upper() + word[1:]
    return word
