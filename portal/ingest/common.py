"""Small helpers the Markdown, HTML, DOCX and PDF parsers share.

They build ``Block``s from runs of text and markers, normalise dates and
labels, and promote a lone top heading to the document's title.
"""

from __future__ import annotations

import re
from datetime import date as _date

from .base import Block, Metadata

_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    )
}
_ISO = re.compile(r"\b(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\b")
_DAY_MONTH_YEAR = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,})\.?,?\s+(\d{4})\b")
_MONTH_DAY_YEAR = re.compile(r"\b([A-Za-z]{3,})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")
_MONTH_YEAR = re.compile(r"\b([A-Za-z]{3,})\.?,?\s+(\d{4})\b")
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


class TextRun:
    """Collect text and lifted-out markers for one block, collapsing whitespace as HTML does."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.markers: list[tuple[str, int]] = []

    def add(self, text: str) -> None:
        text = _SPACES.sub(" ", text.replace("\n", " "))
        if not text:
            return
        if text.startswith(" ") and (not self.parts or self.parts[-1].endswith((" ", "\n"))):
            text = text.lstrip(" ")
        self.parts.append(text)
        self.length += len(text)

    def add_break(self) -> None:
        if self.parts and self.parts[-1].endswith(" "):
            self.parts[-1] = self.parts[-1].rstrip(" ")
            self.length = sum(len(p) for p in self.parts)
        self.parts.append("\n")
        self.length += 1

    def mark(self, label: str) -> None:
        self.markers.append((label, self.length))

    def block(self, kind: str = "para", level: int = 1, page: int | None = None) -> Block:
        """The block, trimmed, with marker offsets kept in step with the trimming."""
        raw = "".join(self.parts)
        lead = len(raw) - len(raw.lstrip())
        text = raw.strip()
        markers = [(lb, max(0, min(off - lead, len(text)))) for lb, off in self.markers]
        return Block(kind=kind, text=text, level=level, markers=markers, page=page)  # type: ignore[arg-type]


def clean_label(text: str) -> str:
    """'[12]' or '12.' or ' 12 ' -> '12'."""
    return text.strip().strip("[]()").rstrip(".").strip()


def normalise_date(text: str) -> str:
    """A date as precise as ``text`` gives it: 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' (or '')."""
    text = (text or "").strip()
    if not text:
        return ""
    m = _DAY_MONTH_YEAR.search(text)
    if m and _month(m.group(2)):
        return _iso(int(m.group(3)), _month(m.group(2)), int(m.group(1)))
    m = _MONTH_DAY_YEAR.search(text)
    if m and _month(m.group(1)):
        return _iso(int(m.group(3)), _month(m.group(1)), int(m.group(2)))
    m = _ISO.search(text)
    if m and m.group(2):
        return _iso(int(m.group(1)), int(m.group(2)), int(m.group(3) or 0))
    m = _MONTH_YEAR.search(text)
    if m and _month(m.group(1)):
        return _iso(int(m.group(2)), _month(m.group(1)), 0)
    return m.group(1) if (m := _ISO.search(text)) and 1000 < int(m.group(1)) < 2200 else ""


def date_alone(text: str) -> str:
    """``normalise_date`` of a text that is a date and nothing more, named to the month at
    least ("June 2023", "12th October 2022", "2021-03-12"); '' for any other text."""
    text = (text or "").strip()
    forms = (_DAY_MONTH_YEAR, _MONTH_DAY_YEAR, _MONTH_YEAR, _ISO)
    if not any(form.fullmatch(text) for form in forms):
        return ""
    date = normalise_date(text)
    return date if "-" in date else ""  # a year alone, or "Chapter 2023", is no such date


def _month(word: str) -> int:
    return _MONTHS.get(word[:3].lower(), 0)


def _iso(year: int, month: int, day: int) -> str:
    if not 1000 < year < 2200 or not 1 <= month <= 12:
        return str(year) if 1000 < year < 2200 else ""
    if not day:
        return f"{year:04d}-{month:02d}"
    try:
        return _date(year, month, day).isoformat()
    except ValueError:
        return f"{year:04d}-{month:02d}"


def split_authors(text: str) -> list[str]:
    """'A; B' -> ['A', 'B']: only semicolons and line breaks split, since
    organisations' names hold commas and "and" ("Centre for Truth and Justice")."""
    return [p.strip() for p in re.split(r"\s*[;\n]\s*", text or "") if p.strip()]


DOC_TYPES = {"report", "paper", "article", "thesis", "letter", "submission", "memo", "other"}


def doc_type(value: str) -> str:
    """A known document type (``Document.Type``) or "other"."""
    value = (value or "").strip().lower()
    return value if value in DOC_TYPES else "other"


def promote_title(blocks: list[Block], meta: Metadata) -> list[Block]:
    """Without a title from metadata, a lone top-level heading is the title, not a section.

    The other headings then move up one level, so the outline starts at 1.
    """
    headings = [b for b in blocks if b.kind == "heading"]
    if not headings:
        return blocks
    top = min(b.level for b in headings)
    tops = [b for b in headings if b.level == top]
    if meta.title:
        first = blocks[0]
        same = " ".join(first.text.split()) == " ".join(meta.title.split())
        # The title printed again as a heading (a cited one stays, and so does one that
        # is all the file holds: dropped, the document would hold nothing).
        if first.kind == "heading" and same and not first.markers and len(blocks) > 1:
            blocks = blocks[1:]
            if tops == [first]:
                _shift_levels(blocks, top)
        return blocks
    meta.title = tops[0].text.strip()
    if len(tops) == 1 and tops[0] is headings[0] and not tops[0].markers:
        blocks = [b for b in blocks if b is not tops[0]]
        _shift_levels(blocks, top)
    return blocks


def _shift_levels(blocks: list[Block], top: int) -> None:
    for b in blocks:
        if b.kind == "heading":
            b.level = max(1, b.level - top)


def add_meta_field(meta: Metadata, key: str, text: str) -> None:
    """A word processor's styled title-page paragraph (Title, Subtitle, Author...) into ``meta``."""
    if key == "title":
        meta.title = f"{meta.title} {text}".strip()
    elif key == "subtitle":
        meta.subtitle = text
    elif key == "author":
        meta.authors.extend(split_authors(text))
    elif key == "date":
        meta.date = normalise_date(text)
    else:
        meta.summary = f"{meta.summary}\n\n{text}".strip()
