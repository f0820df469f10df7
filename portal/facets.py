"""The facets, declared once: the library page and the search app both read this list.

It lives in ``portal`` because the library page filters documents by the same facets
and ``portal`` may not import ``search``; the search schema, its backends, forms and
views all loop over ``FACETS``. A new facet (say, language) is one ``Facet`` here:

    Facet("language", "lang", "Language", lambda d, kind: (d.language,),
          labels=lambda values: dict(LANGUAGE_CHOICES))
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .languages import language_name
from .models import Document

BODY, NOTES = "body", "notes"
UNDATED = "undated"
# Values a facet lists (page and API): a library of thousands of documents must not send
# a checkbox for each; the reader narrows the rest by searching within.
SHOWN = 30


def _titles(slugs: Iterable[str]) -> dict[str, str]:
    return dict(Document.objects.filter(slug__in=list(slugs)).values_list("slug", "title"))


def _fixed(labels: dict[str, str]) -> Callable[[Iterable[str]], dict[str, str]]:
    return lambda values: labels


@dataclass(frozen=True)
class Facet:
    """One way to narrow results: a field of every indexed passage."""

    name: str  # the index field and the key in results ("document")
    param: str  # the URL parameter ("doc")
    title: str  # the heading pages show
    # The values of a passage of ``document``; ``kind`` is "body" or "note".
    values: Callable[[Document, str], tuple[str, ...]]
    # value -> label for the values given (None: the value is its own label).
    labels: Callable[[Iterable[str]], dict[str, str]] | None = None
    multi_valued: bool = False  # a document may hold several values (its authors)
    # "count": most frequent first; "newest": values in descending order (years).
    order: str = "count"
    # Shown on the library page (``in`` tells passages apart, not documents).
    library: bool = True

    def label_map(self, values: Iterable[str]) -> dict[str, str]:
        """A label for every value, the raw value where no better one exists."""
        values = list(values)
        known = self.labels(values) if self.labels else {}
        return {v: str(known.get(v, v)) for v in values}

    def shown(self, counts: dict[str, int], selected: Iterable[str] = ()) -> tuple[dict, int]:
        """The values to list (the ``SHOWN`` most frequent, and every selected one, even
        at no match, so it can be unticked) and how many others are left out."""
        top = heapq.nsmallest(SHOWN, counts.items(), key=lambda vc: (-vc[1], vc[0]))
        kept = dict(top) | {v: counts.get(v, 0) for v in selected}
        return kept, len(counts.keys() - kept.keys())

    def sort_key(self, value: str, label: str, count: int) -> tuple:
        if self.order == "newest":
            # Years newest first; "undated" and other words after every year.
            return (not value.isdigit(), -int(value) if value.isdigit() else 0, label.lower())
        return (-count, label.lower())


FACETS: tuple[Facet, ...] = (
    Facet("document", "doc", "Document", lambda d, kind: (d.slug,), _titles, library=False),
    Facet(
        "author",
        "author",
        "Author or organisation",
        lambda d, kind: tuple(a for a in d.authors if a),
        multi_valued=True,
    ),
    Facet(
        "year",
        "year",
        "Year",
        lambda d, kind: (str(d.year) if d.year else UNDATED,),
        _fixed({UNDATED: "Undated"}),
        order="newest",
    ),
    Facet(
        "type", "type", "Type", lambda d, kind: (d.doc_type,), _fixed(dict(Document.Type.choices))
    ),
    Facet(
        "language",
        "lang",
        "Language",
        lambda d, kind: (d.language,),
        lambda values: {v: language_name(v) for v in values},
    ),
    Facet(
        "in",
        "in",
        "Found in",
        lambda d, kind: (NOTES if kind == "note" else BODY,),
        _fixed({BODY: "Body text", NOTES: "Notes"}),
        library=False,
    ),
)
FACETS_BY_NAME = {facet.name: facet for facet in FACETS}
