"""The Whoosh backend: a file index under OPTIONS["PATH"], one searcher per process.

Layout: ``PATH/current`` is a symlink to ``PATH/gen-<n>``, the live index. A rebuild
fills a new ``gen-`` directory and swaps the link atomically, so readers never see
a half-built index. Writers take Whoosh's lock with a timeout (several gunicorn
workers may write at once); a searcher is reused and refreshed after each commit.
"""

from __future__ import annotations

import contextlib
import heapq
import logging
import os
import shutil
import threading
import time
from pathlib import Path
from typing import NamedTuple

from django.core.checks import CheckMessage, Error, Warning
from django.db.models import Max
from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.query import Term
from whoosh.writing import LockError

from portal.models import Document

from ..corrections import correct
from ..exceptions import SearchIndexError
from ..schema import entries_for_document, published_documents
from .base import BaseSearchBackend, EmptySearchResults, RawHit
from .base import problems as _differences  # noqa: F401  (backends written against it)
from .whoosh_analysis import WHOOSH_ANALYSIS
from .whoosh_budget import DocSets, Expansions, score, within_budget
from .whoosh_build import bulk_build
from .whoosh_facets import FacetCounter
from .whoosh_schema import build_schema, to_whoosh, to_whoosh_document
from .whoosh_scoring import WEIGHTING
from .whoosh_topk import add_bonus

logger = logging.getLogger(__name__)

# How long a writer waits for another process's lock before giving up.
LOCK_TIMEOUT = 30.0
LOCK_DELAY = 0.05
WRITER_MB = 128
# Suggestions: words looked up per query, and the time they may take together.


# What an index's entries hold and how their words are read. Raise it whenever that
# changes (analysis, fields, what goes in a field): a generation written by older code
# then asks for ``rebuild_index``. 2: stems per document language, headings in passages.
INDEX_FORMAT = "2"
FORMAT_FILE = "lectern-format"


class IndexDirectory:
    """The ``current`` symlink and its generations, each stamped with INDEX_FORMAT."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.link = self.path / "current"

    def outdated(self) -> bool:
        """Whether the live generation was written by code that read words otherwise."""
        if not self.link.exists():
            return False
        stamp = self.link.resolve() / FORMAT_FILE
        return not stamp.exists() or stamp.read_text().strip() != INDEX_FORMAT

    def live(self) -> Path:
        """The live generation, created empty on first use (or when the link dangles).

        One ``readlink`` and one ``stat``: every search asks, and ``resolve()`` costs an
        ``lstat`` of every folder above the index (10x as much).
        """
        with contextlib.suppress(OSError):
            target = self.path / os.readlink(self.link)
            if target.is_dir():
                return target
        target = self.new_generation()
        self.create(target)
        self.swap(target)
        return target

    def create(self, target: Path) -> None:
        """An empty index in the new generation ``target``."""
        whoosh_index.create_in(target, build_schema())

    def new_generation(self) -> Path:
        self.path.mkdir(parents=True, exist_ok=True)
        target = self.path / f"gen-{time.time_ns()}"
        target.mkdir()
        (target / FORMAT_FILE).write_text(INDEX_FORMAT)
        return target

    def swap(self, target: Path) -> None:
        """Point ``current`` at ``target`` atomically; keep the previous one for open readers."""
        tmp = self.path / f"current.{os.getpid()}.tmp"
        tmp.unlink(missing_ok=True)
        tmp.symlink_to(target.name)
        os.replace(tmp, self.link)
        for old in sorted(self.path.glob("gen-*"))[:-2]:
            if old != target:
                shutil.rmtree(old, ignore_errors=True)


class Snapshot(NamedTuple):
    """One reader's view: its searcher, facet tables and cached document sets."""

    searcher: object
    facets: FacetCounter
    sets: DocSets


# How often to reopen an index whose files a concurrent commit removed under us.
OPEN_RETRIES = 8


class WhooshSearchBackend(BaseSearchBackend):
    supports_facets = True
    supports_phrase = True
    supports_highlight = True
    supports_suggest = True
    supports_sort_date = True
    analysis = WHOOSH_ANALYSIS

    def __init__(self, alias: str, params: dict):
        super().__init__(alias, params)
        self.directory = IndexDirectory(self.options["PATH"])
        self._lock = threading.Lock()
        self._index = None
        self._index_path: Path | None = None
        self._searcher = None
        self._state: Snapshot | None = None

    # Reading

    def open_index(self):
        live = self.directory.live()
        if self._index is None or live != self._index_path:
            self.close()
            self._index, self._index_path = whoosh_index.open_dir(live), live
        return self._index

    def searcher(self):
        """The process's searcher, refreshed when the index changed (cheap when it did not)."""
        snapshot = self._snapshot()
        return snapshot.searcher, snapshot.facets

    def _snapshot(self) -> Snapshot:
        for attempt in range(OPEN_RETRIES):
            try:
                return self._current()
            except FileNotFoundError:
                # A writer in another thread or process committed and removed the files of
                # the generation we were opening: forget it and open the new one.
                with self._lock:
                    self.close()
                time.sleep(0.005 * (attempt + 1))
        return self._current()

    def _current(self) -> Snapshot:
        with self._lock:
            ix = self.open_index()
            if self._searcher is None:
                self._searcher = ix.searcher(weighting=WEIGHTING)
            elif not self._searcher.up_to_date():
                self._searcher = self._fresh_searcher(ix)
            if self._state is None or self._state.searcher is not self._searcher:
                reader = self._searcher.reader()
                self._state = Snapshot(
                    self._searcher, FacetCounter(reader), DocSets(self._searcher)
                )
            return self._state

    def _fresh_searcher(self, ix):
        # Not searcher.refresh(): it reuses segment readers by segment id, so it misses
        # deletions committed to an old segment (and fails on an empty index).
        self._searcher.close()
        return ix.searcher(weighting=WEIGHTING)

    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
        self._index = self._searcher = self._state = None

    def search(self, query, filters=None, page=1, page_size=20, sort="relevance", q=""):
        query, q = self.prepare(query, q)
        filters = {k: list(v) for k, v in (filters or {}).items() if v}
        searcher, facets, sets = self._snapshot()
        expansions = Expansions(searcher.reader())
        main, near, title_query = to_whoosh(query, expansions)
        if main is None:
            return EmptySearchResults(query=q, page=page, page_size=page_size)
        matched, folded = facets.collapse(set(sets.matching(main)))
        counts, allowed = facets.count(matched, filters)
        start, end = (page - 1) * page_size, page * page_size
        if sort == "date":
            top = facets.newest_first(allowed, end)[start:]
            scored = main if near is None else wq.AndMaybe(main, near)
            scores = score(searcher, sets, scored, set(top)).by_docnum
        else:
            scores = self._ranked(searcher, facets, sets, (main, near, title_query), allowed, end)
            top = heapq.nlargest(end, allowed, key=lambda d: (scores.get(d, 0.0), -d))[start:]
        stored = searcher.stored_fields
        raw = [
            RawHit(
                stored(d)["id"],
                scores.get(d, 0.0),
                tuple(stored(f)["id"] for f in folded.get(d, ())),
            )
            for d in top
        ]
        return self.results(
            raw,
            query,
            q,
            counts,
            filters,
            total=len(allowed),
            page=page,
            page_size=page_size,
            approximate=expansions.capped,
        )

    def _ranked(self, searcher, facets, sets, queries, allowed, k) -> dict[int, float]:
        """Scores of ``allowed``, the ``k`` best exactly as scoring everything gives them."""
        main, near, title_query = queries
        scored = main if near is None else wq.AndMaybe(main, near)
        if near is not None and within_budget(sets, scored):
            scores = score(searcher, sets, main, allowed).by_docnum
            self._boost_titles(searcher, facets, title_query, scores)
            add_bonus(searcher, main, near, scores, k)  # for the passages that can use it
            return scores
        scores = score(searcher, sets, scored, allowed).by_docnum  # over the budget: rarest words
        self._boost_titles(searcher, facets, title_query, scores)
        return scores

    @staticmethod
    def _boost_titles(searcher, facets, title_query, scores: dict[int, float]) -> None:
        """Add to each passage the score of its document's title for the query's words.

        Every passage of a document repeats the same title, so the title is scored once
        per document (on one passage) and that score is shared.
        """
        if title_query is None or not scores:
            return
        documents = facets.values["document"]
        one_each = {documents[d]: d for d in scores}
        found = searcher.search(title_query, limit=None, filter=set(one_each.values()))
        boosts = {documents[d]: s for s, d in found.top_n}
        for docnum in scores:
            scores[docnum] += boosts.get(documents[docnum], 0.0)

    def suggest(self, query_text: str) -> str | None:
        """Correct the words the index does not hold (bounded: ``search.corrections``)."""
        searcher, _facets = self.searcher()
        reader = searcher.reader()
        corrector = searcher.corrector("text_exact")

        def live(word: str) -> bool:
            """The lexicon keeps deleted documents' words until a merge: is one still held?"""
            if not reader.has_deletions():
                return True
            return next(iter(searcher.docs_for_query(Term("text_exact", word))), None) is not None

        def closest(word: str) -> str | None:
            found = corrector.suggest(word, limit=5, maxdist=2, prefix=1)
            return next((w for w in found if live(w)), None)

        def known(word: str) -> bool:
            return ("text_exact", word) in reader and live(word)

        return correct(query_text, WHOOSH_ANALYSIS.fold, known, closest)

    # Writing

    def _writer(self, ix):
        try:
            return ix.writer(timeout=LOCK_TIMEOUT, delay=LOCK_DELAY, limitmb=WRITER_MB)
        except LockError as exc:
            raise SearchIndexError(f"The index is locked by another writer: {exc}") from exc

    def index_document(self, document_id: int) -> None:
        document = Document.objects.filter(pk=document_id).first()
        entries = list(entries_for_document(document)) if document else []
        wanted = {e.id: e.digest for e in entries}
        if wanted == self._indexed(document_id):
            return  # already in step: spare the write lock
        with self._writer(self.open_index()) as writer:
            writer.delete_by_term("doc_pk", str(document_id))
            for entry in entries:
                writer.add_document(**to_whoosh_document(entry))

    def delete_document(self, document_id: int) -> None:
        if not self._indexed(document_id):
            return
        with self._writer(self.open_index()) as writer:
            writer.delete_by_term("doc_pk", str(document_id))

    def _indexed(self, document_id: int) -> dict[str, str]:
        searcher, _facets = self.searcher()
        docnums = searcher.docs_for_query(Term("doc_pk", str(document_id)))
        return {f["id"]: f["digest"] for f in map(searcher.stored_fields, docnums)}

    # Rebuild and check

    def rebuild(self, chunk_size: int = 100, progress=None) -> int:
        """Build a fresh generation from the database, swap it in, then catch up."""
        started = Document.objects.aggregate(latest=Max("updated"))["latest"]
        target = self.directory.new_generation()
        ix = whoosh_index.create_in(target, build_schema())
        try:
            count = bulk_build(ix, _chunked(published_documents(), chunk_size), progress)
        except BaseException:
            shutil.rmtree(target, ignore_errors=True)
            raise
        self.directory.swap(target)
        self.catch_up(started)
        return count

    def indexed_entries(self) -> dict[str, tuple[int, str]]:
        searcher, _facets = self.searcher()
        return {f["id"]: (int(f["doc_pk"]), f["digest"]) for f in searcher.all_stored_fields()}

    def check(self, **kwargs) -> list[CheckMessage]:
        """search.E001: an index directory the process cannot write; search.W003: an
        index written by older code (a warning: ``migrate`` must still run before the
        rebuild can)."""
        path = Path(self.options.get("PATH", ""))
        existing = next((p for p in (path, *path.parents) if p.exists()), None)
        if existing is None or not os.access(existing, os.W_OK):
            return [
                Error(
                    f"The search index directory {path} is not writable.",
                    hint=f"Set SEARCH_INDEX_DIR or SEARCH_BACKENDS['{self.alias}'] to a "
                    "writable path.",
                    id="search.E001",
                )
            ]
        if self.directory.outdated():
            return [
                Warning(
                    f"The search index at {path} was written by an older version of Lectern, "
                    "which read words otherwise: searches may miss passages.",
                    hint="Run `manage.py rebuild_index` once (after `manage.py migrate`).",
                    id="search.W003",
                )
            ]
        return []


def _chunked(queryset, size: int):
    """Walk a pk-ordered queryset in chunks without holding it all in memory."""
    last = 0
    while True:
        chunk = list(queryset.filter(pk__gt=last)[:size])
        if not chunk:
            return
        yield from chunk
        last = chunk[-1].pk
