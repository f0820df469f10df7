"""Text whose footnote markers are Unicode superscripts (``¹²³``), as word processors export it.

Two layouts: notes as paragraphs that start with their superscript number,
interleaved with the body where page breaks were (with note continuations and
body paragraphs cut by the page break); or notes at the end without numbers,
matched to the markers by order (a letter's endnotes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..base import Block, Draft
from .frontmatter import infer_date, is_metadata_line, read_front_matter
from .util import (
    SUP_RUN,
    SUPERSCRIPT_DIGITS,
    URL,
    citation_score,
    ends_sentence,
    looks_like_heading,
    starts_lowercase,
    sup_to_int,
)

_NOTE_START = re.compile(rf"^\s*([{SUPERSCRIPT_DIGITS}]+)(?:\s+\1)?\s+(\S.*)$", re.S)


@dataclass
class _Para:
    text: str
    kind: str = "body"  # body | note | note-cont | title
    label: str = ""
    break_before: bool = False  # notes stood between this and the previous body paragraph


def superscript_draft(text: str) -> Draft:
    paras = [p.strip("\n") for p in re.split(r"\n[ \t]*\n", text) if p.strip()]
    if any(_NOTE_START.match(p) for p in paras):
        items, notes, warnings = _interleaved(paras)
    else:
        items, notes, warnings = _endnotes(paras)
    return _draft(items, notes, warnings, text)


def _interleaved(paras: list[str]) -> tuple[list[_Para], dict[str, str], list[str]]:
    """Classify paragraphs; note continuations join the note they belong to."""
    items: list[_Para] = []
    notes: dict[str, str] = {}
    warnings: list[str] = []
    last_label = ""
    for i, raw in enumerate(paras):
        m = _NOTE_START.match(raw)
        prev = items[-1] if items else None
        if m:
            label = str(sup_to_int(m.group(1)))
            if label in notes:
                warnings.append(f"Note {label} is printed twice; the texts were joined.")
                notes[label] += " " + m.group(2).strip()
            else:
                notes[label] = m.group(2).strip()
            last_label = label
            items.append(_Para(raw, "note", label))
            continue
        nxt_is_note = i + 1 < len(paras) and _NOTE_START.match(paras[i + 1])
        if last_label and _is_note_continuation(raw, prev, bool(nxt_is_note)):
            notes[last_label] += " " + " ".join(raw.split())
            items.append(_Para(raw, "note-cont", last_label))
            continue
        items.append(_Para(raw, break_before=bool(prev and prev.kind != "body")))
    return items, notes, warnings


def _is_note_continuation(raw: str, prev: _Para | None, next_is_note: bool) -> bool:
    """A citation fragment beside notes (a URL or reference the page break cut off)."""
    if SUP_RUN.search(raw) or not (prev and prev.kind != "body" or next_is_note):
        return False
    s = raw.strip()
    return bool(URL.match(s.lstrip("<"))) or (bool(URL.search(s)) and citation_score(s) >= 3)


def _endnotes(paras: list[str]) -> tuple[list[_Para], dict[str, str], list[str]]:
    """Unnumbered notes at the end: the trailing run of citation paragraphs, in order."""
    start = len(paras)
    while start > 0 and _is_endnote_para(paras[start - 1]):
        start -= 1
    texts: list[str] = []
    for raw in paras[start:]:
        s = " ".join(raw.split())
        if texts and (_fragment(s) or not ends_sentence(texts[-1]) and not s.startswith("See")):
            texts[-1] += ("" if s[:1] in ".,;)" else " ") + s
        else:
            texts.append(s)
    notes = {str(i): t for i, t in enumerate(texts, start=1)}
    items = [_Para(p) for p in paras[:start]]
    warnings = []
    if notes:
        warnings.append(
            f"The {len(notes)} notes at the end carry no numbers: they were matched to the "
            "markers in the text by order."
        )
    return items, notes, warnings


def _is_endnote_para(raw: str) -> bool:
    s = " ".join(raw.split())
    return _fragment(s) or (citation_score(s) >= 2 and not SUP_RUN.search(s))


def _fragment(s: str) -> bool:
    return len(s) < 4 or (s[:1] in ".,;)" and len(s) < 40)


def _draft(items: list[_Para], notes: dict[str, str], warnings: list[str], text: str) -> Draft:
    body = [p for p in items if p.kind == "body"]
    front_count = _title_page_length(body)
    front_lines: list[str] = []
    for para in body[:front_count]:
        front_lines += [*para.text.split("\n"), ""]
    meta, used = read_front_matter(front_lines, text)
    blocks = _front_blocks(front_lines, used)
    prev_text = front_lines[-2] if len(front_lines) > 1 else ""
    for para in body[front_count:]:
        for n, unit in enumerate(_units(para.text)):
            clean, markers = lift_superscripts(unit)
            broken = para.break_before and n == 0
            continues = (
                bool(prev_text)
                and broken
                and (not ends_sentence(prev_text) or starts_lowercase(clean))
            )
            heading = (
                not continues
                and ends_sentence(prev_text)
                and "\n" not in unit
                and looks_like_heading(unit)
            )
            blocks.append(
                Block(
                    kind="heading" if heading else _kind(clean),
                    text=clean,
                    markers=markers,
                    continues=continues,
                    break_before=broken,
                )
            )
            prev_text = unit
    _recover_plain_markers(blocks, notes)
    infer_date(meta, text, warnings)
    return Draft(blocks=blocks, notes=notes, meta=meta, warnings=warnings)


def _units(text: str) -> list[str]:
    """A paragraph's lines: list items apart, short lines (an address) kept as lines."""
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    if len(lines) > 1 and any(_LIST_ITEM.match(ln) for ln in lines):
        return lines
    if len(lines) > 1 and all(len(ln) < 60 for ln in lines):
        return ["\n".join(lines)]
    return [" ".join(" ".join(lines).split())]


def _front_blocks(lines: list[str], used: set[int]) -> list[Block]:
    """Title-page lines not taken as title or subtitle; the last may head the first part."""
    kept = [(i, ln.strip()) for i, ln in enumerate(lines) if ln.strip() and i not in used]
    blocks = [Block(kind="para", text=ln) for _i, ln in kept]
    if kept and len(kept) > 1:
        last = kept[-1][1]
        if (
            not is_metadata_line(last)
            and not _salutation(last)
            and looks_like_heading(last)
            and len(last.split()) <= 4
        ):
            blocks[-1].kind = "heading"
    return blocks


_LIST_ITEM = re.compile(r"^(?:[-•▪*]\s|\d{1,3}[.)]\s)")


def _kind(text: str) -> str:
    return "item" if _LIST_ITEM.match(text) else "para"


def _title_page_length(body: list[_Para]) -> int:
    """How many leading paragraphs form the title page (before the first real paragraph)."""
    for i, para in enumerate(body):
        s = " ".join(para.text.split())
        words = len(s.split())
        if words >= 25 and ends_sentence(s) and not is_metadata_line(s.split(".")[0]):
            return i
        if _salutation(s):
            return i + 1
    return 0


def _salutation(s: str) -> bool:
    return bool(re.match(r"^(dear|to whom it may concern)\b", s, re.I))


def lift_superscripts(text: str) -> tuple[str, list[tuple[str, int]]]:
    """Remove superscript markers from ``text``, returning them as (label, offset) pairs."""
    out: list[str] = []
    markers: list[tuple[str, int]] = []
    pos = length = 0
    for m in SUP_RUN.finditer(text):
        chunk = text[pos : m.start()]
        # "Armenia; ⁶": drop the space that set the marker off, not the one after it.
        if chunk.endswith(" ") and (m.end() == len(text) or text[m.end()].isspace()):
            chunk = chunk[:-1]
        out.append(chunk)
        length += len(chunk)
        markers.append((str(sup_to_int(m.group(0))), length))
        pos = m.end()
    out.append(text[pos:])
    return "".join(out), markers


def _recover_plain_markers(blocks: list[Block], notes: dict[str, str]) -> None:
    """Find markers that lost their superscript ("Armenia; 6") between their neighbours."""
    present = {label for b in blocks for label, _ in b.markers}
    for label in notes:
        if label.isdigit() and label not in present:
            _find_plain_marker(blocks, int(label))


def _find_plain_marker(blocks: list[Block], number: int) -> None:
    """Lift ``number`` where it stands as plain digits after punctuation, in sequence."""
    pattern = re.compile(rf"(?<=[.,;:)”\"’])\s?{number}(?!\d)(?=\s*$|\s+[A-Z“\"(])")
    numbered = [(int(label), off) for b in blocks for label, off in b.markers if label.isdigit()]
    started = not any(n < number for n, _ in numbered)
    for block in blocks:
        nums = [(int(label), off) for label, off in block.markers if label.isdigit()]
        lower = [off for n, off in nums if n < number]
        higher = [off for n, off in nums if n > number]
        if lower:
            started = True
        if not started or block.kind == "heading":
            continue
        lo = max(lower) if lower else 0
        hi = min(higher) if higher else len(block.text)
        m = pattern.search(block.text, lo, hi)
        if m:
            _lift_at(block, m.start(), m.end(), str(number))
            return
        if higher:
            return


def _lift_at(block: Block, start: int, end: int, label: str) -> None:
    removed = end - start
    block.text = block.text[:start] + block.text[end:]
    block.markers = sorted(
        [(lb, off - removed if off >= end else off) for lb, off in block.markers]
        + [(label, start)],
        key=lambda m: m[1],
    )
