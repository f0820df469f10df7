"""Marks for a reader's search words on reading pages, without ``portal`` importing ``search``.

The search app registers its matcher when it starts (``search.apps``): a callable
taking the reader's query and the document's language and returning a ``Marker``. So
the reader, note pages and search snippets mark the same words, by the analysis of the
index that found them (stemmed in the document's language). Without a registered
matcher (search not installed), pages show no marks.

    marker = marker_for(request.GET.get("q", ""), document.language)
    html = marker.mark(section.html)   # SafeString; marker.count: marks so far
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from django.utils.safestring import SafeString

from .rendering import as_html


class Marker(Protocol):
    count: int

    def mark(self, html: str) -> SafeString: ...


class NoMarks:
    """Stored HTML as it is: no query, or no matcher registered."""

    count = 0

    def mark(self, html: str) -> SafeString:
        return as_html(html)


_factory: Callable[[str, str], Marker] | None = None


def register(factory: Callable[[str, str], Marker]) -> None:
    """Use ``factory(q, language)`` for every page's marks (called by the search app's
    ``ready()``)."""
    global _factory
    _factory = factory


def marker_for(q: str, language: str = "") -> Marker:
    """A fresh marker for one page of a document in ``language``, numbering its marks
    ``match-1``, ``match-2``..."""
    if not q.strip() or _factory is None:
        return NoMarks()
    return _factory(q, language)
