"""What a page tells machines: Highwire ``citation_*`` tags (Zotero, Google Scholar),
OpenGraph and Twitter cards, and a plain description taken from the text.

The Highwire names are those Zotero's "Embedded Metadata" translator reads.
"""

from __future__ import annotations

import re

from django.urls import reverse

from portal.citing import Reference
from portal.models import Document, Footnote, Section

from .passages import paragraphs

DESCRIPTION_MAX = 200
MIN_OPENING_WORDS = 25  # shorter paragraphs are title pages, dates and addresses
# Front matter that says nothing about the work.
_NOT_DESCRIPTIVE = re.compile(r"^(acknowledge?ments?|contents|table of contents|dedication)$", re.I)


def plain_description(text: str, limit: int = DESCRIPTION_MAX) -> str:
    """Text without emphasis marks or line breaks, cut at a word with an ellipsis."""
    text = " ".join(re.sub(r"(?<!\w)\*(\S[^*]*?\S|\S)\*(?!\w)", r"\1", text).split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def document_description(document: Document) -> str:
    """The summary if the document has one, else its first paragraph of real prose."""
    if document.summary.strip():
        return plain_description(document.summary)
    for section in document.sections.in_reading_order().only("heading", "text"):
        if _NOT_DESCRIPTIVE.match(section.heading.strip()):
            continue
        for para in paragraphs(section.text):
            if len(para.split()) >= MIN_OPENING_WORDS:
                return plain_description(para)
    return plain_description(document.subtitle or document.title)


def highwire(
    ref: Reference, document: Document, request, section: Section | None = None
) -> list[tuple[str, str]]:
    """(name, content) pairs in the order Zotero and Scholar expect them."""
    tags = [("citation_title", ref.title)]
    for name in ref.names:
        # "Family, Given" tells Zotero where a person's name splits.
        tags.append(("citation_author", name.inverted if name.is_person else name.full))
    if ref.date:
        tags.append(("citation_publication_date", ref.date.replace("-", "/")))
    if ref.kind == "thesis":
        if ref.institution:
            tags.append(("citation_dissertation_institution", ref.institution))
    elif ref.kind in {"report", "submission", "memo"} and ref.names:
        tags.append(("citation_technical_report_institution", "; ".join(n.full for n in ref.names)))
    publisher = ref.institution or "; ".join(n.full for n in ref.names if not n.is_person)
    if publisher:
        tags.append(("citation_publisher", publisher))
    tags.append(("citation_language", ref.language))
    doc_url = request.build_absolute_uri(document.get_absolute_url())
    tags += [("citation_public_url", ref.url), ("citation_fulltext_html_url", doc_url)]
    tags.append(("citation_abstract_html_url", doc_url))
    # No citation_pdf_url: the library does not publish source files (the Markdown
    # export is offered as <link rel="alternate">, which Highwire has no name for).
    page = section.start_page if section is not None else _first_page(document)
    if page:
        tags.append(("citation_firstpage", str(page)))
    return tags


def _first_page(document: Document) -> int | None:
    first = document.sections.in_reading_order().exclude(start_page=None).first()
    return first.start_page if first else None


def markdown_url(document: Document) -> str:
    return reverse("portal:document-export", args=[document.slug, "md"])


def page_title(document: Document, section: Section | None, note: Footnote | None) -> str:
    if note is not None:
        return f"Note {note.label} · {document.title}"
    if section is not None:
        return f"{section.display_heading} · {document.title}"
    return document.title
