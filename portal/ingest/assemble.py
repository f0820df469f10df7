"""Turn a parser's ``Draft`` into a ``ParsedDocument``: sections, anchors, notes, warnings.

Shared by every format so that a heading, a long run without headings or a
missing note is treated the same whether it came from text, HTML, DOCX or PDF.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.text import slugify

from .base import (
    Block,
    Draft,
    IngestError,
    ParsedDocument,
    ParsedFootnote,
    ParsedRef,
    ParsedSection,
)
from .check import reference_warnings

# A run of text longer than this with no heading is split for navigation...
SPLIT_ABOVE_WORDS = 1000
# ...into parts of about this many words, at paragraph boundaries only.
TARGET_PART_WORDS = 450
ANCHOR_MAX = 60
FRONT_MATTER = "front-matter"


@dataclass
class _Part:
    heading: str
    level: int
    blocks: list[Block] = field(default_factory=list)
    synthetic: bool = False
    page: int | None = None

    @property
    def words(self) -> int:
        return sum(len(b.text.split()) for b in self.blocks)


def assemble(draft: Draft, source_format: str = "") -> ParsedDocument:
    """Form sections from the draft's blocks and check markers against notes."""
    warnings = list(draft.warnings)
    blocks = _join_continuations(draft.blocks)
    parts = _split_long_parts(_group_by_heading(blocks))
    anchors = _unique_anchors(parts)
    sections = tuple(
        _build_section(part, anchor) for part, anchor in zip(parts, anchors, strict=True)
    )
    if not sections:
        if not any(t.strip() for t in draft.notes.values()):
            raise IngestError(
                "The file holds no readable text: nothing but blank lines or numbers."
            )
        # Only note-like paragraphs: keep them as notes under an empty opening section.
        sections = (ParsedSection(anchor=FRONT_MATTER, heading="", level=1, text=""),)
    cited = [r.footnote for s in sections for r in s.refs]
    footnotes = _footnotes(draft.notes, cited)
    warnings += reference_warnings(draft.notes, cited)
    meta = draft.meta
    return ParsedDocument(
        title=meta.title.strip() or "Untitled document",
        subtitle=meta.subtitle.strip(),
        authors=tuple(a.strip() for a in meta.authors if a.strip()),
        date=meta.date,
        doc_type=meta.doc_type,
        language=meta.language,
        summary=meta.summary,
        sections=sections,
        footnotes=footnotes,
        warnings=tuple(warnings),
        source_format=source_format,
    )


def _join_continuations(blocks: list[Block]) -> list[Block]:
    """Glue a paragraph that a page break cut in two back onto its first half."""
    out: list[Block] = []
    for block in blocks:
        prev = out[-1] if out else None
        if block.continues and prev is not None and prev.kind != "heading":
            joiner = "" if prev.text.endswith(("-", "—", "/")) else " "
            base = len(prev.text) + len(joiner)
            prev.text = prev.text + joiner + block.text
            prev.markers.extend((label, base + off) for label, off in block.markers)
            continue
        out.append(
            Block(
                kind=block.kind,
                text=block.text,
                level=block.level,
                markers=list(block.markers),
                page=block.page,
                break_before=block.break_before,
            )
        )
    return [b for b in out if b.text.strip() or b.markers]


def _group_by_heading(blocks: list[Block]) -> list[_Part]:
    parts: list[_Part] = []
    for block in blocks:
        if block.kind == "heading":
            part = _Part(block.text.strip(), max(1, block.level), page=block.page)
            if block.markers:  # a marker on a heading is kept at the start of the text
                part.blocks.append(Block(kind="para", text="", markers=block.markers))
            parts.append(part)
            continue
        if not parts:
            parts.append(_Part(heading="", level=1))
        parts[-1].blocks.append(block)
    return parts


def _split_long_parts(parts: list[_Part]) -> list[_Part]:
    out: list[_Part] = []
    for part in parts:
        if part.words <= SPLIT_ABOVE_WORDS:
            out.append(part)
            continue
        chunks = _chunk_blocks(part.blocks)
        out.append(_Part(part.heading, part.level, chunks[0], part.synthetic, part.page))
        for chunk in chunks[1:]:
            out.append(_Part(_synthetic_heading(chunk), part.level, chunk, synthetic=True))
    return out


def _chunk_blocks(blocks: list[Block]) -> list[list[Block]]:
    """Cut at paragraph boundaries, preferring the page breaks near the target size."""
    chunks: list[list[Block]] = [[]]
    words = 0
    # Words after each block, counted once: re-summing them per block was quadratic.
    remaining = sum(len(b.text.split()) for b in blocks)
    for i, block in enumerate(blocks):
        chunks[-1].append(block)
        count = len(block.text.split())
        words += count
        remaining -= count
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if nxt is None or not nxt.text.strip():
            continue
        if remaining < TARGET_PART_WORDS // 2:
            continue
        page_break = nxt.break_before or (nxt.page is not None and nxt.page != block.page)
        # Any paragraph boundary will do, but a page break near the target reads best.
        if (words >= TARGET_PART_WORDS and page_break) or words >= 1.3 * TARGET_PART_WORDS:
            chunks.append([])
            words = 0
    return [c for c in chunks if c]


def _synthetic_heading(blocks: list[Block]) -> str:
    """Name an unheaded part by its opening words, as a reader would refer to it."""
    text = next((b.text for b in blocks if b.text.strip()), "")
    words = re.sub(r"\s+", " ", text).strip().split(" ")
    opening = " ".join(words[:8]).rstrip(",;:.—-")
    return opening + ("…" if len(words) > 8 else "")


def _unique_anchors(parts: list[_Part]) -> list[str]:
    anchors: list[str] = []
    seen: set[str] = set()
    # The next suffix to try per base: many identical headings stay linear, not quadratic.
    next_suffix: dict[str, int] = {}
    for i, part in enumerate(parts):
        base = anchor_for(part.heading) if part.heading else ""
        if not base:
            base = FRONT_MATTER if i == 0 else f"part-{i + 1}"
        anchor, n = base, next_suffix.get(base, 2)
        while anchor in seen:
            anchor, n = f"{base}-{n}", n + 1
        next_suffix[base] = n
        seen.add(anchor)
        anchors.append(anchor)
    return anchors


def anchor_for(heading: str) -> str:
    """A short slug of the heading, cut at a word boundary."""
    slug = slugify(heading.replace("’", "").replace("'", ""))
    if len(slug) > ANCHOR_MAX:
        slug = slug[:ANCHOR_MAX].rsplit("-", 1)[0]
    return slug.strip("-")


def _build_section(part: _Part, anchor: str) -> ParsedSection:
    pieces: list[str] = []
    refs: list[ParsedRef] = []
    pos = 0
    for block in part.blocks:
        if pieces:
            pos += 2  # the blank line between paragraphs
        text = block.text
        refs.extend(ParsedRef(label, pos + min(off, len(text))) for label, off in block.markers)
        pieces.append(text)
        pos += len(text)
    text = "\n\n".join(pieces)
    # Markers lifted from an empty paragraph sit at the end of the previous one.
    refs = [ParsedRef(r.footnote, min(r.offset, len(text))) for r in refs]
    pages = [p for p in [part.page] + [b.page for b in part.blocks] if p is not None]
    return ParsedSection(
        anchor=anchor,
        heading=part.heading,
        level=part.level,
        text=text,
        refs=tuple(sorted(refs, key=lambda r: r.offset)),
        start_page=pages[0] if pages else None,
    )


def _label_key(label: str) -> tuple[int, int, str]:
    return (0, int(label), "") if label.isdigit() else (1, 0, label)


def _footnotes(notes: dict[str, str], cited: list[str]) -> tuple[ParsedFootnote, ...]:
    """Every note found, plus an empty one for each cited label whose text is missing."""
    labels = list(notes)
    labels += [label for label in dict.fromkeys(cited) if label not in notes]
    if all(label.isdigit() for label in labels):
        labels.sort(key=_label_key)
    return tuple(ParsedFootnote(label, notes.get(label, "").strip()) for label in labels)
