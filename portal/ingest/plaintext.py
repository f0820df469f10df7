"""Plain text as it comes out of PDFs and word processors, in the shapes the corpus shows.

- Unicode superscript markers with numbered note paragraphs, or unnumbered
  endnotes matched by order (``superscript``);
- PDF text: digit markers glued to words, notes at page bottoms under a line
  holding their number, bare page numbers (``pdftext``);
- anything else: paragraphs and headings, no notes.
"""

from __future__ import annotations

import re

from .assemble import assemble
from .base import Draft, IngestError, ParsedDocument
from .detect import decode_text
from .pdftext import pdf_text_draft
from .superscript import superscript_draft
from .textutil import SUP_RUN


def parse(data: bytes, name: str = "") -> ParsedDocument:
    text = normalise(decode_text(data))
    if not text.strip():
        raise IngestError("The file holds no text.")
    return assemble(draft_for(text), source_format="txt")


def normalise(text: str) -> str:
    """Unix newlines, no control characters, no trailing spaces (leading ones carry layout)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    text = re.sub(r"[\x00-\x08\x0b\x0e-\x1f\x7f\u200b\ufeff]", "", text)
    return "\n".join(line.rstrip() for line in text.split("\n"))


def draft_for(text: str) -> Draft:
    """Pick the shape the text is in and read it."""
    if len(SUP_RUN.findall(text)) >= 3:
        return superscript_draft(text)
    return pdf_text_draft(text)
