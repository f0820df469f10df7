"""The library page's facets: filter published documents by author, year and type.

Facets have the shape search uses ({name, title, values: [{value, label, count,
selected}]}) so one template shows both. Counts for a facet ignore that facet's
own selection, so that ticking a second author adds to the list instead of
emptying it. Filtering happens in Python: authors live in a JSON list (no
portable ``contains`` on SQLite) and the library page lists every document anyway.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.http import QueryDict

from .facets import FACETS as ALL_FACETS
from .models import Document

# The facets of documents (search adds those of passages), by URL parameter.
FACETS = {facet.param: facet for facet in ALL_FACETS if facet.library}


@dataclass
class LibraryPage:
    documents: list[Document]
    facet_groups: list[dict]
    selected: dict[str, list[str]]
    total: int


def browse(documents: Iterable[Document], params: QueryDict) -> LibraryPage:
    """Filter ``documents`` by the facet values ticked in ``params``."""
    documents = list(documents)
    selected = {name: params.getlist(name) for name in FACETS if params.getlist(name)}

    def matches(doc: Document, skip: str | None = None) -> bool:
        return all(
            set(values) & set(FACETS[name].values(doc, "body"))
            for name, values in selected.items()
            if name != skip
        )

    groups = []
    for name, facet in FACETS.items():
        counts = Counter(
            v for d in documents if matches(d, skip=name) for v in facet.values(d, "body")
        )
        counts, more = facet.shown(counts, selected.get(name, []))
        labels = facet.label_map(counts)
        order = sorted(counts.items(), key=lambda vc: facet.sort_key(vc[0], labels[vc[0]], vc[1]))
        values = [
            {
                "value": value,
                "label": labels[value],
                "count": count,
                "selected": value in selected.get(name, []),
            }
            for value, count in order
        ]
        groups.append({"name": name, "title": facet.title, "values": values, "more": more})
    shown = [d for d in documents if matches(d)]
    return LibraryPage(shown, groups, selected, len(documents))
