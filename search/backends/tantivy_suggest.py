"""Spelling suggestions from a tantivy term dictionary, bounded like the Whoosh backend's.

A word the index does not hold is replaced with the closest indexed word sharing its
first letter: one edit away if there is one (looked up among the generated edits),
else two (a banded edit distance over the words of similar length), the most frequent
winning a tie. The bounds and the walk over the query are ``search.corrections``.

The term dictionary keeps the words of deleted documents until their segment is
merged away, so a word counts only if a live document holds it (a one-hit search,
remembered for the searcher's lifetime: a new generation gets a new ``Suggester``).
"""

from __future__ import annotations

import string
import time

import tantivy

from ..analysis import fold
from ..corrections import CORRECTION_SECONDS, correct
from .tantivy_schema import build_schema

MAX_DISTANCE = 2
ALPHABET = string.ascii_lowercase + string.digits


class Suggester:
    """Corrections over one searcher's view of ``fieldname``; vocabulary read lazily."""

    def __init__(self, searcher, fieldname: str):
        self.searcher = searcher
        self.fieldname = fieldname
        self._by_letter: dict[str, dict[str, int]] = {}
        self._schema = build_schema()
        self._live: dict[str, bool] = {}

    def known(self, word: str) -> bool:
        return self.searcher.doc_freq(self.fieldname, word) > 0 and self.live(word)

    def live(self, word: str) -> bool:
        """Some document not deleted holds ``word`` (doc_freq counts deleted ones too)."""
        if word not in self._live:
            query = tantivy.Query.term_query(self._schema, self.fieldname, word)
            self._live[word] = bool(self.searcher.search(query, limit=1).hits)
        return self._live[word]

    def suggest(self, query_text: str) -> str | None:
        """Correct the words the index does not hold (bounded: ``search.corrections``)."""
        deadline = time.monotonic() + CORRECTION_SECONDS
        return correct(query_text, fold, self.known, lambda w: self.closest(w, deadline))

    def closest(self, word: str, deadline: float) -> str | None:
        words = self._words(word[0])
        near = sorted(((words[w], w) for w in edits(word) if w in words), reverse=True)
        if best := next((w for _count, w in near if self.live(w)), None):
            return best
        found = []
        for candidate, count in words.items():
            if abs(len(candidate) - len(word)) > MAX_DISTANCE:
                continue
            if distance(word, candidate, MAX_DISTANCE) <= MAX_DISTANCE:
                found.append((count, candidate))
            if time.monotonic() > deadline:
                break
        return next((w for _count, w in sorted(found, reverse=True) if self.live(w)), None)

    def _words(self, letter: str) -> dict[str, int]:
        if letter not in self._by_letter:
            terms = self.searcher.terms_with_prefix(self.fieldname, letter)
            self._by_letter[letter] = dict(terms)
        return self._by_letter[letter]


def edits(word: str) -> set[str]:
    """Words one deletion, transposition, substitution or insertion away, first letter kept."""
    splits = [(word[:i], word[i:]) for i in range(1, len(word) + 1)]
    out = {a + b[1:] for a, b in splits if b}
    out |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    out |= {a + c + b[1:] for a, b in splits if b for c in ALPHABET}
    out |= {a + c + b for a, b in splits for c in ALPHABET}
    out.discard(word)
    return out


def distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein distance (adjacent transpositions), ``limit + 1`` once beyond it."""
    previous2, previous = None, list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = ca != cb
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if previous2 is not None and j > 1 and ca == b[j - 2] and a[i - 2] == cb and ca != cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]
