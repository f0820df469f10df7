"""The library page's facets: filter published documents by author, year and type.

Facets have the shape search uses ({name, title, values: [{value, label, count,
selected}]}) so one template shows both. Counts for a facet ignore that facet's
own selection, so that ticking a second author adds to the list instead of
emptying it. Filtering happens in Python: authors live in a JSON list (no
portable ``contains`` on SQLite) and the library page lists every document anyway.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.http import QueryDict

from .models import Document

FACETS: dict[str, tuple[str, Callable[[Document], Iterable[str]]]] = {
    "author": ("Author or organisation", lambda d: d.authors),
    "year": ("Year", lambda d: [str(d.year)] if d.year else []),
    "type": ("Type", lambda d: [d.doc_type]),
}
TYPE_LABELS = dict(Document.Type.choices)


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
            set(values) & set(FACETS[name][1](doc))
            for name, values in selected.items()
            if name != skip
        )

    groups = []
    for name, (_title, values_of) in FACETS.items():
        counts = Counter(v for d in documents if matches(d, skip=name) for v in values_of(d))
        for value in selected.get(name, []):
            counts.setdefault(value, 0)  # a ticked value stays visible, to untick it
        order = sorted(counts.items(), key=_newest_first if name == "year" else _most_first)
        values = [
            {
                "value": value,
                "label": TYPE_LABELS.get(value, value) if name == "type" else value,
                "count": count,
                "selected": value in selected.get(name, []),
            }
            for value, count in order
        ]
        groups.append({"name": name, "title": FACETS[name][0], "values": values})
    shown = [d for d in documents if matches(d)]
    return LibraryPage(shown, groups, selected, len(documents))


def _newest_first(item: tuple[str, int]) -> tuple:
    return (-int(item[0]),)


def _most_first(item: tuple[str, int]) -> tuple:
    return (-item[1], item[0].casefold())
