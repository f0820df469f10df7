"""The Whoosh backend's analysis: its analyzers, and the same rules for the matcher.

Each searchable field is indexed twice: stemmed without stop words (word queries:
states ~ state) and folded with every word and position kept (phrases: "right to
self-determination" is not "right of self-determination", a trap of stemmed phrases).
``WHOOSH_ANALYSIS`` gives the highlighter exactly these rules.

Stemming depends on the document's language, which an analyzer cannot see: the
stemmed fields receive their words already stemmed (``stemmed_text``, one token per
kept word, after a ``GAP`` for each stop word before the first, so positions are
those ``StopFilter`` renumbers) and only split them (``PRESTEMMED_ANALYZER``).
English stems are Porter's, as ``STEM_ANALYZER`` makes them; the other languages'
are whoosh.lang's Snowball stemmers, tagged with the language.
"""

from __future__ import annotations

from functools import cache, lru_cache
from weakref import WeakKeyDictionary

from whoosh.analysis import (
    CharsetFilter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.lang import stemmer_for_language
from whoosh.lang.porter import stem as porter_stem
from whoosh.support.charset import accent_map

from ..analysis import (
    DEFAULT_LANGUAGE,
    MIN_WORD,
    STOPS,
    UNSTEMMED,
    WORD_RE,
    Analysis,
    stemmer_of,
    tagged,
)
from ..languages import query_languages

# Our word pattern, not whoosh's default, which keeps "*" inside words ("*Human").
EXACT_ANALYZER = RegexTokenizer(WORD_RE.pattern) | LowercaseFilter() | CharsetFilter(accent_map)
# English text as the stemmed fields hold it (what ``stemmed_text`` gives for English).
STEM_ANALYZER = EXACT_ANALYZER | StopFilter(STOPS, minsize=MIN_WORD) | StemFilter()
# Stands for a stop word before the first kept word (never a word: \w has no "-").
GAP = "-"
# The stemmed fields: words stemmed by ``stemmed_text``, separated by spaces.
PRESTEMMED_ANALYZER = RegexTokenizer(r"\S+") | StopFilter([GAP], minsize=1)


class WhooshAnalysis(Analysis):
    index_stops = STOPS
    min_word = MIN_WORD

    def fold(self, word: str) -> str:
        return word.lower().translate(accent_map)

    def stem(self, folded: str, language: str = DEFAULT_LANGUAGE) -> str:
        return _stem(folded) if language == DEFAULT_LANGUAGE else _stem_in(folded, language)


@lru_cache(maxsize=100_000)
def _stem(folded: str) -> str:
    return porter_stem(folded)


@lru_cache(maxsize=100_000)
def _stem_in(folded: str, language: str) -> str:
    return folded if language == UNSTEMMED else _stemmer(language)(folded)


@cache
def _stemmer(language: str):
    return stemmer_for_language(language)


WHOOSH_ANALYSIS = WhooshAnalysis()


def stemmed_text(text: str, language: str) -> str:
    """``text`` as a stemmed field holds it for a document in ``language`` (a code)."""
    stemmer = stemmer_of(language)
    keys = [_key(word, stemmer) for word in WORD_RE.findall(text)]
    first = next((i for i, key in enumerate(keys) if key), None)
    if first is None:
        return ""
    return " ".join([GAP] * first + [key for key in keys if key])


@lru_cache(maxsize=200_000)
def _key(word: str, stemmer: str) -> str:
    """A word as written -> what the stemmed field stores of it ("" for none)."""
    folded = WHOOSH_ANALYSIS.fold(word)
    if not WHOOSH_ANALYSIS.indexed(folded, stemmer):
        return ""
    return tagged(WHOOSH_ANALYSIS.stem(folded, stemmer), stemmer)


def indexed_languages(reader) -> tuple[str, ...]:
    """The stemmers of the languages the index holds, from its ``language`` facet terms,
    read once per reader (a commit opens a new one)."""
    found = _languages.get(reader)
    if found is None:
        terms = reader.field_terms("language") if "language" in reader.schema else ()
        found = _languages[reader] = query_languages(terms)
    return found


_languages: WeakKeyDictionary = WeakKeyDictionary()
