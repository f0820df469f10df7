"""The tantivy backend: a Rust index under ``OPTIONS["PATH"]/tantivy``, for libraries
that outgrow Whoosh on one machine (chosen in settings; Whoosh stays the default).

    SEARCH_BACKEND=tantivy manage.py rebuild_index

Same layout as the Whoosh backend: ``current`` links to the live ``gen-<n>``; a rebuild
fills a new generation and swaps the link. A process writes through one short-lived
writer at a time (tantivy's lock keeps other processes out; we wait for it with a
timeout), and its reader reloads when the index's ``meta.json`` changed, which is how
commits from other processes show. Scoring, totals and facet counts all run in tantivy;
hits are filled in and highlighted from the database by the shared base class.
"""

from __future__ import annotations

import contextlib
import json
import logging
import shutil
import threading
import time
from pathlib import Path

import tantivy
from django.core.checks import CheckMessage, Error
from django.db.models import Max

from portal.models import Document

from ..exceptions import SearchIndexError
from ..results import facet_values
from ..schema import FACETS, entries_for_document, published_documents
from .base import BaseSearchBackend, EmptySearchResults, RawHit
from .tantivy_query import Translator, must
from .tantivy_schema import TANTIVY_ANALYSIS, open_index, tantivy_documents
from .tantivy_suggest import Suggester
from .whoosh import IndexDirectory, WhooshSearchBackend, _chunked

logger = logging.getLogger(__name__)

LOCK_TIMEOUT = 30.0
LOCK_DELAY = 0.05
# Writer memory: small for a document's update, larger (and threaded) for a rebuild.
UPDATE_HEAP, REBUILD_HEAP, REBUILD_THREADS = 30_000_000, 200_000_000, 2
# Values one facet may list (a terms aggregation's bucket count).
FACET_SIZE = 10_000
OPEN_RETRIES = 8


class TantivyDirectory(IndexDirectory):
    def create(self, target: Path) -> None:
        open_index(target)


class TantivySearchBackend(BaseSearchBackend):
    supports_facets = True
    supports_phrase = True
    supports_highlight = True
    supports_suggest = True
    supports_sort_date = True
    analysis = TANTIVY_ANALYSIS

    def __init__(self, alias: str, params: dict):
        super().__init__(alias, params)
        self.directory = TantivyDirectory(Path(self.options["PATH"]) / "tantivy")
        self._lock = threading.RLock()
        self._write_lock = threading.Lock()
        self._index: tantivy.Index | None = None
        self._path: Path | None = None
        self._stamp = None
        self._searcher: tantivy.Searcher | None = None
        self._suggester: Suggester | None = None
        self._titles: dict[str, str] | None = None

    # Reading

    def open_index(self) -> tantivy.Index:
        with self._lock:
            live = self.directory.live()
            if self._index is None or live != self._path:
                self._index, self._path, self._stamp = _open(live), live, None
                self._searcher = None
            return self._index

    def searcher(self) -> tantivy.Searcher:
        """The process's searcher, reloaded when a commit (ours or another's) changed it."""
        for attempt in range(OPEN_RETRIES):
            try:
                return self._current()
            except (OSError, ValueError):
                # A rebuild elsewhere swapped generations and removed the one we had.
                self.close()
                time.sleep(0.005 * (attempt + 1))
        return self._current()

    def _current(self) -> tantivy.Searcher:
        with self._lock:
            index = self.open_index()
            stamp = _meta_stamp(self._path)
            if self._searcher is None or stamp != self._stamp:
                index.reload()
                self._searcher, self._stamp = index.searcher(), stamp
                self._suggester = self._titles = None
            return self._searcher

    def close(self) -> None:
        with self._lock:
            self._index = self._searcher = self._suggester = self._titles = None
            self._path = self._stamp = None

    def search(self, query, filters=None, page=1, page_size=20, sort="relevance", q=""):
        query, q = self.prepare(query, q)
        filters = {k: list(v) for k, v in (filters or {}).items() if v}
        searcher = self.searcher()
        translator = Translator(self._index.schema, searcher)
        main, scored = translator.scored(query)
        if main is None:
            return EmptySearchResults(query=q, page=page, page_size=page_size)
        wanted = translator.filter(filters)
        start = (page - 1) * page_size
        if sort == "date":
            found = searcher.search(
                must([main, wanted]),
                limit=page_size,
                offset=start,
                order_by_field="date_key",
                order=tantivy.Order.Desc,
            )
            # Ordered by date; each hit's relevance still shown, explained one by one.
            ranked = must([scored, wanted])
            raw = [_raw(searcher, a, _score(ranked, searcher, a)) for _k, a in found.hits]
        else:
            found = searcher.search(must([scored, wanted]), limit=page_size, offset=start)
            raw = [_raw(searcher, a, score) for score, a in found.hits]
        counts = self._facet_counts(searcher, translator, main, filters)
        return self.results(
            raw,
            query,
            q,
            counts,
            filters,
            total=found.count,
            page=page,
            page_size=page_size,
            approximate=translator.capped,
        )

    @staticmethod
    def _facet_counts(searcher, translator, main, filters) -> dict[str, dict[str, int]]:
        """Multi-select counts: each facet with every *other* selected filter applied.

        Facets needing the same filters share one aggregation pass.
        """
        groups: dict[tuple[str, ...], list[str]] = {}
        for name in FACETS:
            groups.setdefault(tuple(k for k in filters if k != name), []).append(name)
        counts = {}
        for others, names in groups.items():
            scope = must([main, translator.filter({k: filters[k] for k in others})])
            spec = {n: {"terms": {"field": n, "size": FACET_SIZE}} for n in names}
            for name, result in searcher.aggregate(scope, spec).items():
                counts[name] = {b["key"]: b["doc_count"] for b in result["buckets"]}
        return counts

    def facet_values(self, counts, filters) -> dict:
        """Document titles read once per index version, not a query of every slug a
        search's facet lists (a title edit re-indexes its document, so a new version)."""
        with self._lock:
            if self._titles is None:
                self._titles = dict(Document.objects.values_list("slug", "title"))
            titles = self._titles
        return facet_values(counts, filters, {"document": titles})

    def suggest(self, query_text: str) -> str | None:
        """Replace each word the index does not hold with its closest indexed word."""
        searcher = self.searcher()
        with self._lock:
            if self._suggester is None:
                self._suggester = Suggester(searcher, "text_exact")
            suggester = self._suggester
        return suggester.suggest(query_text)

    # Writing

    @contextlib.contextmanager
    def _writer(self, heap: int = UPDATE_HEAP, threads: int = 1, index=None):
        """A writer for the live index (or ``index``), committed when the block ends."""
        index = index or self.open_index()
        with self._write_lock:
            writer = _acquire(index, heap, threads)
            try:
                yield writer
                writer.commit()
            except BaseException:
                writer.rollback()
                raise
            finally:
                writer.wait_merging_threads()  # releases the lock for other processes

    def index_document(self, document_id: int) -> None:
        self.index_documents([document_id])

    def index_documents(self, document_ids) -> None:
        """Replace the entries of each changed document, in one commit."""
        changes = {}
        for document_id in document_ids:
            document = Document.objects.filter(pk=document_id).first()
            entries = list(entries_for_document(document)) if document else []
            if {e.id: e.digest for e in entries} != self._indexed(document_id):
                changes[document_id] = entries
        if not changes:
            return  # already in step: spare the write lock
        with self._writer() as writer:
            for document_id, entries in changes.items():
                writer.delete_documents_by_query(self._by_document(document_id))
                for doc in tantivy_documents(entries):
                    writer.add_document(doc)

    def delete_document(self, document_id: int) -> None:
        if not self._indexed(document_id):
            return
        with self._writer() as writer:
            writer.delete_documents_by_query(self._by_document(document_id))

    def _by_document(self, document_id: int) -> tantivy.Query:
        return tantivy.Query.term_query(self.open_index().schema, "doc_pk", document_id)

    def _indexed(self, document_id: int) -> dict[str, str]:
        searcher = self.searcher()
        return dict(_stored(searcher, self._by_document(document_id), "id", "digest"))

    # Rebuild and check

    def rebuild(self, chunk_size: int = 100, progress=None) -> int:
        """Build a fresh generation from the database, swap it in, then catch up."""
        started = Document.objects.aggregate(latest=Max("updated"))["latest"]
        target = self.directory.new_generation()
        count = 0
        try:
            index = open_index(target)
            with self._writer(REBUILD_HEAP, REBUILD_THREADS, index=index) as writer:
                for document in _chunked(published_documents(), chunk_size):
                    for doc in tantivy_documents(entries_for_document(document)):
                        writer.add_document(doc)
                        count += 1
                    if progress:
                        progress(document, count)
            del index
        except BaseException:
            shutil.rmtree(target, ignore_errors=True)
            raise
        self.directory.swap(target)
        self.catch_up(started)
        return count

    def indexed_entries(self) -> dict[str, tuple[int, str]]:
        rows = _stored(self.searcher(), tantivy.Query.all_query(), "id", "doc_pk", "digest")
        return {entry_id: (int(pk), digest) for entry_id, pk, digest in rows}

    def check(self, **kwargs) -> list[CheckMessage]:
        """search.E001 as for Whoosh (a directory it cannot write); search.E004: an index
        written with another schema."""
        errors = WhooshSearchBackend.check(self, **kwargs)
        if not errors and self.directory.link.exists():
            try:
                _open(self.directory.link.resolve())
            except SearchIndexError as exc:
                errors.append(Error(str(exc), id="search.E004"))
        return errors


def _open(path: Path) -> tantivy.Index:
    try:
        return open_index(path)
    except ValueError as exc:
        if "schema does not match" not in str(exc):
            raise
        raise SearchIndexError(
            f"The tantivy index at {path} was written with another schema: "
            "rebuild it with manage.py rebuild_index."
        ) from exc


def _acquire(index: tantivy.Index, heap: int, threads: int):
    """A writer, waiting up to ``LOCK_TIMEOUT`` for another process's to finish."""
    deadline = time.monotonic() + LOCK_TIMEOUT
    while True:
        try:
            return index.writer(heap, threads)
        except ValueError as exc:
            if "LockBusy" not in str(exc):
                raise
            if time.monotonic() > deadline:
                raise SearchIndexError(f"The index is locked by another writer: {exc}") from exc
            time.sleep(LOCK_DELAY)


def _meta_stamp(path: Path) -> tuple[int, int]:
    """Changes whenever a commit rewrites the index's ``meta.json``."""
    stat = (path / "meta.json").stat()
    return stat.st_mtime_ns, stat.st_ino


def _score(query, searcher, address) -> float:
    return json.loads(query.explain(searcher, address).to_json())["value"]


def _raw(searcher, address, score: float) -> RawHit:
    """The hit, with the notes folded into it when there are any."""
    doc = searcher.doc(address)
    also = doc.get_first("also")
    return RawHit(doc.get_first("id"), score, tuple(also.split()) if also else ())


def _stored(searcher, query, *names):
    """Stored values of every document ``query`` matches, as tuples of ``names``."""
    total = searcher.search(query, limit=1).count
    if not total:
        return []
    rows = []
    for _score, address in searcher.search(query, limit=total).hits:
        doc = searcher.doc(address)
        rows.append(tuple(doc.get_first(name) for name in names))
    return rows
