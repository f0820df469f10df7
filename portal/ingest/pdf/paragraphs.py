"""From lines to paragraphs and headings: the body text of a PDF in reading order.

Lines of one style at the usual line pitch form a paragraph; a paragraph cut by a
page or column break (no final punctuation, a lowercase start after it) runs on.
Headings are short paragraphs in a larger or bold font, ranked by size; centred
lines under the title on page one give the authors and the date.
"""

from __future__ import annotations

import re
from collections import Counter

from ..base import Block, Metadata
from ..common import normalise_date
from .lines import Joiner, Line

NUMBERED = re.compile(r"^(\d{1,4})(?:[.)]\s*|\s+)(?=\S|$)")
BACKLINK = re.compile(r"\s*[↩↑]\ufe0e?")
_BARE_NUMBER = re.compile(r"^\d{1,4}[.)]?$")
_END_PUNCT = tuple('.!?:;"”’)]')
LARGER = 1.08  # a heading's size over the body's, when it is not bold
BOLD_AT = 0.95  # a bold heading is set at least this share of the body size
MAX_HEADING_LINES = 5  # a large heading may wrap this far


class Para:
    def __init__(self, line: Line, join: Joiner) -> None:
        self.lines = [line]
        self.continues = False
        self.join = join

    @property
    def first(self) -> Line:
        return self.lines[0]

    def text_and_markers(self) -> tuple[str, list[tuple[str, int]]]:
        text, markers = "", []
        for line in self.lines:
            joined = self.join(text, line.text)
            base = len(joined) - len(line.text.strip())
            shift = len(line.text) - len(line.text.lstrip())
            markers += [(lb, max(0, base + off - shift)) for lb, off in line.markers]
            text = joined
        return text, markers


def paragraphs(lines: list[Line], body_size: float, join: Joiner) -> list[Para]:
    gaps = [
        round(b.top - a.bottom, 1)
        for a, b in zip(lines, lines[1:], strict=False)
        if a.chunk == b.chunk and a.index == b.index and 0 <= b.top - a.bottom < 2 * body_size
    ]
    pitch = Counter(gaps).most_common(1)[0][0] if gaps else 0.3 * body_size
    paras: list[Para] = []
    for line in lines:
        prev = paras[-1].lines[-1] if paras else None
        if prev is not None and _same_paragraph(prev, line, pitch):
            paras[-1].lines.append(line)
            continue
        para = Para(line, join)
        if prev is not None and (prev.index, prev.chunk) != (line.index, line.chunk):
            para.continues = _runs_on(prev, line)
            if _heading_runs_on(paras[-1], line, body_size):
                paras[-1].lines.append(line)  # a heading cut by the page break
                continue
        paras.append(para)
    return paras


def _same_paragraph(prev: Line, line: Line, pitch: float) -> bool:
    if (prev.index, prev.chunk) != (line.index, line.chunk) or prev.style != line.style:
        return False
    # A numbered item (a note in a list of endnotes) starts a paragraph of its own.
    if NUMBERED.match(line.text) and (
        BACKLINK.search(prev.text) or line.x0 < prev.x0 - 2 or _BARE_NUMBER.match(prev.text)
    ):
        return False
    return line.top - prev.bottom <= pitch + 0.4 * line.size


def _heading_runs_on(para: Para, line: Line, body_size: float) -> bool:
    prev = para.lines[-1]
    return (
        prev.style == line.style
        and line.size >= LARGER * body_size
        and len(para.lines) < MAX_HEADING_LINES
        and not prev.text.rstrip().endswith(_END_PUNCT)
    )


def _runs_on(prev: Line, line: Line) -> bool:
    """A paragraph cut by a page break: no final punctuation before, lowercase after."""
    text = prev.text.rstrip()
    return prev.style == line.style and not text.endswith(_END_PUNCT) and line.text[:1].islower()


def blocks(paras: list[Para], body_size: float, meta: Metadata) -> list[Block]:
    styles = _heading_styles(paras, body_size)
    blocks: list[Block] = []
    title_block = False  # just after the title on page one: centred author and date lines
    title_size = 0.0
    for para in paras:
        text, markers = para.text_and_markers()
        # Under the title, centred lines in smaller type give the authors and the date,
        # even when they are set larger than the text (LaTeX's \maketitle).
        under_title = title_block and para.first.centred and para.first.size < title_size
        if under_title and _title_block_line(para, meta, text):
            continue
        level = styles.get(para.first.style)
        if level and _heading_like(para, text, body_size):
            title_block = not blocks and para.first.index == 0
            title_size = para.first.size
            blocks.append(Block("heading", text, level, markers, page=para.first.page))
            continue
        if title_block and para.first.centred and _title_block_line(para, meta, text):
            continue
        title_block = False
        blocks.append(
            Block("para", text, 1, markers, page=para.first.page, continues=para.continues)
        )
    return blocks


def _heading_styles(paras: list[Para], body_size: float) -> dict[tuple, int]:
    """Rank the styles that look like headings: larger first, then bold at body size."""
    found = {
        p.first.style
        for p in paras
        if (
            p.first.size >= LARGER * body_size
            or (p.first.bold and p.first.size >= BOLD_AT * body_size)
        )
        and _heading_like(p, p.text_and_markers()[0], body_size)
    }
    ranked = sorted(found, key=lambda s: (-s[0], not s[1]))
    return {style: min(i + 1, 6) for i, style in enumerate(ranked)}


def _heading_like(para: Para, text: str, body_size: float) -> bool:
    """Short, few lines; a final full stop is allowed only in a heading set larger than bold."""
    large = para.first.size >= LARGER * body_size
    if not 0 < len(text.split()) <= 25 or text.endswith(","):
        return False
    if len(para.lines) > (MAX_HEADING_LINES if large else 3):
        return False
    return not text.endswith(".") or large


def _title_block_line(para: Para, meta: Metadata, text: str) -> bool:
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
