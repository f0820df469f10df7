"""Suggestions for the PostgreSQL backend: trigram similarity over the index's words.

``search_indexterm`` holds the folded words of the passages' text: filled from
``ts_stat`` on a rebuild and with each document's new words as it is indexed. Words
of deleted, unpublished or edited passages stay in it until the next rebuild (a
deleted document's entries go by cascade, before any code could collect their
words), so a word counts only while an entry still holds it: a lookup in the GIN
index of ``exact``, in the reader's own snapshot (on the standby too, no writes).
"""

from __future__ import annotations

from functools import partial

from ..corrections import correct

TABLE = "search_indexentry"
MAX_WORD = 200
# New words of some entries; sorted, so concurrent writers take row locks in one order.
STEM = "coalesce((ts_lexize('lectern_english_stem', {0}))[1], {0})"
ADD_TERMS = f"""
INSERT INTO search_indexterm (word, stem)
SELECT w, {STEM.format("w")} FROM (
    SELECT DISTINCT w FROM {TABLE}, unnest(tsvector_to_array(ts_filter(exact, '{{c}}'))) w
    WHERE entry_id = ANY(%s) AND length(w) <= {MAX_WORD}) new ORDER BY w
ON CONFLICT DO NOTHING
"""
ALL_TERMS = f"""
INSERT INTO search_indexterm (word, stem)
SELECT word, {STEM.format("word")} FROM ts_stat('SELECT ts_filter(exact, ''{{c}}'') FROM {TABLE}')
WHERE length(word) <= {MAX_WORD} ORDER BY word
"""


# The word is in the vocabulary and some entry's text (weight C, the words ADD_TERMS
# takes) still holds it; the tsquery is a parameter, so the planner knows how common
# the word is (a scan that stops at the first row for "the", the GIN index for rare ones).
KNOWN = f"""
SELECT 1 FROM search_indexterm WHERE word = %s
AND EXISTS (SELECT 1 FROM {TABLE} WHERE exact @@ %s::tsquery)
"""
CANDIDATES = """
SELECT word FROM search_indexterm
WHERE word %% %s AND left(word, 1) = left(%s, 1)
ORDER BY similarity(word, %s) DESC, word LIMIT 20
"""
MAX_EDITS = 2


def suggest(cursor, query_text: str, analysis) -> str | None:
    """Correct the words the index does not hold (bounded: ``search.corrections``)."""
    return correct(query_text, analysis.fold, partial(_known, cursor), partial(_closest, cursor))


def _known(cursor, word: str) -> bool:
    cursor.execute(KNOWN, [word, _lexeme(word, weight="C")])
    return cursor.fetchone() is not None


def _lexeme(word: str, weight: str) -> str:
    """A tsquery of one lexeme, taken as it is (quotes and backslashes escaped)."""
    escaped = word.replace("\\", "\\\\").replace("'", "''")
    return f"'{escaped}':{weight}"


def _closest(cursor, word: str) -> str | None:
    """The most similar indexed word by trigrams, within two edits, same first letter,
    that some entry still holds."""
    cursor.execute(CANDIDATES, [word, word, word])
    for (candidate,) in cursor.fetchall():
        if _edits(word, candidate) <= MAX_EDITS and _known(cursor, candidate):
            return candidate
    return None


def _edits(a: str, b: str) -> int:
    """Levenshtein distance (short words: the plain dynamic programme is enough)."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]
