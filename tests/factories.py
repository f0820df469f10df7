"""Keyword-default factories for the library's models, for tests that need rows, not parsing."""

from __future__ import annotations

from portal.ingest.base import ParsedDocument, ParsedFootnote, ParsedRef, ParsedSection
from portal.ingest.load import import_parsed_document
from portal.models import Document


def parsed_document(
    title: str = "A Test Report",
    sections: list[tuple[str, str]] | None = None,
    notes: dict[str, str] | None = None,
    refs: dict[str, list[tuple[str, int]]] | None = None,
    **meta,
) -> ParsedDocument:
    """A ParsedDocument from (heading, text) pairs; ``refs`` maps anchor -> [(label, offset)]."""
    from portal.ingest.assemble import anchor_for

    sections = sections or [("Introduction", "The right to self-determination is at stake.")]
    refs = refs or {}
    parsed_sections = []
    for i, (heading, text) in enumerate(sections):
        anchor = anchor_for(heading) if heading else ("front-matter" if i == 0 else f"part-{i + 1}")
        parsed_sections.append(
            ParsedSection(
                anchor=anchor,
                heading=heading,
                level=1,
                text=text,
                refs=tuple(ParsedRef(label, off) for label, off in refs.get(anchor, [])),
            )
        )
    footnotes = tuple(ParsedFootnote(label, text) for label, text in (notes or {}).items())
    defaults = {"authors": ("Test Organisation",), "date": "2021-05-01", "doc_type": "report"}
    defaults.update(meta)
    return ParsedDocument(
        title=title,
        sections=tuple(parsed_sections),
        footnotes=footnotes,
        source_format="txt",
        **defaults,
    )


def make_document(slug: str | None = None, status: str = "published", **kwargs) -> Document:
    """Store a document built by ``parsed_document`` and return it."""
    parsed = parsed_document(**kwargs)
    return import_parsed_document(parsed, slug=slug, status=status).document
