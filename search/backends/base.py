"""The contract every search backend implements.

A backend finds entry ids, scores and facet counts; ``search.results`` turns them into
the hits pages show, the same way for every backend. A backend declares:

- ``analysis``: how it reads words (``search.analysis.Analysis``), so that the shared
  matcher marks exactly what it matched;
- ``supports_*`` flags, enforced: a search using a feature the backend lacks raises
  ``NotImplementedError`` naming it (``supports_phrase``, ``supports_facets``,
  ``supports_sort_date``); ``supports_highlight`` False gives snippets without marks,
  ``supports_suggest`` False no suggestions;
- ``index_in_transaction``: True for a backend whose index lives in the database, so
  that ``search.signals`` writes it inside the transaction that changed the rows;
  False (the default) writes after commit.

Methods (names kept stable for every backend): ``index_document``, ``index_documents``,
``delete_document``, ``search``, ``rebuild``, ``suggest``; ``compare_with_database()``
lists how the index and the database differ (``check_index``; it was called ``check()``
before); ``check()`` returns Django system-check messages about the backend's own
configuration (``search.checks`` collects them).
"""

from __future__ import annotations

import functools
from abc import ABCMeta, abstractmethod

from ..analysis import Analysis
from ..query import Node, Phrase, parse, positive_leaves
from ..results import (
    EmptySearchResults,
    FacetValue,
    Hit,
    RawHit,
    SearchResults,
    build_hits,
    facet_values,
)
from ..schema import entries_for_document, published_documents

__all__ = [
    "BaseSearchBackend",
    "EmptySearchResults",
    "FacetValue",
    "Hit",
    "RawHit",
    "SearchResults",
    "problems",
]


class BaseSearchBackend(metaclass=ABCMeta):
    supports_facets = False
    supports_phrase = False
    supports_highlight = False
    supports_suggest = False
    supports_sort_date = False
    index_in_transaction = False
    analysis: Analysis

    def __init__(self, alias: str, params: dict):
        self.alias = alias
        self.options = params.get("OPTIONS", {})

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # Every backend's own search() checks the features it is asked for first.
        if "search" in cls.__dict__:
            cls.search = _enforcing_support(cls.__dict__["search"])

    @abstractmethod
    def index_document(self, document_id: int) -> None:
        """Add, replace or (for a draft or a deleted document) remove a document's entries."""

    def index_documents(self, document_ids) -> None:
        for document_id in document_ids:
            self.index_document(document_id)

    @abstractmethod
    def delete_document(self, document_id: int) -> None:
        """Remove every entry of a document."""

    @abstractmethod
    def search(
        self,
        query: str | Node | None,
        filters: dict[str, list[str]] | None = None,
        page: int = 1,
        page_size: int = 20,
        sort: str = "relevance",
        q: str = "",
    ) -> SearchResults:
        """Run a query (a string, or a parsed tree with its text in ``q`` for links).

        Filters combine with AND across facets and OR within one.
        """

    @staticmethod
    def prepare(query: str | Node | None, q: str = "") -> tuple[Node | None, str]:
        """The parsed tree and the query text, from either."""
        if isinstance(query, str):
            return parse(query), query
        return query, q

    def suggest(self, query_text: str) -> str | None:
        """A corrected query string when some word of ``query_text`` is not in the index."""
        raise NotImplementedError(f"{type(self).__name__} does not support suggestions.")

    @abstractmethod
    def rebuild(self, chunk_size: int = 100, progress=None) -> int:
        """Index every published document afresh, replacing the index atomically."""

    def compare_with_database(self) -> list[str]:
        """How the index and the database differ, one line each; empty when in step."""
        expected: dict[str, tuple[int, str]] = {}
        for document in published_documents().iterator(chunk_size=200):
            for entry in entries_for_document(document):
                expected[entry.id] = (document.pk, entry.digest)
        found = problems(expected, self.indexed_entries())
        return [f"{what}: {entry_id} (document {pk})" for entry_id, (pk, what) in found.items()]

    def indexed_entries(self) -> dict[str, tuple[int, str]]:
        """{entry id: (document pk, digest)} of everything in the index."""
        raise NotImplementedError(f"{type(self).__name__} cannot list its entries.")

    def catch_up(self, started) -> None:
        """After a rebuild swapped in: re-apply what changed while it ran, drop what went.

        ``started`` is the latest ``Document.updated`` when the rebuild began (None for an
        empty library); writes made meanwhile went to the old index.
        """
        from portal.models import Document

        changed = Document.objects.all()
        if started is not None:
            changed = changed.filter(updated__gte=started)
        self.index_documents(changed.values_list("pk", flat=True))
        indexed = {pk for pk, _digest in self.indexed_entries().values()}
        for document_id in indexed - set(published_documents().values_list("pk", flat=True)):
            self.delete_document(document_id)

    def check(self, **kwargs) -> list:
        """Django system-check messages about this backend's configuration."""
        return []

    def close(self) -> None:  # noqa: B027  (most backends hold nothing to release)
        """Release open readers and connections (settings changed, tests)."""

    # Presentation is shared (``search.results``); these keep backends short.

    def build_hits(self, raw: list[RawHit], query: Node | None, q: str, doc_counts) -> list[Hit]:
        return build_hits(raw, query, q, doc_counts, self.analysis, self.supports_highlight)

    def facet_values(self, counts: dict[str, dict[str, int]], filters) -> dict:
        return facet_values(counts, filters)

    def results(
        self, raw, query, q, counts, filters, *, total, page, page_size, approximate=False
    ) -> SearchResults:
        """The page a backend found: its hits built from the database, its facet counts."""
        return SearchResults(
            query=q,
            total=total,
            total_approximate=approximate,
            page=page,
            page_size=page_size,
            # Without its own filter, the document facet counts each document's matches.
            hits=self.build_hits(raw, query, q, counts.get("document", {})),
            facets=self.facet_values(counts, filters),
            document_counts=counts.get("document", {}),
        )


def _enforcing_support(search):
    @functools.wraps(search)
    def checked(self, query, filters=None, page=1, page_size=20, sort="relevance", q=""):
        node, q = self.prepare(query, q)
        missing = _missing_features(self, node, filters, sort)
        if missing:
            raise NotImplementedError(f"{type(self).__name__} does not support {missing}.")
        return search(self, node, filters, page=page, page_size=page_size, sort=sort, q=q)

    return checked


def _missing_features(backend, node, filters, sort) -> str | None:
    if not backend.supports_phrase and any(
        isinstance(leaf, Phrase) for _scope, leaf in positive_leaves(node)
    ):
        return "phrase queries"
    if not backend.supports_facets and any(filters.values() if filters else ()):
        return "facet filters"
    if not backend.supports_sort_date and sort == "date":
        return "sorting by date"
    return None


def problems(expected: dict, actual: dict) -> dict[str, tuple[int, str]]:
    """{entry id: (document pk, "missing" | "stale" | "extra")} between two entry maps."""
    found = {}
    for entry_id, (pk, digest) in expected.items():
        if entry_id not in actual:
            found[entry_id] = (pk, "missing")
        elif actual[entry_id][1] != digest:
            found[entry_id] = (pk, "stale")
    for entry_id, (pk, _digest) in actual.items():
        if entry_id not in expected:
            found[entry_id] = (pk, "extra")
    return dict(sorted(found.items()))
