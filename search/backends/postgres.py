"""The PostgreSQL backend: index rows in the database itself, searched with its full-text search.

Every server sharing the database shares the index. Rows are written in the same
transaction as the document (``index_in_transaction``): no gap after a commit, nothing
to rebuild on a new server, and an unpublished document leaves the results when its
transaction commits. Searches read through the database router (the standby when
DATABASE_REPLICA_URL is set, see portal/routers.py); writes go to the primary.

Ranking: each query word scores idf × ts_rank (a saturating term frequency over the
weights A title 3, B heading 2, C text 1, normalised by the passage's length), summed
over the words; bench/search_backends.py measures it on Cranfield beside Whoosh's BM25F.

Languages: each entry's ``stem`` vector is made with its document's language
(``postgres_analysis.config_of``) and its ``language`` column holds that stemmer's
code; a query looks plain words up in every language the index holds (read from the
column's btree index: a few rows whatever the size of the index).
"""

from __future__ import annotations

import json
import math
import time

from django.core.checks import Error
from django.db import connections, router, transaction

from portal.models import Document, Footnote

from ..analysis import DEFAULT_LANGUAGE, STEMMERS, UNSTEMMED, WORD_RE, stemmer_of
from ..languages import query_languages
from ..schema import entries_for_document, entry_id, parse_entry_id, published_documents
from .base import BaseSearchBackend, EmptySearchResults, RawHit
from .postgres_analysis import (
    EXACT_CONFIG,
    POSTGRES_ANALYSIS,
    STEM_DICTIONARY,
    config_of,
    pre_split,
)
from .postgres_query import Compiled, compile_query
from .postgres_sql import page_sql
from .postgres_suggest import ADD_TERMS, ALL_TERMS, MAX_WORD, suggest

TABLE = "search_indexentry"
# Stemmer code -> Snowball name, for the names of the dictionaries (LANGUAGE_STEMS).
NAMES = json.dumps(STEMMERS)
# ts_rank weights (at most 1) in its order {D, C, B, A}: authors, text 1, heading 2, title 3.
RANK_WEIGHTS = "{0.03, 0.33, 0.67, 1.0}"
# ts_rank normalisation: 1 divides by 1 + log(length of the passage).
RANK_NORMALISATION = 1
# Matches counted for a word's idf; a word past this is common and its idf small anyway.
DF_CAP = 10_000
STATS_SECONDS = 60.0
NOTE_ORDINALS = 1_000_000  # notes come after every section in reading order
VECTOR = " || ".join(
    f"setweight(to_tsvector({{cfg}}, %({field})s), '{weight}')"
    for field, weight in (("title", "A"), ("heading", "B"), ("text", "C"), ("names", "D"))
)
INSERT = f"""
INSERT INTO {TABLE} (entry_id, document_id, kind, digest, facets, date, length, duplicate,
    ordinal, language, stem, exact)
VALUES (%(id)s, %(document_id)s, %(kind)s, %(digest)s, %(facets)s::jsonb, %(date)s,
    %(length)s, %(duplicate)s, %(ordinal)s, %(language)s,
    {VECTOR.format(cfg="%(config)s::regconfig")}, {VECTOR.format(cfg=f"'{EXACT_CONFIG}'")})
"""
# The distinct stemmers of the entries, by skipping through the btree index of the column.
LANGUAGES = f"""
WITH RECURSIVE found(language) AS (
    (SELECT language FROM {TABLE} ORDER BY language LIMIT 1)
    UNION ALL
    SELECT (SELECT language FROM {TABLE} WHERE language > found.language
            ORDER BY language LIMIT 1)
    FROM found WHERE found.language IS NOT NULL
) SELECT language FROM found WHERE language IS NOT NULL
"""
# The stems of the words of entries in stemmed languages other than English, for the
# matcher (``search_indexterm.stems``: {language: stem}); ``{where}`` picks the entries.
# In word order, so concurrent writers take row locks in one order.
LANGUAGE_STEMS = f"""
INSERT INTO search_indexterm (word, stem, stems)
SELECT w, coalesce((ts_lexize('{STEM_DICTIONARY}', w))[1], w), jsonb_object_agg(language,
    coalesce((ts_lexize(('lectern_' || name || '_stem')::regdictionary, w))[1], w))
FROM (SELECT DISTINCT e.language, w FROM {TABLE} e,
        unnest(tsvector_to_array(ts_filter(e.exact, '{{{{c}}}}'))) w
      WHERE {{where}} AND e.language NOT IN ('{DEFAULT_LANGUAGE}', '{UNSTEMMED}')
        AND length(w) <= {MAX_WORD}) x
JOIN jsonb_each_text(%s::jsonb) names(code, name) ON code = x.language
GROUP BY w ORDER BY w
ON CONFLICT (word) DO UPDATE
SET stems = coalesce(search_indexterm.stems, '{{{{}}}}') || EXCLUDED.stems
WHERE NOT coalesce(search_indexterm.stems, '{{{{}}}}') @> EXCLUDED.stems
"""


class PostgresSearchBackend(BaseSearchBackend):
    supports_facets = True
    supports_phrase = True
    supports_highlight = True
    supports_suggest = True
    supports_sort_date = True
    # search.signals writes our rows inside the document's own transaction.
    index_in_transaction = True
    analysis = POSTGRES_ANALYSIS

    def __init__(self, alias: str, params: dict):
        super().__init__(alias, params)
        self._count: tuple[float, int] | None = None

    def _reader(self):
        return connections[router.db_for_read(Document)].cursor()

    def _writer(self):
        return connections[router.db_for_write(Document)].cursor()

    # Writing

    def index_document(self, document_id: int) -> None:
        """Bring a document's rows in step, rewriting only the entries that changed."""
        document = Document.objects.filter(pk=document_id).first()
        entries = {e.id: e for e in entries_for_document(document)} if document else {}
        with transaction.atomic(using=router.db_for_write(Document)), self._writer() as cursor:
            cursor.execute(
                f"SELECT entry_id, digest FROM {TABLE} WHERE document_id = %s", [document_id]
            )
            stored = dict(cursor.fetchall())
            stale = [
                e for e, digest in stored.items() if getattr(entries.get(e), "digest", 0) != digest
            ]
            new = [e for e in entries.values() if stored.get(e.id) != e.digest]
            self._replace(cursor, stale, new)

    def index_part(self, part) -> None:
        """Rewrite the entry of one section or note (saved or deleted) in this transaction."""
        kind = "note" if isinstance(part, Footnote) else "body"
        document = Document.objects.filter(pk=part.document_id).first()
        exists = type(part).objects.filter(pk=part.pk).exists()
        pks = ({part.pk}, set()) if kind == "body" else (set(), {part.pk})
        entries = list(entries_for_document(document, parts=pks)) if document and exists else []
        with transaction.atomic(using=router.db_for_write(Document)), self._writer() as cursor:
            self._replace(cursor, [entry_id(kind, part.pk)], entries)

    def _replace(self, cursor, old_ids: list[str], entries: list) -> None:
        if old_ids:
            cursor.execute(f"DELETE FROM {TABLE} WHERE entry_id = ANY(%s)", [old_ids])
        if entries:
            ordinals = _ordinals(entries)
            cursor.executemany(INSERT, [_row(entry, ordinals) for entry in entries])
            cursor.execute(ADD_TERMS, [[e.id for e in entries]])
            if any(_stemmed_other(e) for e in entries):
                where = "e.entry_id = ANY(%s)"
                cursor.execute(LANGUAGE_STEMS.format(where=where), [[e.id for e in entries], NAMES])

    def delete_document(self, document_id: int) -> None:
        with self._writer() as cursor:
            cursor.execute(f"DELETE FROM {TABLE} WHERE document_id = %s", [document_id])

    def rebuild(self, chunk_size: int = 100, progress=None) -> int:
        """Replace every row in one transaction: readers see the old index until it commits."""
        count = 0
        with transaction.atomic(using=router.db_for_write(Document)), self._writer() as cursor:
            cursor.execute(f"DELETE FROM {TABLE}")
            for document in published_documents().iterator(chunk_size=chunk_size):
                entries = list(entries_for_document(document))
                ordinals = _ordinals(entries)
                rows = [_row(entry, ordinals) for entry in entries]
                if rows:
                    cursor.executemany(INSERT, rows)
                count += len(rows)
                if progress:
                    progress(document, count)
            cursor.execute("DELETE FROM search_indexterm")
            cursor.execute(ALL_TERMS)
            cursor.execute(LANGUAGE_STEMS.format(where="TRUE"), [NAMES])
        with self._writer() as cursor:
            cursor.execute(f"ANALYZE {TABLE}")  # fresh planner statistics for the GIN indexes
        self._count = None
        return count

    def indexed_entries(self) -> dict[str, tuple[int, str]]:
        with self._writer() as cursor:
            cursor.execute(f"SELECT entry_id, document_id, digest FROM {TABLE}")
            return {entry: (pk, digest) for entry, pk, digest in cursor.fetchall()}

    def check(self, **kwargs) -> list:
        """search.E005: this backend needs its rows' database to be PostgreSQL."""
        vendor = connections[router.db_for_write(Document)].vendor
        if vendor == "postgresql":
            return []
        hint = "Unset SEARCH_BACKEND: on this database search uses Whoosh."
        message = f"The PostgreSQL search backend cannot search a {vendor} database."
        return [Error(message, hint=hint, id="search.E005")]

    def entry_count(self) -> int:
        """Rows in the index (the health check compares them with the published passages)."""
        with self._reader() as cursor:
            cursor.execute(f"SELECT count(*) FROM {TABLE}")
            return cursor.fetchone()[0]

    # Reading

    def search(self, query, filters=None, page=1, page_size=20, sort="relevance", q=""):
        query, q = self.prepare(query, q)
        filters = {k: list(v) for k, v in (filters or {}).items() if v}
        with self._reader() as cursor:
            compiled = compile_query(query, self._languages(cursor))
            if compiled is None:
                return EmptySearchResults(query=q, page=page, page_size=page_size)
            score_sql, score_params = self._score(cursor, compiled)
            sql, params = page_sql(compiled, score_sql, score_params, filters, sort)
            cursor.execute(sql, [*params, page_size, (page - 1) * page_size])
            rows = cursor.fetchall()
        counts: dict[str, dict[str, int]] = {}
        raw, total = [], 0
        for facet, value, n, score, also in rows:
            if facet == "":
                total = n
            elif facet == "hit":
                raw.append(hit := RawHit(value, score))
                if also:
                    hit.also = tuple(also)  # notes with the same words, folded into it
            else:
                counts.setdefault(facet, {})[value] = n
        return self.results(
            raw, query, q, counts, filters, total=total, page=page, page_size=page_size
        )

    def _score(self, cursor, compiled: Compiled) -> tuple[str, list]:
        """Σ idf(word) × ts_rank(passage, word) over the query's positive words."""
        n = self._entries(cursor)
        parts, params = [], []
        for leaf, df in zip(compiled.leaves, self._dfs(cursor, compiled), strict=True):
            idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
            rank, rank_params = leaf.rank_sql(RANK_WEIGHTS, RANK_NORMALISATION)
            parts.append(f"%s * {rank}")
            params += [idf * leaf.weight, *rank_params]
        return " + ".join(parts) or "0", params

    def _dfs(self, cursor, compiled: Compiled) -> list[int]:
        """How many entries match each leaf (up to DF_CAP), in one round trip."""
        if not compiled.leaves:
            return []
        counts, params = [], []
        for leaf in compiled.leaves:
            sql, leaf_params = leaf.sql()
            counts.append(
                f"(SELECT count(*) FROM (SELECT 1 FROM {TABLE} WHERE {sql} LIMIT {DF_CAP}) s)"
            )
            params += leaf_params
        cursor.execute("SELECT " + ", ".join(counts), params)
        return list(cursor.fetchone())

    @staticmethod
    def _languages(cursor) -> tuple[str, ...]:
        """The stemmers of the entries' languages: English first, and always."""
        cursor.execute(LANGUAGES)
        return query_languages(code for (code,) in cursor.fetchall())

    def _entries(self, cursor) -> int:
        """The number of entries, re-counted at most once a minute (for idf)."""
        now = time.monotonic()
        if self._count is None or now - self._count[0] > STATS_SECONDS:
            cursor.execute(f"SELECT count(*) FROM {TABLE}")
            self._count = (now, cursor.fetchone()[0])
        return max(1, self._count[1])

    def suggest(self, query_text: str) -> str | None:
        with self._reader() as cursor:
            return suggest(cursor, query_text, self.analysis)


def _ordinals(entries) -> dict[str, int]:
    """Reading order of entries (sections, then notes, by position), for folding duplicates."""
    notes = [parse_entry_id(e.id)[1] for e in entries if e.kind == "note"]
    positions = dict(Footnote.objects.filter(pk__in=notes).values_list("pk", "position"))
    return {entry_id("note", pk): NOTE_ORDINALS + p for pk, p in positions.items()}


def _stemmed_other(entry) -> bool:
    """An entry stemmed in a language other than English."""
    return stemmer_of(entry.language) not in (DEFAULT_LANGUAGE, UNSTEMMED)


def _row(entry, ordinals: dict[str, int]) -> dict:
    facets = {k: list(v) if isinstance(v, tuple) else v for k, v in entry.facets.items()}
    return {
        "id": entry.id,
        "document_id": entry.document_id,
        "kind": entry.kind,
        "digest": entry.digest,
        "facets": json.dumps(facets),
        "date": entry.facets.get("date", ""),
        "length": len(WORD_RE.findall(entry.heading)) + len(WORD_RE.findall(entry.text)),
        "duplicate": getattr(entry, "duplicate_key", ""),
        "ordinal": ordinals.get(entry.id, 0),
        "language": stemmer_of(entry.language),
        "config": config_of(stemmer_of(entry.language)),
        "title": pre_split(entry.title),
        "heading": pre_split(entry.heading),
        "text": pre_split(entry.text),
        "names": pre_split(" ; ".join(entry.authors)),
    }
