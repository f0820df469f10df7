"""The PostgreSQL backend's analysis: its text search configurations, and the same rules
for the matcher, so that snippets mark exactly the words PostgreSQL matched.

Created by ``search/migrations/0001_index_entry.py``:

- ``lectern_exact``: ``unaccent`` then ``simple`` — folded words, every one kept, for
  phrases ("right to self-determination" is not "right of self-determination"),
  prefixes and names;
- ``lectern_stem``: ``unaccent`` then Snowball English without a stop list — stems for
  word queries (states ~ state). Which query words count is decided here, as for every
  backend (``Analysis.query_stops``), so the index needs no stop list;
- ``lectern_stem_fr``, ``lectern_stem_de``... (``search/migrations/0003``): the same
  with the Snowball stemmer of each language in ``search.analysis.STEMMERS``. An entry's
  ``stem`` vector is made with its document's language (``config_of``; a language
  without a stemmer uses ``lectern_exact``), and its ``language`` column says which,
  so a query looks each language's stems up in that language's entries only.

Both read text that ``pre_split`` has cut into our words, so PostgreSQL's parser sees
the words the matcher sees. The matcher's stems come from PostgreSQL itself: the
index's vocabulary with its stems (``search_indexterm``) read once per process, any
other word by ``ts_lexize``; another language's stems are in ``search_indexterm.stems``.
"""

from __future__ import annotations

import json
import threading
import unicodedata
from functools import lru_cache

from django.db import connections, router

from ..analysis import DEFAULT_LANGUAGE, STEMMERS, UNSTEMMED, WORD_RE, Analysis

STEM_CONFIG, EXACT_CONFIG = "lectern_stem", "lectern_exact"
STEM_DICTIONARY = "lectern_english_stem"
MAX_CACHED = 1_000_000
# Letters unaccent folds that Unicode decomposition leaves alone.
EXTRA_FOLDS = str.maketrans(
    {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ħ": "h", "ı": "i", "þ": "th"}
)
STEMS_OF_WORDS = "SELECT w, (ts_lexize(%s::regdictionary, w))[1] FROM unnest(%s::text[]) w"
# The whole vocabulary with its stems (search_indexterm, kept by the backend).
VOCABULARY = "SELECT word, stem, stems FROM search_indexterm"


def config_of(language: str) -> str:
    """The text search configuration of ``stem`` vectors in ``language`` (a stemmer code)."""
    if language == DEFAULT_LANGUAGE:
        return STEM_CONFIG
    return EXACT_CONFIG if language == UNSTEMMED else f"lectern_stem_{language}"


def dictionary_of(language: str) -> str:
    """The Snowball dictionary of a stemmed language (``lectern_french_stem``)."""
    return f"lectern_{STEMMERS[language]}_stem"


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
        self._stems: dict[tuple[str, str], str] = {}  # (language, word) -> stem
        self._loaded = False
        self._lock = threading.Lock()

    def fold(self, word: str) -> str:
        """Lower case without accents, as ``unaccent`` and ``simple`` make it."""
        lowered = word.lower().translate(EXTRA_FOLDS)
        return lowered if lowered.isascii() else "".join(map(_unaccent, lowered))

    def stem(self, folded: str, language: str = DEFAULT_LANGUAGE) -> str:
        if language == UNSTEMMED:
            return folded
        key = (language, folded)
        stem = self._stems.get(key)
        if stem is None:
            if not self._loaded:
                self._loaded = True  # the vocabulary once per process: one query
                self._load()
            if key not in self._stems:  # a heading's word, or a new one
                self._fetch(STEMS_OF_WORDS, [dictionary_of(language), [folded]], language)
            stem = self._stems.get(key, folded)
        return stem

    def _rows(self, sql: str, params: list) -> list:
        from portal.models import Document

        with connections[router.db_for_read(Document)].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def _load(self) -> None:
        found = {}
        for word, stem, others in self._rows(VOCABULARY, []):
            found[DEFAULT_LANGUAGE, word] = stem or word
            if isinstance(others, str):  # Django reads jsonb as text
                others = json.loads(others)
            for language, other in (others or {}).items():
                found[language, word] = other or word
        self._remember(found)

    def _fetch(self, sql: str, params: list, language: str) -> None:
        rows = self._rows(sql, params)
        self._remember({(language, word): stem or word for word, stem in rows})

    def _remember(self, found: dict) -> None:
        with self._lock:
            if len(self._stems) + len(found) > MAX_CACHED:
                self._stems.clear()
            self._stems.update(found)


@lru_cache(maxsize=4096)
def _unaccent(char: str) -> str:
    """One character as ``unaccent`` leaves it: accents off Latin and Greek letters, but
    Cyrillic kept but for ё (й stays й, as Russian's stemmer needs)."""
    if "\u0400" <= char <= "\u04ff" and char not in "ёЁ":
        return char
    decomposed = unicodedata.normalize("NFKD", char)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


POSTGRES_ANALYSIS = PostgresAnalysis()
