"""What the index holds, declared once: one entry per published section and per footnote.

Backends map these names to their own field types; ``entries_for_document`` turns the
database rows into plain dicts every backend can index.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass

from portal.models import Document, Footnote, Section

from .analysis import DEFAULT_LANGUAGE, WORD_RE, stemmer_of
from .facets import BODY, FACET_NAMES, NOTES, UNDATED
from .facets import FACETS as FACET_DECLARATIONS

__all__ = ["BODY", "FACETS", "NOTES", "SEARCH_FIELDS", "UNDATED", "Entry", "entries_for_document"]

# Searchable text fields and their BM25F boosts: a word in a title or heading says more.
# A passage's stemmed text holds its heading's words too (``Entry.passage``): one BM25
# over what the reader reads, the heading field adding a little. Two fields scored
# apart (heading 1.3) gave nDCG@10 0.377 on CISI and 0.382 on Cranfield; one passage
# plus heading 0.3, 0.408 and 0.383 (bench/ir_bare.py, query words weighted by repeats).
SEARCH_FIELDS = {"title": 3.0, "heading": 0.3, "text": 1.0}
# Facet names, in the order pages show them (declared in ``portal.facets``).
FACETS = FACET_NAMES


@dataclass(frozen=True)
class Entry:
    """One indexed passage: a section ("s:<pk>") or a footnote ("n:<pk>")."""

    id: str
    document_id: int
    kind: str  # "body" or "note"
    title: str
    heading: str
    text: str
    authors: tuple[str, ...]
    facets: dict
    # The document's language code ("" unknown: read as the site default, English),
    # which chooses the stemmer of the stemmed fields (``search.analysis.stemmer_of``).
    language: str = ""

    @property
    def passage(self) -> str:
        """What word queries read of an entry: its heading, then its text."""
        return f"{self.heading}\n{self.text}" if self.heading else self.text

    @property
    def duplicate_key(self) -> str:
        """Shared by the notes of one document with the same words ("Ibid.", a source cited
        again), so that results show them as one hit: "also notes 78, 81, 82"."""
        words = " ".join(WORD_RE.findall(self.text.casefold())) if self.kind == "note" else ""
        if not words:
            return ""
        return hashlib.sha1(f"{self.document_id}\x1f{words}".encode()).hexdigest()[:16]

    @property
    def digest(self) -> str:
        """A fingerprint of everything indexed, so check_index can spot stale entries."""
        parts = [self.id, self.title, self.heading, self.text, "|".join(self.authors)]
        parts += [repr(self.facets[name]) for name in FACETS]
        parts.append(self.facets["date"])
        # The stemmer, past English: English digests stay as they were, and entries of
        # another language indexed before languages were read show as stale.
        if (stemmer := stemmer_of(self.language)) != DEFAULT_LANGUAGE:
            parts.append(stemmer)
        return hashlib.sha1("\x1f".join(parts).encode()).hexdigest()[:16]


def entry_id(kind: str, pk: int) -> str:
    return f"{'n' if kind == 'note' else 's'}:{pk}"


def parse_entry_id(value: str) -> tuple[str, int]:
    """``"s:12"`` -> ("body", 12); ``"n:3"`` -> ("note", 3)."""
    prefix, _, pk = value.partition(":")
    return ("note" if prefix == "n" else "body"), int(pk)


def passage_facets(document: Document, kind: str) -> dict:
    """Facet values of a passage: a tuple for a multi-valued facet, else one string."""
    facets = {"date": document.date}
    for facet in FACET_DECLARATIONS:
        values = facet.values(document, kind)
        facets[facet.name] = values if facet.multi_valued else (values[0] if values else "")
    return facets


def entries_for_document(document: Document, parts=None) -> Iterator[Entry]:
    """The entries of one document; none for a draft.

    ``parts``: only these (section pks, note pks), for a backend that rewrites changed
    entries alone.
    """
    if not document.is_published:
        return
    body, notes = passage_facets(document, "body"), passage_facets(document, "note")
    authors = tuple(a for a in document.authors if a)
    sections = Section.objects.filter(document=document).only("pk", "heading", "text")
    footnotes = Footnote.objects.filter(document=document)
    if parts is not None:
        sections, footnotes = sections.filter(pk__in=parts[0]), footnotes.filter(pk__in=parts[1])
    for section in sections.order_by("position"):
        yield Entry(
            id=entry_id("body", section.pk),
            document_id=document.pk,
            kind="body",
            title=document.title,
            heading=section.heading,
            text=section.text,
            authors=authors,
            facets=body,
            language=document.language,
        )
    for note in footnotes.order_by("position"):
        yield Entry(
            id=entry_id("note", note.pk),
            document_id=document.pk,
            kind="note",
            title=document.title,
            heading="",
            text=note.text,
            authors=authors,
            facets=notes,
            language=document.language,
        )


def published_documents():
    """Documents the index should hold, in primary-key order for chunked walks."""
    return Document.objects.published().order_by("pk")
