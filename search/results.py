"""From what a backend found to what pages show: rows, snippets, URLs and facet labels.

Shared by every backend, so that all of them present alike: a backend finds entry ids,
scores and counts (``RawHit``, ``{facet: {value: count}}``); this module loads the rows
by primary key, marks snippets with the backend's own analysis and names facet values.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import SafeString

from portal.models import Document, Footnote, Section

from .analysis import Analysis
from .facets import FACETS
from .highlight import Snippets, Terms, snippets
from .query import Node
from .schema import BODY, parse_entry_id

# The HTML list shows at most this many hits of one document (its best by the ranking);
# the rest sit behind "N more in this document".
PER_DOCUMENT = 3


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


class FacetValues(list):
    """A facet's listed values (``portal.facets.SHOWN`` at most, selected ones kept);
    ``more``: how many other values have matches."""

    def __init__(self, values=(), more: int = 0) -> None:
        super().__init__(values)
        self.more = more


@dataclass
class Hit:
    document_slug: str
    document_title: str
    section_anchor: str
    section_heading: str
    url: str
    kind: str  # "body" or "note"
    note_label: str | None
    score: float
    more_in_document: int = 0
    # Labels of the other notes of this document with the same text ("Ibid." runs).
    also_notes: list[str] = field(default_factory=list)
    # The passage's text and the words to mark in it: snippets are cut when first shown,
    # so the hits the collapsed page reads past cost no snippet.
    text: str = field(default="", repr=False, compare=False)
    terms: Terms | None = field(default=None, repr=False, compare=False)

    @cached_property
    def snippets(self) -> Snippets:
        return snippets(self.text, self.terms) if self.terms is not None else Snippets()

    @property
    def snippet(self) -> SafeString:
        return self.snippets.best


@dataclass
class SearchResults:
    query: str = ""
    total: int = 0
    # True when the work budget cut the query short: ``total`` is then an estimate.
    total_approximate: bool = False
    page: int = 1
    page_size: int = 20
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, FacetValues] = field(default_factory=dict)
    # Matches per document, every document (the listed facet stops at SHOWN values).
    document_counts: dict[str, int] = field(default_factory=dict)
    suggestion: str | None = None
    # Set when nothing matched the reader's words and these are the corrected query's.
    corrected_from: str | None = None
    query_node: Node | None = None  # the tree that was searched
    # Set when the list is collapsed by document: how many entries the pages walk (at
    # most ``PER_DOCUMENT`` a document); ``total`` stays the number of matching passages.
    listed: int | None = None

    @property
    def searched(self) -> bool:
        """False when the query held nothing to look for (one letter, only punctuation)."""
        return not isinstance(self, EmptySearchResults)

    @property
    def num_pages(self) -> int:
        listed = self.total if self.listed is None else self.listed
        return max(1, math.ceil(listed / self.page_size))

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    def grouped(self) -> list[tuple[str, list[Hit], int]]:
        """The page's hits by document, in order of each document's best hit.

        Each group comes with how many of its document's matches the collapsed list hides
        (0 when the list is not collapsed: every match has its place on some page).
        """
        groups: dict[str, list[Hit]] = {}
        for hit in self.hits:
            groups.setdefault(hit.document_slug, []).append(hit)
        return [(slug, hits, self.hidden(hits[0])) for slug, hits in groups.items()]

    def hidden(self, hit: Hit) -> int:
        """How many of ``hit``'s document's matches the collapsed list leaves out."""
        if self.listed is None:
            return 0
        return max(0, hit.more_in_document + 1 - PER_DOCUMENT)


class EmptySearchResults(SearchResults):
    """Results of a query with nothing to look for."""


def collapse(hits: list[Hit], start: int, end: int) -> list[Hit]:
    """Entries ``start:end`` of the ranked ``hits`` kept at ``PER_DOCUMENT`` a document."""
    seen: dict[str, int] = {}
    kept = []
    for hit in hits:
        seen[hit.document_slug] = seen.get(hit.document_slug, 0) + 1
        if seen[hit.document_slug] <= PER_DOCUMENT:
            kept.append(hit)
            if len(kept) >= end:
                break
    return kept[start:end]


def listed_count(doc_counts: dict[str, int]) -> int:
    """Entries of the collapsed list, from each document's number of matches."""
    return sum(min(PER_DOCUMENT, n) for n in doc_counts.values())


@dataclass
class RawHit:
    """What a backend found before the database fills it in."""

    entry_id: str
    score: float
    # Entry ids of notes with the same text, folded into this hit.
    also: tuple[str, ...] = ()


def build_hits(
    raw: list[RawHit], query: Node | None, q: str, doc_counts, analysis: Analysis, highlight=True
) -> list[Hit]:
    """Load the hits' rows by primary key and mark them from the database text.

    ``analysis`` is the backend's; without ``highlight`` the snippets carry no marks.
    """
    ids = [parse_entry_id(r.entry_id) for r in raw]
    # Only what the database says is published: an index that has not caught up with an
    # unpublish (another writer holds its lock, a process died) never shows withdrawn text.
    # Unordered (``order_by()``): a dict by key needs no ORDER BY, whose compiling costs.
    published = {"document__status": Document.Status.PUBLISHED}
    sections = (
        Section.objects.filter(**published)
        .select_related("document")
        .order_by()
        .in_bulk([pk for kind, pk in ids if kind == BODY])
    )
    notes = (
        Footnote.objects.filter(**published)
        .select_related("document", "section")
        .order_by()
        .in_bulk([pk for kind, pk in ids if kind == "note"])
    )
    also = {r.entry_id: [parse_entry_id(e)[1] for e in r.also] for r in raw if r.also}
    labels = (
        dict(
            Footnote.objects.filter(pk__in=[pk for pks in also.values() for pk in pks])
            .order_by("position")
            .values_list("pk", "label")
        )
        if also
        else {}
    )
    terms = Terms.from_query(query, analysis) if highlight else Terms(analysis)
    hits = []
    for (kind, pk), r in zip(ids, raw, strict=True):
        row = sections.get(pk) if kind == BODY else notes.get(pk)
        if row is not None:  # deleted since the index was read
            hit = _hit(kind, row, r.score, terms, q, doc_counts)
            hit.also_notes = [labels[pk] for pk in labels if pk in also.get(r.entry_id, ())]
            hits.append(hit)
    return hits


def _hit(kind, row, score, terms, q, doc_counts) -> Hit:
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
        score=round(float(score), 3),
        more_in_document=max(0, doc_counts.get(document.slug, 1) - 1),
        text=row.text,
        terms=terms.in_language(document.language),
    )


def hit_url(document, section, note, q: str) -> str:
    """The section's own page with the query carried along (a note without one: its page)."""
    query = f"?{urlencode({'q': q})}" if q else ""
    if section is None:
        return reverse("portal:footnote-detail", args=[document.slug, note.label]) + query
    return reverse("portal:section-detail", args=[document.slug, section.anchor]) + query


def facet_values(
    counts: dict[str, dict[str, int]], filters, known: dict[str, dict[str, str]] | None = None
) -> dict[str, FacetValues]:
    """Facet counts as ``FacetValue`` lists in each facet's order, selected values kept.

    ``known``: labels a backend already holds ({facet: {value: label}}, e.g. cached per
    index version); only the values missing from it are looked up.
    """
    facets = {}
    for facet in FACETS:
        selected = set(filters.get(facet.name, ()))
        values, more = facet.shown(counts.get(facet.name, {}), selected)
        cached = (known or {}).get(facet.name, {})
        missing = [v for v in values if v not in cached]
        labels = {**(facet.label_map(missing) if missing else {}), **cached}
        found = [FacetValue(v, labels[v], n, v in selected) for v, n in values.items()]
        found.sort(key=lambda f: facet.sort_key(f.value, f.label, f.count))
        facets[facet.name] = FacetValues(found, more=more)
    return facets
