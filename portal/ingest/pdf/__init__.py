"""PDF with a text layer (pdfplumber): lines from characters, then paragraphs, headings, notes.

- ``lines``: text lines rebuilt from characters; raised digits become markers;
  rotated text dropped; pages set in columns read column by column (``columns``).
- ``margins``: running heads and feet, odd and even, and page numbers dropped;
  the printed page number kept on each block.
- ``notes``: page-bottom footnotes (under a separator rule or in smaller type,
  numbers checked against the sequence the text expects), and endnotes: a
  trailing run of paragraphs numbered 1., 2., 3. (Pandoc's and most word
  processors' HTML-to-PDF layout).
- ``paragraphs``: paragraphs, headings by size and weight, the title block.

A PDF locked with a password, or one with no text at all (a scan), is refused
with a sentence saying what to do; one encrypted with an empty password (many
are, to restrict printing) is read.
"""

from __future__ import annotations

from collections import Counter
from io import BytesIO

import pdfplumber
from pypdf import PdfReader

from ..base import Draft, Format, IngestError, Metadata, ParseOptions
from ..common import date_alone, split_authors
from .lines import Joiner, Line, PageText, page_text
from .margins import strip_margins
from .notes import PageNotes, take_endnotes
from .paragraphs import blocks, paragraphs

_DAMAGED = "This PDF is damaged and cannot be read: save or export it again."
_LOCKED = (
    "This PDF is encrypted with a password: remove the protection (print or save "
    "it as an unprotected PDF) and upload it again."
)
_SCANNED = (
    "This PDF has no text layer (it looks scanned), so it needs OCR: run it through "
    "a text-recognition tool and upload the result."
)


def sniff(data: bytes) -> bool:
    return data[:1024].lstrip().startswith(b"%PDF-")


def read(data: bytes, options: ParseOptions) -> Draft:
    """Read PDF bytes; ``options.progress`` (0..1) is called after each page."""
    info = check_pdf(data)
    pages: list[PageText] = []
    try:
        with pdfplumber.open(BytesIO(data), password="") as pdf:
            count = len(pdf.pages)
            for i, page in enumerate(pdf.pages):
                pages.append(page_text(page, i))
                page.flush_cache()
                if options.progress:
                    options.progress((i + 1) / count)
    except IngestError:
        raise
    except Exception:  # pdfminer raises many kinds on malformed files
        raise IngestError(_DAMAGED) from None
    if sum(len(line.text) for page in pages for line in page.lines) < 20:
        raise IngestError(_SCANNED)
    return _draft(pages, info)


def check_pdf(data: bytes) -> Metadata:
    """Refuse locked or unreadable PDFs; return what the document information says."""
    try:
        reader = PdfReader(BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise IngestError(_LOCKED)
        info = reader.metadata or {}
    except IngestError:
        raise
    except Exception:  # pypdf raises many kinds on malformed files
        raise IngestError(_DAMAGED) from None
    meta = Metadata()
    meta.title = str(info.get("/Title") or "").strip()
    meta.authors = split_authors(str(info.get("/Author") or ""))
    meta.summary = str(info.get("/Subject") or "").strip()
    return meta


def _draft(pages: list[PageText], meta: Metadata) -> Draft:
    draft = Draft(blocks=[], notes={}, meta=meta)
    body_size = _body_size([p.lines for p in pages])
    kept = strip_margins([p.lines for p in pages], body_size)
    join = Joiner(line.text for lines in kept for line in lines)
    notes = PageNotes(draft.notes, join)
    body_lines: list[Line] = []
    for page, lines in zip(pages, kept, strict=True):
        if not lines:
            continue
        notes.start_page(lines[0].index, lines, body_size)
        page_body: list[Line] = []
        for chunk in _chunks(lines):
            body, _ = notes.split(chunk, page.rules, body_size)
            page_body.extend(body)
        notes.end_page(page_body)
        body_lines.extend(page_body)
    meta.date = meta.date or _title_page_date(body_lines)
    paras = paragraphs(body_lines, body_size, join)
    page_notes = set(draft.notes)
    paras = take_endnotes(paras, draft.notes)
    endnotes = set(draft.notes) - page_notes
    unresolved = _resolve_markers(body_lines, notes, endnotes)
    draft.blocks = blocks(paras, body_size, meta)
    if unresolved >= 3 and not draft.notes:
        draft.warnings.append(
            f"{unresolved} raised numbers look like note markers, but no notes were found "
            "at the page bottoms or the end: they are kept as text."
        )
    return draft


def _title_page_date(lines: list[Line]) -> str:
    """The date a report prints alone on a line of its first page, running heads and notes
    left out (the document information has none that says it: its creation date is the
    file's, not the report's)."""
    first = lines[0].index if lines else 0
    for line in lines:
        if line.index != first:
            break
        if date := date_alone(line.text):
            return date
    return ""


def _chunks(lines: list[Line]) -> list[list[Line]]:
    out: list[list[Line]] = []
    for line in lines:
        if out and out[-1][-1].chunk == line.chunk:
            out[-1].append(line)
        else:
            out.append([line])
    return out


def _resolve_markers(lines: list[Line], notes: PageNotes, endnotes: set[str]) -> int:
    """Point each marker at its note; a raised number with no note goes back into the text."""
    unresolved = 0
    for line in lines:
        if not line.markers:
            continue
        text, markers, shift = line.text, [], 0
        for printed, offset in line.markers:
            label = notes.resolve(line.index, printed) or (printed if printed in endnotes else None)
            if label is not None:
                markers.append((label, offset + shift))
                continue
            unresolved += 1
            at = offset + shift
            text = text[:at] + printed + text[at:]
            shift += len(printed)
        line.text, line.markers = text, markers
    return unresolved


def _body_size(pages: list[list[Line]]) -> float:
    sizes: Counter[float] = Counter()
    for lines in pages:
        for line in lines:
            sizes[round(line.size, 1)] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


# Pages looked at for a text layer before the full parse, which checks them all.
PDF_SAMPLE_PAGES = 8


def check(data: bytes) -> None:
    """Before an upload is stored: readable, not locked, with a text layer."""
    check_pdf(data)
    _require_text_layer(data)


def _require_text_layer(data: bytes) -> None:
    """Refuse a scan before it is stored: no page among the first few has text."""
    reader = PdfReader(BytesIO(data))
    if reader.is_encrypted:
        reader.decrypt("")
    for page in reader.pages[:PDF_SAMPLE_PAGES]:
        if len((page.extract_text() or "").strip()) >= 20:
            return
    if len(reader.pages) <= PDF_SAMPLE_PAGES:
        raise IngestError(_SCANNED)


FORMAT = Format(name="pdf", label="PDF", extensions=(".pdf",), sniff=sniff, read=read, check=check)
