"""How a backend reads words, so that the words a page marks are the words it matched.

Each backend owns an ``Analysis`` (``backend.analysis``): how text splits into words,
how words fold and stem, which words its stemmed index drops. The matcher in
``search.highlight`` marks snippets and reading pages with the analysis of the backend
that answered, and the query translators use it to build what they look up.

Shared here, for every backend: words are runs of word characters (``self-determination``
is two words) folded to lower case without accents (RÁCZ = racz); plain query words
that are stop words (``what did the ICJ order``: "what", "did", "the") add nothing to
matching, scoring or marks; inside a quoted phrase every word counts.

Languages: a passage's stemmed words are stemmed in its document's language where
every backend has a Snowball stemmer for it (``STEMMERS``); any other language is
folded without stemming (``UNSTEMMED``). English keeps its stop rules; the other
languages' stemmed indexes keep every word, and their query stop words are Snowball's.
Exact words (phrases, prefixes, names) are the same in every language.
"""

from __future__ import annotations

import re
import unicodedata
from abc import ABC, abstractmethod
from functools import cache, cached_property

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

# Words whoosh's copy of a Snowball list lacks.
_MISSING_STOPS = {"fr": ("les",)}

# The site default: documents of unknown language ("") are read as English.
DEFAULT_LANGUAGE = "en"
# Snowball stemmers that Whoosh (whoosh.lang), tantivy (rust-stemmers) and PostgreSQL
# (its snowball dictionaries) all have, so every backend reads a document alike.
STEMMERS = {
    "da": "danish",
    "de": "german",
    "en": "english",
    "es": "spanish",
    "fi": "finnish",
    "fr": "french",
    "hu": "hungarian",
    "it": "italian",
    "nl": "dutch",
    "no": "norwegian",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sv": "swedish",
    "tr": "turkish",
}
_ALIASES = {"nb": "no", "nn": "no"}
# How a language without a stemmer (Armenian, Greek, Chinese...) is read: folded only.
UNSTEMMED = "_"


@cache
def stemmer_of(language: str) -> str:
    """The stemmer a document in ``language`` is read with: a ``STEMMERS`` key or UNSTEMMED.

    "" (unknown) is the site default, English; "en-gb" is English, "nb" Norwegian.
    """
    code = (language or DEFAULT_LANGUAGE).strip().lower().replace("_", "-").split("-")[0]
    code = _ALIASES.get(code, code)
    return code if code in STEMMERS else UNSTEMMED


def tagged(stem: str, language: str) -> str:
    """A stem as an index holding several languages stores it: English ones as they are
    (an English library's index is what it always was), others prefixed ("fr:etat"), so
    that a French stem never matches an English word that happens to stem alike."""
    return stem if language == DEFAULT_LANGUAGE else f"{language}:{stem}"


class Analysis(ABC):
    """A backend's reading of text: word spans, folding, stemming and stop words.

    ``language`` arguments are stemmer codes (``stemmer_of``), English by default.
    """

    # Words the stemmed index of English passages drops (so queries need not look
    # them up); other languages' stemmed indexes keep every word.
    index_stops: frozenset[str] = frozenset()
    # A stemmed index also drops words shorter than this (in every language).
    min_word = 1
    query_stops = QUERY_STOPS

    @abstractmethod
    def stem(self, folded: str, language: str = DEFAULT_LANGUAGE) -> str:
        """The stem of a folded word in ``language``, as the index stores it (UNSTEMMED:
        the word itself)."""

    def query_stops_of(self, language: str) -> frozenset[str]:
        """Plain query words that say nothing in ``language``: English's list, Snowball's
        for the other stemmed languages, none for the rest."""
        if language == DEFAULT_LANGUAGE:
            return self.query_stops
        return self._other_stops.get(language, frozenset())

    @cached_property
    def _other_stops(self) -> dict[str, frozenset[str]]:
        from whoosh.lang.stopwords import stoplists  # Snowball's lists, as data

        return {
            code: frozenset(self.fold(w) for w in (*stoplists[code], *_MISSING_STOPS.get(code, ())))
            for code in STEMMERS
            if code != DEFAULT_LANGUAGE and code in stoplists
        }

    def fold(self, word: str) -> str:
        """Lower-case ``word`` and strip its accents."""
        return fold(word)

    def spans(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of every word of ``text``."""
        return [m.span() for m in WORD_RE.finditer(text)]

    def exact_words(self, text: str) -> list[str]:
        """Folded words of ``text``, stop words kept: what phrases compare."""
        return [self.fold(m.group()) for m in WORD_RE.finditer(text)]

    def indexed(self, folded: str, language: str = DEFAULT_LANGUAGE) -> bool:
        """Whether the stemmed index of ``language`` holds this folded word."""
        stops = self.index_stops if language == DEFAULT_LANGUAGE else ()
        return len(folded) >= self.min_word and folded not in stops

    def stemmed_words(self, text: str, language: str = DEFAULT_LANGUAGE) -> list[str]:
        """Stems of the words of ``text`` the stemmed index of ``language`` holds."""
        words = self.exact_words(text)
        return [self.stem(w, language) for w in words if self.indexed(w, language)]

    def query_words(self, text: str, language: str = DEFAULT_LANGUAGE) -> list[str]:
        """Stems in ``language`` of the words of a plain query term that say something.

        Stop words are dropped, unless nothing else is left (a query of "who" still
        looks for "who").
        """
        stops = self.query_stops_of(language)
        words = [w for w in self.exact_words(text) if self.indexed(w, language)]
        meaningful = [w for w in words if w not in stops]
        return [self.stem(w, language) for w in (meaningful or words)]

    def is_query_stop(self, text: str, language: str = DEFAULT_LANGUAGE) -> bool:
        """Whether a plain query word adds nothing in ``language`` (a stop word, or not
        indexed)."""
        stops = self.query_stops_of(language)
        words = self.exact_words(text)
        return all(w in stops or not self.indexed(w, language) for w in words)

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
