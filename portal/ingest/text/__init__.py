"""Plain text as it comes out of PDFs and word processors, in the shapes the corpus shows.

- Unicode superscript markers with numbered note paragraphs, or unnumbered
  endnotes matched by order (``superscript``);
- notes written out in text, ``[1]``, ``(1)``, ``*``, ``[Footnote 1: ...]``,
  as pandoc, e-mail and Project Gutenberg write them (``prose`` with ``endnotes``);
- PDF text: digit markers glued to words, notes at page bottoms under a line
  holding their number, bare page numbers (``glued``), when those notes are there;
- anything else: paragraphs and headings (``prose``), every digit kept as text.
"""

from __future__ import annotations

import re

from ..base import Draft, Format, IngestError, ParseOptions
from ..check import lost_text_warning
from ..detect import decode_text
from .endnotes import LABEL_WORD
from .glued import pdf_text_draft
from .prose import prose_draft
from .superscript import superscript_draft
from .util import SUP_RUN

_NUMBER_LINE = re.compile(r"^[ \t]*\d{1,4}[ \t]*$", re.M)


def sniff(data: bytes) -> bool:
    return True  # the last resort: any text that is not another format


def read(data: bytes, options: ParseOptions) -> Draft:
    """Read plain text bytes into a ``Draft``."""
    text = normalise(decode_text(data))
    if not text.strip():
        raise IngestError("The file holds no text.")
    draft = draft_for(text)
    meta = draft.meta
    kept = [meta.title, meta.subtitle, *meta.authors, *draft.notes.values(), *draft.notes]
    kept += [label for b in draft.blocks for label, _ in b.markers]  # labels are kept as labels
    source = LABEL_WORD.sub("", text)  # "[Footnote 3: ..." keeps the note, not the word
    if warning := lost_text_warning([source], kept + [b.text for b in draft.blocks]):
        draft.warnings.append(warning)
    return draft


def normalise(text: str) -> str:
    """Unix newlines, no control characters, no trailing spaces (leading ones carry layout)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    text = re.sub(r"[\x00-\x08\x0b\x0e-\x1f\x7f\u200b\ufeff]", "", text)
    return "\n".join(line.rstrip() for line in text.split("\n"))


def draft_for(text: str) -> Draft:
    """Pick the shape the text is in and read it."""
    if len(SUP_RUN.findall(text)) >= 3:
        return superscript_draft(text)
    prose = prose_draft(text)
    if prose.notes or not _NUMBER_LINE.search(text):
        return prose  # page-bottom notes start on a line holding only their number
    glued = pdf_text_draft(text)
    return glued if has_page_notes(glued) else prose


def has_page_notes(draft: Draft) -> bool:
    """Digits glued to words are markers only when page-bottom notes under number lines
    answer them (a footnote apparatus, though pages may be lost), not numbers in
    measurements or scientific prose."""
    cited = {label for b in draft.blocks for label, _ in b.markers}
    answered = len(cited & {label for label, text in draft.notes.items() if text.strip()})
    return answered >= min(3, len(cited)) and answered >= max(1, len(cited) / 4)


FORMAT = Format(
    name="txt",
    label="plain text",
    extensions=(".txt", ".text", ".asc"),
    sniff=sniff,
    read=read,
    textual=True,
    check=decode_text,  # an encoding that cannot be read is refused before storing
)
