"""The PostgreSQL backend: index rows in the database itself, searched with its full-text search.

Every server sharing the database shares the index: rows are written in the same
transaction as the document (``index_in_transaction``), so there is no gap after a
commit, nothing to rebuild on a new server, and an unpublished document leaves the
results when its transaction commits. Searches read through the database router (a
replica when one is configured); writes go to the primary.

Ranking: each query word scores idf × ts_rank (saturating term frequency, weights
A title 3, B heading 2, C text 1, length-normalised), summed over the words; see
bench/search_backends.py for the measurements on Cranfield that chose it.
"""

from __future__ import annotations

import math
import time

from django.db import connections, router, transaction

from portal.models import Document

from ..analysis import WORD_RE, fold
from ..schema import FACETS, entries_for_document, published_documents
from .base import BaseSearchBackend, EmptySearchResults, RawHit, SearchResults
from .postgres_query import EXACT_CONFIG, STEM_CONFIG, Compiled, compile_query, pre_split
from .postgres_sql import facet_sql

TABLE = "search_indexentry"
# ts_rank weights (at most 1) in its order {D, C, B, A}: authors, text 1, heading 2, title 3.
RANK_WEIGHTS = "{0.03, 0.33, 0.67, 1.0}"
# ts_rank normalisation: 1 divides by 1 + log(length of the passage).
RANK_NORMALISATION = 1
# Matches counted for a word's idf; beyond this a word is common and its idf small anyway.
DF_CAP = 10_000
STATS_SECONDS = 60.0
VECTOR = "setweight(to_tsvector('{cfg}', %(title)s), 'A') || setweight(to_tsvector('{cfg}', \
%(heading)s), 'B') || setweight(to_tsvector('{cfg}', %(text)s), 'C') || \
setweight(to_tsvector('{cfg}', %(authors_text)s), 'D')"
INSERT = f"""
INSERT INTO {TABLE} (entry_id, document_id, kind, digest, slug, authors, year, doc_type,
    part, date, length, stem, exact)
VALUES (%(id)s, %(document_id)s, %(kind)s, %(digest)s, %(slug)s, %(authors)s, %(year)s,
    %(type)s, %(in)s, %(date)s, %(length)s, {VECTOR.format(cfg=STEM_CONFIG)},
    {VECTOR.format(cfg=EXACT_CONFIG)})
"""
# New words of a document's text for suggestions; sorted, so concurrent writers take
# their row locks in the same order.
ADD_TERMS = f"""
INSERT INTO search_indexterm (word)
SELECT DISTINCT w FROM {TABLE}, unnest(tsvector_to_array(ts_filter(exact, '{{c}}'))) w
WHERE document_id = %s AND length(w) <= 200 ORDER BY w
ON CONFLICT DO NOTHING
"""
ALL_TERMS = f"""
INSERT INTO search_indexterm (word)
SELECT word FROM ts_stat('SELECT ts_filter(exact, ''{{c}}'') FROM {TABLE}')
WHERE length(word) <= 200 ORDER BY word
"""
VALUE_SEP = "\x1f"


class PostgresSearchBackend(BaseSearchBackend):
    supports_facets = True
    supports_phrase = True
    supports_highlight = True
    supports_suggest = True
    # The signal layer calls us inside the document's own transaction.
    index_in_transaction = True

    def __init__(self, alias: str, params: dict):
        super().__init__(alias, params)
        self._stats: tuple[float, int] | None = None

    def _read(self):
        return connections[router.db_for_read(Document)].cursor()

    def _write_alias(self) -> str:
        return router.db_for_write(Document)

    def close(self) -> None:
        """Nothing to release: the rows live in the database."""

    # Writing

    def index_document(self, document_id: int) -> None:
        document = Document.objects.filter(pk=document_id).first()
        entries = list(entries_for_document(document)) if document else []
        wanted = {e.id: e.digest for e in entries}
        alias = self._write_alias()
        with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
            if wanted == self._indexed(cursor, document_id):
                return  # already in step
            cursor.execute(f"DELETE FROM {TABLE} WHERE document_id = %s", [document_id])
            if entries:
                cursor.executemany(INSERT, [_row(entry) for entry in entries])
                cursor.execute(ADD_TERMS, [document_id])

    def delete_document(self, document_id: int) -> None:
        with connections[self._write_alias()].cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE} WHERE document_id = %s", [document_id])

    def _indexed(self, cursor, document_id: int) -> dict[str, str]:
        cursor.execute(
            f"SELECT entry_id, digest FROM {TABLE} WHERE document_id = %s", [document_id]
        )
        return dict(cursor.fetchall())

    def rebuild(self, chunk_size: int = 100, progress=None) -> int:
        """Replace every row in one transaction: readers see the old index until it commits."""
        alias, count = self._write_alias(), 0
        with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE}")
            for document in published_documents().iterator(chunk_size=chunk_size):
                rows = [_row(entry) for entry in entries_for_document(document)]
                if rows:
                    cursor.executemany(INSERT, rows)
                count += len(rows)
                if progress:
                    progress(document, count)
            cursor.execute("DELETE FROM search_indexterm")
            cursor.execute(ALL_TERMS)
        with connections[alias].cursor() as cursor:
            cursor.execute(f"ANALYZE {TABLE}")
        self._stats = None
        return count

    def check(self) -> list[str]:
        from .whoosh import _differences  # the same comparison for every backend

        expected: dict[str, tuple[int, str]] = {}
        for document in published_documents().iterator(chunk_size=200):
            for entry in entries_for_document(document):
                expected[entry.id] = (document.pk, entry.digest)
        with connections[self._write_alias()].cursor() as cursor:
            cursor.execute(f"SELECT entry_id, document_id, digest FROM {TABLE}")
            actual = {e: (pk, digest) for e, pk, digest in cursor.fetchall()}
        problems = _differences(expected, actual)
        return [f"{what}: {entry_id} (document {pk})" for entry_id, (pk, what) in problems.items()]

    def entry_count(self) -> int:
        """Rows in the index (the health check compares them with the published passages)."""
        with self._read() as cursor:
            cursor.execute(f"SELECT count(*) FROM {TABLE}")
            return cursor.fetchone()[0]

    # Reading

    def search(self, query, filters=None, page=1, page_size=20, sort="relevance", q=""):
        query, q = self.prepare(query, q)
        filters = {k: list(v) for k, v in (filters or {}).items() if v and k in FACETS}
        compiled = compile_query(query)
        if compiled is None:
            return EmptySearchResults(query=q, page=page, page_size=page_size)
        with self._read() as cursor:
            score_sql, score_params = self._score(cursor, compiled)
            sql, params = facet_sql(compiled, score_sql, score_params, filters, sort)
            cursor.execute(sql, [*params, page_size, (page - 1) * page_size])
            rows = cursor.fetchall()
        counts: dict[str, dict[str, int]] = {name: {} for name in FACETS}
        raw, total = [], 0
        for facet, value, n, score in rows:
            if facet == "":
                total = n
            elif facet == "hit":
                raw.append(RawHit(value, score))
            else:
                counts[facet][value] = n
        return SearchResults(
            query=q,
            total=total,
            page=page,
            page_size=page_size,
            hits=self.build_hits(raw, query, q, counts["document"]),
            facets=self.facet_values(counts, filters),
        )

    def _score(self, cursor, compiled: Compiled) -> tuple[str, list]:
        """Σ idf(word) × ts_rank(passage, word) over the query's positive words."""
        n = self._entry_count(cursor)
        parts, params = [], []
        for leaf, df in zip(compiled.leaves, self._dfs(cursor, compiled), strict=True):
            idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
            parts.append(
                f"%s * ts_rank('{RANK_WEIGHTS}', {leaf.column}, "
                f"to_tsquery('{leaf.config}', %s), {RANK_NORMALISATION})"
            )
            params += [idf, leaf.tsquery]
        return " + ".join(parts) or "0", params

    def _dfs(self, cursor, compiled: Compiled) -> list[int]:
        if not compiled.leaves:
            return []
        counts = []
        for leaf in compiled.leaves:
            sql, params = leaf.sql()
            counts.append(
                (
                    f"(SELECT count(*) FROM (SELECT 1 FROM {TABLE} WHERE {sql} LIMIT {DF_CAP}) s)",
                    params,
                )
            )
        cursor.execute(
            "SELECT " + ", ".join(c for c, _ in counts), [p for _, ps in counts for p in ps]
        )
        return list(cursor.fetchone())

    def _entry_count(self, cursor) -> int:
        now = time.monotonic()
        if self._stats is None or now - self._stats[0] > STATS_SECONDS:
            cursor.execute(f"SELECT count(*) FROM {TABLE}")
            self._stats = (now, cursor.fetchone()[0])
        return max(1, self._stats[1])

    def suggest(self, query_text: str) -> str | None:
        """Replace each word the index does not hold with its closest indexed word."""
        changed, out, cursor_at = False, [], 0
        with self._read() as cursor:
            for match in WORD_RE.finditer(query_text):
                word, after = fold(match.group()), query_text[match.end() : match.end() + 1]
                if after in (":", "*") or match.group() == "OR":
                    continue  # a scope, a prefix or an operator, not a word to correct
                if len(word) < 3 or word.isdigit() or _known(cursor, word):
                    continue
                best = _closest(cursor, word)
                if best and best != word:
                    out += [query_text[cursor_at : match.start()], best]
                    cursor_at, changed = match.end(), True
        return "".join(out) + query_text[cursor_at:] if changed else None


def _known(cursor, word: str) -> bool:
    cursor.execute("SELECT 1 FROM search_indexterm WHERE word = %s", [word])
    return cursor.fetchone() is not None


def _closest(cursor, word: str) -> str | None:
    """The most similar indexed word by trigrams, within two edits, same first letter."""
    cursor.execute(
        "SELECT word FROM search_indexterm WHERE word %% %s AND left(word, 1) = left(%s, 1) "
        "ORDER BY similarity(word, %s) DESC, word LIMIT 20",
        [word, word, word],
    )
    for (candidate,) in cursor.fetchall():
        if _edits(word, candidate) <= 2:
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


def _row(entry) -> dict:
    return {
        "id": entry.id,
        "document_id": entry.document_id,
        "kind": entry.kind,
        "digest": entry.digest,
        "slug": entry.facets["document"],
        "authors": VALUE_SEP.join(entry.authors),
        "year": entry.facets["year"],
        "type": entry.facets["type"],
        "in": entry.facets["in"],
        "date": entry.facets["date"],
        "length": len(WORD_RE.findall(entry.heading)) + len(WORD_RE.findall(entry.text)),
        "title": pre_split(entry.title),
        "heading": pre_split(entry.heading),
        "text": pre_split(entry.text),
        "authors_text": pre_split(" ".join(entry.authors)),
    }
