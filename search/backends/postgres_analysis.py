"""The PostgreSQL backend's analysis: its text search configurations, and the same rules
for the matcher, so that snippets mark exactly the words PostgreSQL matched.

Created by ``search/migrations/0001_index_entry.py``:

- ``lectern_exact``: ``unaccent`` then ``simple`` — folded words, every one kept, for
  phrases ("right to self-determination" is not "right of self-determination"),
  prefixes and names;
- ``lectern_stem``: ``unaccent`` then Snowball English without a stop list — stems for
  word queries (states ~ state). Which query words count is decided here, as for every
  backend (``Analysis.query_stops``), so the index needs no stop list.

Both read text that ``pre_split`` has cut into our words, so PostgreSQL's parser sees
the words the matcher sees. The matcher's stems come from PostgreSQL itself: the
index's vocabulary with its stems (``search_indexterm``) read once per process, any
other word by ``ts_lexize``.
"""

from __future__ import annotations

import threading
import unicodedata

from django.db import connections, router

from ..analysis import WORD_RE, Analysis

STEM_CONFIG, EXACT_CONFIG = "lectern_stem", "lectern_exact"
STEM_DICTIONARY = "lectern_english_stem"
MAX_CACHED = 1_000_000
# Letters unaccent folds that Unicode decomposition leaves alone.
EXTRA_FOLDS = str.maketrans(
    {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ħ": "h", "ı": "i", "þ": "th"}
)
STEMS_OF_WORDS = f"SELECT w, (ts_lexize('{STEM_DICTIONARY}', w))[1] FROM unnest(%s::text[]) w"
# The whole vocabulary with its stems (search_indexterm, kept by the backend).
VOCABULARY = "SELECT word, stem FROM search_indexterm"


def pre_split(text: str) -> str:
    """Our words joined by spaces, for PostgreSQL's parser.

    Its own parser keeps "self-determination" whole beside its parts, and reads URLs
    and e-mail addresses as single tokens; the matcher would not mark those.
    """
    return " ".join(WORD_RE.findall(text))


class PostgresAnalysis(Analysis):
    index_stops = frozenset()  # the stemmed vector keeps every word
    min_word = 1

    def __init__(self):
        self._stems: dict[str, str] = {}
        self._loaded = False
        self._lock = threading.Lock()

    def fold(self, word: str) -> str:
        """Lower case without accents, as ``unaccent`` and ``simple`` make it."""
        decomposed = unicodedata.normalize("NFKD", word.lower().translate(EXTRA_FOLDS))
        return "".join(c for c in decomposed if not unicodedata.combining(c))

    def stem(self, folded: str) -> str:
        stem = self._stems.get(folded)
        if stem is None:
            if not self._loaded:
                self._loaded = True  # the vocabulary once per process: one query
                self._fetch(VOCABULARY, [])
            if folded not in self._stems:
                self._fetch(STEMS_OF_WORDS, [[folded]])  # a heading's word, or a new one
            stem = self._stems.get(folded, folded)
        return stem

    def _fetch(self, sql: str, params: list) -> None:
        from portal.models import Document

        with connections[router.db_for_read(Document)].cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        with self._lock:
            if len(self._stems) + len(rows) > MAX_CACHED:
                self._stems.clear()
            self._stems.update((word, stem or word) for word, stem in rows)


POSTGRES_ANALYSIS = PostgresAnalysis()
