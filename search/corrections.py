"""Spelling corrections, the same for every backend: which words to try, how many, how long.

A backend knows its own vocabulary: it gives ``known(word)`` and ``closest(word)``;
``correct`` decides the rest, so every backend corrects the same words within the same
bounds and keeps the reader's casing ("Artsakk" -> "Artsakh", not "artsakh").

    correct("ethnic clensing", fold, known, closest)  # "ethnic cleansing"
"""

from __future__ import annotations

import time
from collections.abc import Callable

from .analysis import WORD_RE, match_case

# Bounded, so that a long misspelled query cannot tie up a worker: at most this many
# words are looked up, within this many seconds.
MAX_CORRECTIONS = 4
CORRECTION_SECONDS = 0.15
MIN_LENGTH = 3  # shorter words are too ambiguous to correct


def correct(
    query_text: str,
    fold: Callable[[str], str],
    known: Callable[[str], bool],
    closest: Callable[[str], str | None],
) -> str | None:
    """``query_text`` with each unknown word replaced by its closest known word, or None."""
    deadline = time.monotonic() + CORRECTION_SECONDS
    changed, out, cursor, tried = False, [], 0, 0
    for match in WORD_RE.finditer(query_text):
        word, after = fold(match.group()), query_text[match.end() : match.end() + 1]
        if after in (":", "*") or match.group() == "OR":
            continue  # a scope, a prefix or an operator, not a word to correct
        if len(word) < MIN_LENGTH or word.isdigit() or known(word):
            continue
        if tried == MAX_CORRECTIONS or time.monotonic() > deadline:
            break
        tried += 1
        best = closest(word)
        if best and best != word:
            out += [query_text[cursor : match.start()], match_case(match.group(), best)]
            cursor, changed = match.end(), True
    return "".join(out) + query_text[cursor:] if changed else None
