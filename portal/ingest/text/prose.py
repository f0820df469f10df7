"""Plain text written as text: paragraphs between blank lines, headings, lists, verse.

Headings are ``#`` lines (Markdown ATX), lines underlined with ``===``/``---``
(setext), lines in capitals standing alone, and short title-like lines standing
alone before a paragraph. Notes are read only when the text shows an apparatus
(``endnotes``): otherwise every digit is text. A Project Gutenberg header gives
the title, author and language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import global_settings

from ..base import Block, Draft, Metadata
from .endnotes import lift_notes
from .frontmatter import infer_date, is_metadata_line, read_front_matter
from .util import ends_sentence, looks_like_heading

# Lines this long are whole paragraphs, not lines wrapped at a fixed width.
UNWRAPPED = 120
_ATX = re.compile(r"^(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^(=+|-+)[ \t]*$")
_ITEM = re.compile(r"^\s*(?:[-+•▪]|\*(?=\s)|\d{1,3}[.)]|[a-z][.)])\s+\S")
# A line that opens a note ("[1] ", "(1) ", "* ", "[Footnote 1:"), one per line in a list of notes.
_NOTE_LINE = re.compile(
    r"^(?:\[\^[^\]\s]{1,20}\]:|\[(?:Footnote |Note )?[\w*†‡§]{1,3}[:\]]|\(\d{1,3}\)\s"
    r"|\*{1,3} \S|[†‡§]{1,3} ?\S)"
)
_SECTION_NAME = re.compile(
    r"^(?:notes|footnotes|endnotes|references|bibliography|works cited|sources|abstract|"
    r"introduction|conclusions?|acknowledge?ments|appendix(?: [A-Z0-9]{1,3})?)$",
    re.I,
)
_INLINE_NOTE = re.compile(r"^\s*\[(?:Footnote|Note)\s+[\w*†‡§]{1,3}\s*:")
_PAGE_NUMBER = re.compile(r"^\d{1,4}$")
_COLUMNS = re.compile(r"\S\s{3,}\S")
_GUTENBERG_START = re.compile(r"^\*{3}\s*START OF (?:THE|THIS) PROJECT GUTENBERG", re.I | re.M)
_GUTENBERG_FIELD = re.compile(r"^(Title|Author|Language):\s*(\S.*)$", re.M)


@dataclass
class _Unit:
    kind: str  # heading | para | item
    text: str
    level: int = 1
    lines: int = 1  # how many source lines it came from
    continues: bool = False  # runs on from the paragraph before a note set inside it


def prose_draft(text: str) -> Draft:
    raw = _raw_paragraphs(text)
    wide = _wide(raw)
    units: list[_Unit] = []
    for lines in raw:
        for part, continues in _around_inline_notes(lines):
            found = _units(part, wide)
            found[0].continues = continues
            units += found
    _mark_short_headings(units)
    blocks, notes = lift_notes(_blocks(units))
    meta, warnings = Metadata(), []
    gutenberg = _gutenberg_meta(text, meta)
    if all(b.kind == "heading" for b in blocks):
        for block in blocks:  # headings of nothing: the first names it, all are the text
            meta.title = meta.title or block.text
            block.kind = "para"
    if not gutenberg and not (blocks and blocks[0].kind == "heading"):
        blocks = _title_page(blocks, meta, text)
    if not gutenberg:
        infer_date(meta, text, warnings)
    return Draft(blocks=blocks, notes=notes, meta=meta, warnings=warnings)


def _raw_paragraphs(text: str) -> list[list[str]]:
    """Runs of non-blank lines."""
    paras: list[list[str]] = []
    current: list[str] = []
    for line in text.split("\n"):
        if line.strip():
            current.append(line)
        elif current:
            paras.append(current)
            current = []
    if current:
        paras.append(current)
    return paras


def _around_inline_notes(lines: list[str]) -> list[tuple[list[str], bool]]:
    """A "[Footnote N: ...]" set inside a paragraph (a transcriber's habit) is taken out:
    the paragraph, the note, then the rest of the paragraph running on."""
    closing = _next_closing(lines)
    parts: list[tuple[list[str], bool]] = []
    current: list[str] = []
    continues = False
    i = 0
    while i < len(lines):
        end = closing[i] if _INLINE_NOTE.match(lines[i]) else None
        if end is None:
            current.append(lines[i])
            i += 1
            continue
        if current:
            parts.append((current, continues))
        parts.append((lines[i : end + 1], False))
        continues, current, i = bool(current) or continues, [], end + 1
    if current:
        parts.append((current, continues))
    return parts


def _next_closing(lines: list[str]) -> list[int | None]:
    """For each line, the first line from it on that ends with "]" (None if none does)."""
    out: list[int | None] = [None] * len(lines)
    nxt: int | None = None
    for j in range(len(lines) - 1, -1, -1):
        if lines[j].rstrip().endswith("]"):
            nxt = j
        out[j] = nxt
    return out


def _wide(paras: list[list[str]]) -> int:
    lengths = sorted(len(ln.strip()) for p in paras for ln in p)
    return max(40, lengths[int(len(lengths) * 0.9)]) if lengths else 80


def _units(lines: list[str], wide: int) -> list[_Unit]:
    """One run of lines as headings, list items or paragraphs."""
    if wide > UNWRAPPED and len(lines) > 1 and max(len(ln) for ln in lines) > UNWRAPPED:
        # Text not wrapped by hand (a word processor's "Save as text"): a line is a paragraph.
        return [u for line in lines for u in _units([line], wide)]
    first = lines[0].strip()
    if m := _ATX.match(first):
        head = _Unit("heading", " ".join(m.group(2).split()) or first, level=len(m.group(1)))
        return [head, *(_units(lines[1:], wide) if lines[1:] else [])]
    if len(lines) in (2, 3) and _SETEXT.match(lines[-1].strip()) and len(lines[-1].strip()) >= 3:
        text = " ".join(ln.strip() for ln in lines[:-1])
        if not _SETEXT.match(lines[0].strip()):
            level = 1 if lines[-1].strip()[0] == "=" else 2
            return [_Unit("heading", text, level=level, lines=len(lines))]
    if _is_caps_heading(lines):
        return [_Unit("heading", " ".join(" ".join(lines).split()), lines=len(lines))]
    if _NOTE_LINE.match(first) and sum(bool(_NOTE_LINE.match(ln)) for ln in lines) > 1:
        return [u for part in _split_at(lines, _NOTE_LINE) for u in _units(part, wide)]
    items = sum(bool(_ITEM.match(ln)) for ln in lines)
    if _ITEM.match(lines[0]) and items >= max(1, len(lines) // 3):
        return _items(lines)
    return [_Unit("para", t, lines=n) for t, n in _paragraph_texts(lines, wide)]


def _is_caps_heading(lines: list[str]) -> bool:
    """One or two lines in capitals, short, not a sentence running on."""
    if len(lines) > 2 or any(
        _COLUMNS.search(ln.strip()) or ln.startswith(" " * 20) for ln in lines
    ):
        return False  # a table of contents' row, or a signature set to the right
    text = " ".join(ln.strip() for ln in lines)
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 3 or len(text.split()) > 16 or text.endswith((",", ";")):
        return False
    if text.startswith(("*", "[", "(")) or is_metadata_line(text):
        return False
    return sum(c.isupper() for c in letters) / len(letters) >= 0.9


def _items(lines: list[str]) -> list[_Unit]:
    items = _split_at(lines, _ITEM)
    return [_Unit("item", _join([ln.strip() for ln in item]), lines=len(item)) for item in items]


def _split_at(lines: list[str], opener: re.Pattern[str]) -> list[list[str]]:
    """Lines in runs that each start at a line ``opener`` matches."""
    runs: list[list[str]] = []
    for line in lines:
        if opener.match(line) or not runs:
            runs.append([line])
        else:
            runs[-1].append(line)
    return runs


def _paragraph_texts(lines: list[str], wide: int) -> list[tuple[str, int]]:
    """Join wrapped lines; keep short lines (verse, an address) as lines; split where a
    short line ends a sentence and the next starts afresh (text with no blank lines)."""
    stripped = [ln.strip() for ln in lines]
    if len(stripped) > 1 and all(len(ln) < 0.6 * wide for ln in stripped):
        return [("\n".join(stripped), len(stripped))]
    out: list[tuple[str, int]] = []
    start = 0
    for i, line in enumerate(stripped[:-1]):
        nxt = stripped[i + 1]
        if ends_sentence(line) and len(line) < 0.6 * wide and nxt[:1].isupper():
            out.append((_join(stripped[start : i + 1]), i + 1 - start))
            start = i + 1
    out.append((_join(stripped[start:]), len(stripped) - start))
    return out


def _join(lines: list[str]) -> str:
    text = ""
    for line in lines:
        text += ("" if not text or text.endswith("-") else " ") + line
    return text


def _mark_short_headings(units: list[_Unit]) -> None:
    """A short title-like line alone before a paragraph, after a finished one, heads it;
    so does a section name documents share ("Notes", "References") before anything."""
    for i, unit in enumerate(units):
        if unit.kind != "para" or unit.lines != 1 or "\n" in unit.text:
            continue
        if _SECTION_NAME.match(unit.text):
            unit.kind = "heading"
            continue
        prev = units[i - 1] if i else None
        nxt = units[i + 1] if i + 1 < len(units) else None
        opens = prev is None or prev.kind == "heading" or ends_sentence(prev.text)
        if (
            opens
            and not _COLUMNS.search(unit.text)
            and (prev is None or prev.kind != "heading")
            and nxt is not None
            and nxt.kind == "para"
            and len(nxt.text) >= max(60, len(unit.text) + 20)
            and looks_like_heading(unit.text)
            and not is_metadata_line(unit.text)
        ):
            unit.kind = "heading"


def _blocks(units: list[_Unit]) -> list[Block]:
    pages = _page_numbers(units)
    blocks: list[Block] = []
    for i, unit in enumerate(units):
        if i in pages:
            continue
        kind = unit.kind if unit.kind in ("heading", "item") else "para"
        block = Block(kind=kind, text=unit.text, level=unit.level)  # type: ignore[arg-type]
        block.continues = unit.continues
        block.break_before = i - 1 in pages
        blocks.append(block)
    return blocks


def _page_numbers(units: list[_Unit]) -> set[int]:
    """Lines holding only a number that counts up between stretches of text: page numbers."""
    found = [(i, int(u.text)) for i, u in enumerate(units) if _PAGE_NUMBER.match(u.text)]
    pairs = list(zip(found, found[1:], strict=False))
    rising = sum(1 for (i, a), (j, b) in pairs if b > a and j > i + 1)
    if len(found) < 2 or rising < 0.8 * (len(found) - 1):
        return set()
    return {i for i, _ in found}


def _gutenberg_meta(text: str, meta: Metadata) -> bool:
    """Title, author and language from a Project Gutenberg header."""
    start = _GUTENBERG_START.search(text)
    if not start:
        return False
    for m in _GUTENBERG_FIELD.finditer(text[: start.start()]):
        name, value = m.group(1), m.group(2) + _continued(text, m.end())
        if name == "Title" and not meta.title:
            meta.title = value.strip()
        elif name == "Author" and not meta.authors:
            meta.authors = [a.strip() for a in re.split(r"\s+and\s+|;", value) if a.strip()]
        elif name == "Language":
            meta.language = _language_code(value) or meta.language
    return bool(meta.title)


def _language_code(name: str) -> str:
    """ "fr" for "French": the code of a language Django knows by that English name."""
    wanted = name.strip().lower()
    return next((code for code, label in global_settings.LANGUAGES if label.lower() == wanted), "")


def _continued(text: str, end: int) -> str:
    """The indented lines a Gutenberg header field wraps onto."""
    more = re.match(r"(?:\n[ \t]+\S[^\n]*)*", text[end:])
    return " " + " ".join(more.group(0).split()) if more and more.group(0).strip() else ""


def _title_page(blocks: list[Block], meta: Metadata, text: str) -> list[Block]:
    """Without a heading first, the short lines before the first paragraph are a title page."""
    front = 0
    limit = min(len(blocks), 8)
    while front < limit and len(blocks[front].text.split()) < 9:
        if blocks[front].markers or blocks[front].kind == "heading":
            break
        front += 1
    if not front:
        return blocks
    lines: list[str] = []
    for block in blocks[:front]:
        lines += [*block.text.split("\n"), ""]
    found, used = read_front_matter(lines, text)
    kept = [ln.strip() for i, ln in enumerate(lines) if ln.strip() and i not in used]
    if not kept and front == len(blocks):
        return blocks  # nothing but a title: keep it as the text
    for name in ("title", "subtitle", "authors", "date", "doc_type"):
        setattr(meta, name, getattr(found, name))
    return [Block(kind="para", text=ln) for ln in kept] + blocks[front:]
