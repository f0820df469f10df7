"""The interface every search backend implements, and the results it returns.

A backend finds entry ids, scores and facet counts; turning ids into hits with
snippets is shared here, from the database text, so every backend highlights alike.
"""

from __future__ import annotations

import math
from abc import ABCMeta, abstractmethod
from dataclasses import dataclass, field

from django.urls import NoReverseMatch
from django.utils.http import urlencode
from django.utils.safestring import SafeString

from portal.models import Document, Footnote, Section

from ..highlight import Terms, snippets
from ..query import Node, parse
from ..schema import BODY, FACETS, NOTES, UNDATED, parse_entry_id

FACET_LABELS = {"in": {BODY: "Body text", NOTES: "Notes"}, "year": {UNDATED: "Undated"}}


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class Hit:
    document_slug: str
    document_title: str
    section_anchor: str
    section_heading: str
    url: str
    kind: str  # "body" or "note"
    note_label: str | None
    snippets: list[SafeString]
    score: float
    more_in_document: int = 0

    @property
    def snippet(self) -> SafeString:
        return self.snippets[0] if self.snippets else SafeString("")


@dataclass
class SearchResults:
    query: str = ""
    total: int = 0
    # True when the work budget cut the query short: ``total`` is then an estimate.
    total_approximate: bool = False
    page: int = 1
    page_size: int = 20
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    suggestion: str | None = None

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.total / self.page_size))

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    def grouped(self) -> list[tuple[str, list[Hit]]]:
        """The page's hits grouped by document, in order of each document's best hit."""
        groups: dict[str, list[Hit]] = {}
        for hit in self.hits:
            groups.setdefault(hit.document_slug, []).append(hit)
        return list(groups.items())


class EmptySearchResults(SearchResults):
    """Results of a query with nothing to look for."""


@dataclass
class RawHit:
    """What a backend found before the database fills it in."""

    entry_id: str
    score: float


class BaseSearchBackend(metaclass=ABCMeta):
    supports_facets = False
    supports_phrase = False
    supports_highlight = False
    supports_suggest = False

    def __init__(self, alias: str, params: dict):
        self.alias = alias
        self.options = params.get("OPTIONS", {})

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

    @abstractmethod
    def check(self) -> list[str]:
        """Differences between the index and the database, one line each; empty when in step."""

    # Shared: from raw hits to hits the pages show.

    def build_hits(self, raw: list[RawHit], query: Node | None, q: str, doc_counts) -> list[Hit]:
        """Load the hits' rows by primary key and highlight them from the database text."""
        ids = [parse_entry_id(r.entry_id) for r in raw]
        sections = Section.objects.select_related("document").in_bulk(
            [pk for kind, pk in ids if kind == BODY]
        )
        notes = Footnote.objects.select_related("document", "section").in_bulk(
            [pk for kind, pk in ids if kind == "note"]
        )
        terms = Terms.from_query(query)
        hits = []
        for (kind, pk), r in zip(ids, raw, strict=True):
            row = sections.get(pk) if kind == BODY else notes.get(pk)
            if row is not None:  # deleted since the index was read
                hits.append(self._hit(kind, row, r.score, terms, q, doc_counts))
        return hits

    def _hit(self, kind, row, score, terms, q, doc_counts) -> Hit:
        document = row.document
        section = row if kind == BODY else row.section
        if section is not None:
            section.document = document  # spare a query in get_absolute_url
        return Hit(
            document_slug=document.slug,
            document_title=document.title,
            section_anchor=section.anchor if section else "",
            section_heading=section.display_heading if section else "",
            url=hit_url(document, section, row if kind == "note" else None, q),
            kind="note" if kind == "note" else "body",
            note_label=row.label if kind == "note" else None,
            snippets=snippets(row.text, terms),
            score=round(float(score), 3),
            more_in_document=max(0, doc_counts.get(document.slug, 1) - 1),
        )

    def facet_values(self, counts: dict[str, dict[str, int]], filters) -> dict:
        """Facet counts as ``FacetValue`` lists, most frequent first, selected values kept."""
        titles = dict(
            Document.objects.filter(slug__in=counts.get("document", {})).values_list(
                "slug", "title"
            )
        )
        types = dict(Document.Type.choices)
        facets = {}
        for name in FACETS:
            selected = set(filters.get(name, ()))
            values = dict(counts.get(name, {}))
            values.update({v: values.get(v, 0) for v in selected})
            labels = {"document": titles, "type": types}.get(name, FACET_LABELS.get(name, {}))
            facets[name] = sorted(
                (FacetValue(v, str(labels.get(v, v)), n, v in selected) for v, n in values.items()),
                key=lambda f: (-f.count, f.label.lower()),
            )
        return facets


def hit_url(document, section, note, q: str) -> str:
    """The section's own page with the query carried along (a note without one: its page)."""
    query = f"?{urlencode({'q': q})}" if q else ""
    if section is None:
        return _url(note.get_absolute_url, f"/d/{document.slug}/notes/{note.label}/") + query
    url = _url(section.get_absolute_url, f"/d/{document.slug}/s/{section.anchor}/")
    return url + query


def _url(reverse_url, fallback: str) -> str:
    # The reader routes belong to the portal app and may not be installed yet.
    try:
        return reverse_url()
    except NoReverseMatch:
        return fallback
