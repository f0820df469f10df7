"""Notes written out in plain text: ``[1]``, ``(1)``, ``*``/``†`` and ``[Footnote 1: ...]``.

What pandoc ``-t plain``, e-mail, many converters and Project Gutenberg write: a
marker in the text, and the note as a paragraph of its own that starts with the
same label, after the paragraph, after each chapter or at the end.

A style counts as a footnote apparatus only when its note paragraphs are there
and are cited: every accepted marker has a note paragraph with its label further
on, and a group of note paragraphs nobody cites (a numbered URL list, a
reference list) stays text. So "[20]" in an index or "(1)" in an enumeration is
never a marker unless a note 20 or (1) follows it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from ..base import Block
from ..notes import unique_label

SYMBOLS = "*†‡§‖¶"
_AFTER_WORD = r"(?<=[\w.,;:!?'\"’”)\]_])"


@dataclass(frozen=True)
class Style:
    name: str
    note: re.Pattern[str]  # a paragraph that is a note: group 1 the label, group 2 its text
    marker: re.Pattern[str]  # a marker in running text: group 1 the label
    at_end_only: bool = False  # notes only in the closing run of paragraphs
    under_notes: bool = False  # notes only in a section headed "Notes" (or the like)


STYLES = (
    # Project Gutenberg: "[Footnote 12: text]" (its own paragraph, possibly several).
    Style(
        "footnote",
        re.compile(r"^\[(?:Footnote|Note)\s+([0-9]{1,3}|[A-Za-z]|[*†‡§]{1,3})\s*:\s*(.*)$", re.S),
        re.compile(r"\[([0-9]{1,3}|[A-Za-z]|[*†‡§]{1,3})\]"),
    ),
    Style(
        "bracket",
        re.compile(r"^\[([0-9]{1,3})\](?:[ \t]*(\S.*))?$", re.S),  # "[80]" alone: a lost note
        re.compile(r"\[([0-9]{1,3})\]"),
    ),
    # Markdown's own notes in a text file: "[^1]" and "[^1]: text".
    Style(
        "caret",
        re.compile(r"^\[\^([^\]\s]{1,20})\]:[ \t]*(.*)$", re.S),
        re.compile(r"\[\^([^\]\s]{1,20})\]"),
    ),
    # A numbered list under a "Notes" heading, cited as "[1]".
    Style(
        "listed",
        re.compile(r"^([0-9]{1,3})[.)][ \t]+(\S.*)$", re.S),
        re.compile(r"\[([0-9]{1,3})\]"),
        under_notes=True,
    ),
    Style(
        "paren",
        re.compile(r"^\(([0-9]{1,3})\)[ \t]+(\S.*)$", re.S),
        re.compile(_AFTER_WORD + r"\(([0-9]{1,3})\)"),
    ),
    Style(
        "symbol",
        re.compile(r"^(\*{1,3}(?=[ \t])|[†‡§‖¶]{1,3})[ \t]*(\S.*)$", re.S),  # not "*emphasis*"
        re.compile(_AFTER_WORD + rf"([{SYMBOLS}]{{1,3}})(?![\w{SYMBOLS}])"),
        at_end_only=True,
    ),
)
# The word a Gutenberg note opens with, which the note's text leaves out.
LABEL_WORD = re.compile(r"(?<=\[)(?:Footnote|Note)(?=\s+\S{1,3}\s*:)")
_NOTES_HEADING = re.compile(r"^\W*(notes|footnotes|endnotes|end notes)\W*$", re.I)
_NOT_NOTES = re.compile(
    r"^\W*(references|bibliography|works cited|literature( cited)?|sources|further reading|"
    r"links|see also)\W*$",
    re.I,
)


@dataclass
class Note:
    para: int  # index of its first paragraph
    label: str  # as printed
    text: str
    last_para: int = -1  # index of its last paragraph (a note may run over several)
    cited: bool = False


@dataclass
class Apparatus:
    style: Style
    notes: list[Note]
    # paragraph index -> [(label as printed, start, end)] of the markers to lift out
    markers: dict[int, list[tuple[str, int, int]]] = field(default_factory=dict)
    note_of: dict[tuple[int, int], Note] = field(default_factory=dict)  # (para, start) -> note

    def note_paras(self) -> set[int]:
        return {i for n in self.notes for i in range(n.para, n.last_para + 1)}


def find_apparatus(paras: list[str], headings: set[int]) -> Apparatus | None:
    """The note style the paragraphs show, with its notes and markers, or None.

    ``headings`` are the indexes of paragraphs read as headings: note groups under a
    "References" or "Bibliography" heading are a reference list, not notes.
    """
    best: Apparatus | None = None
    for style in STYLES:
        found = _read_style(style, paras, headings)
        if found and (best is None or _cited(found) > _cited(best)):
            best = found
    return best


def _cited(app: Apparatus) -> int:
    return sum(n.cited for n in app.notes)


def _read_style(style: Style, paras: list[str], headings: set[int]) -> Apparatus | None:
    notes = _note_paragraphs(style, paras, headings)
    if not notes:
        return None
    app = Apparatus(style, notes)
    inside = app.note_paras()
    by_label: dict[str, list[Note]] = {}
    for note in notes:
        by_label.setdefault(note.label, []).append(note)
    for i, para in enumerate(paras):
        if i in inside:
            continue
        for m in style.marker.finditer(para):
            note = _note_for(by_label, m.group(1), i)
            if note is not None:
                app.markers.setdefault(i, []).append((m.group(1), m.start(), m.end()))
                app.note_of[(i, m.start())] = note
                note.cited = True
    _drop_uncited_groups(app)
    if not _in_sequence(app):
        return None
    return app if app.notes else None


def _note_paragraphs(style: Style, paras: list[str], headings: set[int]) -> list[Note]:
    """Paragraphs that open with a note label (after the closing run, for symbols)."""
    first = _closing_run(style, paras) if style.at_end_only else 0
    notes: list[Note] = []
    excluded = style.under_notes
    i = first
    while i < len(paras):
        if i in headings:
            heading = paras[i]
            excluded = bool(
                _NOT_NOTES.match(heading)
                or (style.under_notes and not _NOTES_HEADING.match(heading))
            )
            i += 1
            continue
        m = style.note.match(paras[i])
        if not m or excluded:
            i += 1
            continue
        note = Note(i, m.group(1), (m.group(2) or "").strip(), last_para=i)
        if style.name == "footnote":
            _close_bracketed(note, paras)
        else:
            _run_on(note, style, paras, headings)
        if not note.text.strip() and style.name == "footnote":
            i += 1  # "[Footnote 1:" and nothing else: no note, the line stays text
            continue
        notes.append(note)
        i = note.last_para + 1
    return notes


def _run_on(note: Note, style: Style, paras: list[str], headings: set[int]) -> None:
    """A paragraph between note N and note N+1 that cites nothing is note N's next paragraph."""
    if not note.label.isdigit():
        return
    j = note.last_para + 1
    while j + 1 < len(paras) and j not in headings and not style.note.match(paras[j]):
        nxt = style.note.match(paras[j + 1])
        if not nxt or nxt.group(1) != str(int(note.label) + 1) or style.marker.search(paras[j]):
            return
        note.text += "\n\n" + paras[j].strip()
        note.last_para = j
        j += 1


def _close_bracketed(note: Note, paras: list[str]) -> None:
    """A "[Footnote N: ..." note runs until the paragraph whose text closes the bracket."""
    texts = [note.text]
    j = note.para
    while not _closes(texts[-1]) and j + 1 < len(paras) and j - note.para < 20:
        j += 1
        texts.append(paras[j].strip())
    if not _closes(texts[-1]):
        j, texts = note.para, [note.text]
    texts[-1] = texts[-1].rstrip()[:-1].rstrip() if _closes(texts[-1]) else texts[-1]
    note.text = "\n\n".join(texts)
    note.last_para = j


def _closes(text: str) -> bool:
    return text.rstrip().endswith("]")


def _closing_run(style: Style, paras: list[str]) -> int:
    """Where the run of note paragraphs that ends the text starts."""
    start = len(paras)
    while start > 0 and style.note.match(paras[start - 1]):
        start -= 1
    return start


def _note_for(by_label: dict[str, list[Note]], label: str, para: int) -> Note | None:
    """The note a marker cites: the first note with its label after it (notes in order)."""
    found = by_label.get(label, [])
    at = bisect_right(found, para, key=lambda n: n.para)
    return found[at] if at < len(found) else None


def _drop_uncited_groups(app: Apparatus) -> None:
    """A run of note paragraphs none of which is cited is a list, not notes."""
    groups: list[list[Note]] = []
    for note in app.notes:
        if groups and note.para <= groups[-1][-1].last_para + 2:
            groups[-1].append(note)
        else:
            groups.append([note])
    app.notes = [n for g in groups if any(n.cited for n in g) for n in g]


def _in_sequence(app: Apparatus) -> bool:
    """Numbered notes count up from 1 (restarting is allowed); symbols are not repeated."""
    labels = [n.label for n in app.notes]
    if app.style.name == "symbol":
        return len(set(labels)) == len(labels) and bool(labels)
    numbers = [int(lb) for lb in labels if lb.isdigit()]
    if not numbers:
        return bool(labels)
    # Onwards (a lost note leaves a gap) or back to 1 (a new chapter): nearly always.
    onwards = sum(1 for a, b in zip(numbers, numbers[1:], strict=False) if b > a or b == 1)
    return numbers[0] == 1 and onwards >= 0.8 * (len(numbers) - 1)


def lift_notes(blocks: list[Block]) -> tuple[list[Block], dict[str, str]]:
    """The blocks without their note paragraphs and markers, and the notes by unique label;
    the blocks unchanged and no notes when they show no apparatus."""
    headings = {i for i, b in enumerate(blocks) if b.kind == "heading"}
    if any(b.markers for b in blocks):
        return blocks, {}  # the format marked its notes itself
    app = find_apparatus([b.text for b in blocks], headings)
    if app is None:
        return blocks, {}
    notes, label_of = _note_labels(app)
    skip = app.note_paras()
    kept: list[Block] = []
    for i, block in enumerate(blocks):
        if i in skip:
            continue
        found = [(label_of[id(app.note_of[(i, s)])], s, e) for _lb, s, e in app.markers.get(i, [])]
        block.text, block.markers = _lift(block.text, found)
        kept.append(block)
    return kept, notes


def _note_labels(app: Apparatus) -> tuple[dict[str, str], dict[int, str]]:
    """Note texts by unique label; numbers restarting (per chapter) get the chapter's prefix."""
    notes: dict[str, str] = {}
    label_of: dict[int, str] = {}
    restart = last = 0
    for note in app.notes:
        if note.label.isdigit():
            restart += int(note.label) <= last
            last = int(note.label)
        label = unique_label(f"{restart + 1}.{note.label}" if restart else note.label, notes)
        paras = note.text.strip().split("\n\n")  # short lines are verse in the body, not here
        notes[label] = "\n\n".join(" ".join(p.split("\n")) for p in paras)
        label_of[id(note)] = label
    return notes, label_of


def _lift(text: str, found: list[tuple[str, int, int]]) -> tuple[str, list[tuple[str, int]]]:
    """Remove markers from the text, with the space that set one off from the word before."""
    out: list[str] = []
    markers: list[tuple[str, int]] = []
    pos = length = 0
    for label, start, end in found:
        chunk = text[pos:start]
        if chunk.endswith(" ") and (end == len(text) or not text[end].isalnum()):
            chunk = chunk[:-1]
        out.append(chunk)
        length += len(chunk)
        markers.append((label, length))
        pos = end
    out.append(text[pos:])
    return "".join(out), markers
