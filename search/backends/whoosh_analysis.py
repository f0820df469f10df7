"""The Whoosh backend's analysis: its analyzers, and the same rules for the matcher.

Each searchable field is indexed twice: stemmed without stop words (word queries:
states ~ state) and folded with every word and position kept (phrases: "right to
self-determination" is not "right of self-determination", a trap of stemmed phrases).
``WHOOSH_ANALYSIS`` gives the highlighter exactly these rules.
"""

from __future__ import annotations

from functools import lru_cache

from whoosh.analysis import (
    CharsetFilter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.lang.porter import stem as porter_stem
from whoosh.support.charset import accent_map

from ..analysis import MIN_WORD, STOPS, WORD_RE, Analysis

# Our word pattern, not whoosh's default, which keeps "*" inside words ("*Human").
EXACT_ANALYZER = RegexTokenizer(WORD_RE.pattern) | LowercaseFilter() | CharsetFilter(accent_map)
STEM_ANALYZER = EXACT_ANALYZER | StopFilter(STOPS, minsize=MIN_WORD) | StemFilter()


class WhooshAnalysis(Analysis):
    index_stops = STOPS
    min_word = MIN_WORD

    def fold(self, word: str) -> str:
        return word.lower().translate(accent_map)

    def stem(self, folded: str) -> str:
        return _stem(folded)


@lru_cache(maxsize=100_000)
def _stem(folded: str) -> str:
    return porter_stem(folded)


WHOOSH_ANALYSIS = WhooshAnalysis()
