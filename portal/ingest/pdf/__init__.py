"""PDF with a text layer (pdfplumber): lines from characters, then paragraphs, headings, notes.

- Markers are digits set smaller and raised above their line's baseline.
- Headings are short lines in a larger or bold font; the sizes rank the levels.
- Running headers and footers (the same line on most pages, digits aside) and
  bare page numbers are dropped; the printed page number is kept on each block.
- Footnotes are the smaller lines at a page's bottom, each opening with its
  number; a note without one continues the last note of the page before.
- Endnotes are a trailing run of paragraphs numbered 1., 2., 3. in sequence
  (Pandoc's and most word processors' HTML-to-PDF layout).

An encrypted PDF, or one with no text at all (a scan), is refused with a sentence
saying what to do.
"""

from __future__ import annotations

import re
from collections import Counter
from io import BytesIO

import pdfplumber
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from ..base import Block, Draft, Format, IngestError, Metadata, ParseOptions
from ..common import normalise_date, split_authors
from .lines import Line, page_lines

_PAGE_NUMBER = re.compile(r"^(?:page\s+)?(\d{1,4})(?:\s*(?:/|of)\s*\d{1,4})?$", re.I)
_NOTE_START = re.compile(r"^(\d{1,4})(?:[.)]\s*|\s+)(?=\S|$)")
_BARE_NUMBER = re.compile(r"^\d{1,4}[.)]?$")
_END_PUNCT = tuple('.!?:;"”’)]')
_BACKLINK = re.compile(r"\s*[↩↑]\ufe0e?")
_DAMAGED = "This PDF is damaged and cannot be read: save or export it again."
MARGIN = 0.07  # share of the page height where running headers and footers live


def sniff(data: bytes) -> bool:
    return data[:1024].lstrip().startswith(b"%PDF-")


def read(data: bytes, options: ParseOptions) -> Draft:
    """Read PDF bytes; ``options.progress`` (0..1) is called after each page."""
    progress = options.progress
    info = check_pdf(data)
    pages: list[list[Line]] = []
    try:
        with pdfplumber.open(BytesIO(data)) as pdf:
            count = len(pdf.pages)
            for i, page in enumerate(pdf.pages):
                pages.append(page_lines(page, i))
                page.flush_cache()
                if progress:
                    progress((i + 1) / count)
    except IngestError:
        raise
    except Exception:  # pdfminer raises many kinds on malformed files
        raise IngestError(
            "This PDF is damaged and cannot be read: save or export it again."
        ) from None
    if sum(len(line.text) for lines in pages for line in lines) < 20:
        raise IngestError(
            "This PDF has no text layer (it looks scanned), so it needs OCR: run it through "
            "a text-recognition tool and upload the result."
        )
    return _draft(pages, info)


def check_pdf(data: bytes) -> Metadata:
    """Refuse encrypted or unreadable PDFs; return what the document information says."""
    try:
        reader = PdfReader(BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise IngestError(
                "This PDF is encrypted with a password: remove the protection (print or save "
                "it as an unprotected PDF) and upload it again."
            )
        info = reader.metadata or {}
    except IngestError:
        raise
    except (PdfReadError, ValueError, KeyError, OSError):
        raise IngestError(
            "This PDF is damaged and cannot be read: save or export it again."
        ) from None
    meta = Metadata()
    meta.title = str(info.get("/Title") or "").strip()
    meta.authors = split_authors(str(info.get("/Author") or ""))
    meta.summary = str(info.get("/Subject") or "").strip()
    return meta


def _draft(pages: list[list[Line]], meta: Metadata) -> Draft:
    draft = Draft(blocks=[], notes={}, meta=meta)
    body_size = _body_size(pages)
    repeated = _repeated_margin_lines(pages)
    body_lines: list[Line] = []
    for lines in pages:
        printed = None
        kept = []
        for line in lines:
            if _is_margin(line, repeated, body_size):
                m = _PAGE_NUMBER.match(line.text.strip())
                printed = int(m.group(1)) if m and printed is None else printed
                continue
            kept.append(line)
        notes, body = _split_page_notes(kept, body_size)
        for line in kept:
            line.page = printed if printed is not None else line.index + 1
        _add_page_notes(notes, draft)
        body_lines.extend(body)
    paragraphs = _paragraphs(body_lines, body_size)
    paragraphs = _take_endnotes(paragraphs, draft)
    draft.blocks = _blocks(paragraphs, body_size, meta)
    return draft


def _body_size(pages: list[list[Line]]) -> float:
    sizes: Counter[float] = Counter()
    for lines in pages:
        for line in lines:
            sizes[round(line.size, 1)] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


def _normal(text: str) -> str:
    return re.sub(r"\d+", "#", text.strip().lower())


def _repeated_margin_lines(pages: list[list[Line]]) -> set[str]:
    if len(pages) < 2:
        return set()
    seen: Counter[str] = Counter()
    for lines in pages:
        seen.update({_normal(line.text) for line in lines if line.in_margin(MARGIN)})
    return {text for text, n in seen.items() if n >= max(2, len(pages) // 2)}


def _is_margin(line: Line, repeated: set[str], body_size: float) -> bool:
    if not line.in_margin(MARGIN):
        return False
    text = line.text.strip()
    return (
        _normal(text) in repeated
        or bool(_PAGE_NUMBER.match(text))
        or (line.size < 0.8 * body_size and not line.markers)
    )


def _split_page_notes(lines: list[Line], body_size: float) -> tuple[list[Line], list[Line]]:
    """Footnotes are the run of smaller lines at the page's bottom that opens with a number."""
    start = len(lines)
    for i in range(len(lines) - 1, -1, -1):
        if lines[i].size >= 0.92 * body_size or lines[i].bold:
            break
        start = i
    notes = lines[start:]
    while notes and not _note_label(notes[0]) and start > 0 and not _is_continuation(notes):
        notes = notes[1:]
        start += 1
    if not notes:
        return [], lines
    return notes, lines[:start]


def _is_continuation(notes: list[Line]) -> bool:
    """A page's note area may open with the end of the previous page's last note."""
    return any(_note_label(line) for line in notes[1:])


def _note_label(line: Line) -> str:
    if line.markers and line.markers[0][1] == 0:
        return line.markers[0][0]
    m = _NOTE_START.match(line.text)
    return m.group(1) if m else ""


def _add_page_notes(lines: list[Line], draft: Draft) -> None:
    current = next(reversed(draft.notes), None) if draft.notes else None
    for line in lines:
        label = _note_label(line)
        text = line.text
        if label and line.markers and line.markers[0][1] == 0:
            rest = line.markers[1:]
        elif label:
            text, rest = _NOTE_START.sub("", text, count=1), []
        else:
            rest = line.markers
        if label and label not in draft.notes:
            current = label
            draft.notes[label] = text.strip()
        elif current is not None:
            draft.notes[current] = _join(draft.notes[current], text)
        del rest  # markers inside note text are not recorded as body references


def _join(a: str, b: str) -> str:
    a, b = a.rstrip(), b.strip()
    if not a:
        return b
    return a + b if a.endswith("-") and b[:1].islower() else f"{a} {b}"


class _Para:
    def __init__(self, line: Line) -> None:
        self.lines = [line]
        self.continues = False

    @property
    def first(self) -> Line:
        return self.lines[0]

    def text_and_markers(self) -> tuple[str, list[tuple[str, int]]]:
        text, markers = "", []
        for line in self.lines:
            joined = _join(text, line.text)
            base = len(joined) - len(line.text.strip())
            shift = len(line.text) - len(line.text.lstrip())
            markers += [(lb, max(0, base + off - shift)) for lb, off in line.markers]
            text = joined
        return text, markers


def _paragraphs(lines: list[Line], body_size: float) -> list[_Para]:
    gaps = [
        round(b.top - a.bottom, 1)
        for a, b in zip(lines, lines[1:], strict=False)
        if a.index == b.index and 0 <= b.top - a.bottom < 2 * body_size
    ]
    pitch = Counter(gaps).most_common(1)[0][0] if gaps else 0.3 * body_size
    paras: list[_Para] = []
    for line in lines:
        prev = paras[-1].lines[-1] if paras else None
        if prev is not None and _same_paragraph(prev, line, pitch):
            paras[-1].lines.append(line)
            continue
        para = _Para(line)
        if prev is not None and prev.index != line.index:
            para.continues = _runs_on(prev, line)
        paras.append(para)
    return paras


def _same_paragraph(prev: Line, line: Line, pitch: float) -> bool:
    if prev.index != line.index or prev.style != line.style:
        return False
    # A numbered item (a note in a list of endnotes) starts a paragraph of its own.
    if _NOTE_START.match(line.text) and (
        _BACKLINK.search(prev.text) or line.x0 < prev.x0 - 2 or _BARE_NUMBER.match(prev.text)
    ):
        return False
    return line.top - prev.bottom <= pitch + 0.4 * line.size


def _runs_on(prev: Line, line: Line) -> bool:
    """A paragraph cut by a page break: no final punctuation before, lowercase after."""
    text = prev.text.rstrip()
    return prev.style == line.style and not text.endswith(_END_PUNCT) and line.text[:1].islower()


def _take_endnotes(paras: list[_Para], draft: Draft) -> list[_Para]:
    """Find a trailing run of paragraphs numbered 1, 2, 3... and make them the notes."""
    start = None
    for i in range(len(paras) - 1, -1, -1):
        m = _NOTE_START.match(paras[i].first.text)
        if m and m.group(1) == "1" and _numbered_in_sequence(paras[i:]):
            start = i
            break
    if start is None:
        return paras
    current = None
    for para in paras[start:]:
        text, _ = para.text_and_markers()
        text = _BACKLINK.sub("", text).strip()
        m = _NOTE_START.match(text)
        expected = str(int(current) + 1) if current else "1"
        if m and m.group(1) == expected:
            current = expected
            draft.notes.setdefault(current, _NOTE_START.sub("", text, count=1))
        elif current is not None:
            joiner = " " if para.continues else "\n\n"
            draft.notes[current] = draft.notes[current].rstrip() + joiner + text
    body = paras[:start]
    # A rule or a "Notes" heading just before the notes is not body text.
    while body and body[-1].first.text.strip().lower() in ("notes", "endnotes", "footnotes"):
        body.pop()
    return body


def _numbered_in_sequence(paras: list[_Para]) -> bool:
    numbers = [int(m.group(1)) for p in paras if (m := _NOTE_START.match(p.first.text))]
    in_order = sum(1 for a, b in zip(numbers, numbers[1:], strict=False) if b == a + 1)
    return (
        len(numbers) >= 1
        and in_order >= 0.8 * (len(numbers) - 1)
        and len(numbers) >= 0.6 * len(paras)
    )


def _blocks(paras: list[_Para], body_size: float, meta: Metadata) -> list[Block]:
    styles = _heading_styles(paras, body_size)
    blocks: list[Block] = []
    title_block = False  # just after the title on page one: centred author and date lines
    for para in paras:
        text, markers = para.text_and_markers()
        level = styles.get(para.first.style)
        if level and _heading_like(para, text, body_size):
            title_block = not blocks and para.first.index == 0
            blocks.append(Block("heading", text, level, markers, page=para.first.page))
            continue
        if title_block and para.first.centred and _title_block_line(para, meta, text):
            continue
        title_block = False
        blocks.append(
            Block("para", text, 1, markers, page=para.first.page, continues=para.continues)
        )
    return blocks


def _heading_styles(paras: list[_Para], body_size: float) -> dict[tuple, int]:
    """Rank the styles that look like headings: larger first, then bold at body size."""
    found = {
        p.first.style
        for p in paras
        if (p.first.size >= 1.15 * body_size or (p.first.bold and p.first.size >= 0.95 * body_size))
        and _heading_like(p, p.text_and_markers()[0], body_size)
    }
    ranked = sorted(found, key=lambda s: (-s[0], not s[1]))
    return {style: min(i + 1, 6) for i, style in enumerate(ranked)}


def _heading_like(para: _Para, text: str, body_size: float) -> bool:
    """Short, few lines; a final full stop is allowed only in a heading set larger than bold."""
    if not 0 < len(text.split()) <= 25 or len(para.lines) > 3 or text.endswith(","):
        return False
    return not text.endswith(".") or para.first.size >= 1.15 * body_size


def _title_block_line(para: _Para, meta: Metadata, text: str) -> bool:
    """Centred lines under the title on page one give the authors and the date."""
    if len(para.lines) > 4 or len(text) > 300:
        return False
    for line in para.lines:
        value = line.text.strip()
        date = normalise_date(value)
        if date and len(value) <= 40:
            meta.date = meta.date or date
        elif value not in meta.authors:
            meta.authors = [*meta.authors, value]
    return True


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
        raise IngestError(
            "This PDF has no text layer (it looks scanned), so it needs OCR: run it through "
            "a text-recognition tool and upload the result."
        )


FORMAT = Format(name="pdf", label="PDF", extensions=(".pdf",), sniff=sniff, read=read, check=check)
