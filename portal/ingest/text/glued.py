"""Text extracted from a PDF: markers are digits glued to words (``stamp1``, ``ceasefire,4``).

Notes sit at page bottoms as a line holding only their number, then their text;
page numbers stand alone on their lines; lines that begin with a space start a
new text block in the page's layout. The reader walks the lines once, keeping
the sequence of marker numbers to tell a marker from a year or a list number,
and places note texts whose number line was lost by what their markers cite.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from ..base import Block, Draft
from .frontmatter import infer_date, is_metadata_line, read_front_matter
from .util import URL, citation_score, ends_sentence, looks_like_heading, starts_lowercase

_NUMBER_LINE = re.compile(r"^\d{1,4}$")
_LIST_NUMBER_LINE = re.compile(r"^\d{1,3}\.$")
_ITEM = re.compile(r"^\d{1,3}\.\s+\S")
_NEW_NOTE = re.compile(r"^(?:ibid\b|id\.|supra\b|op\.? cit)", re.I)
# A marker glued to the word or punctuation before it: "stamp1", "ceasefire,4", "(a)(i),18".
_GLUED = re.compile(r"(?<=[A-Za-z\u00C0-\u024F.,;:)\]’”\"'!?])(\d{1,3})(?![\d\w])")
# A marker set off by a space after punctuation: "aggression. 17 These", "(iv), 31".
_SPACED = re.compile(r"(?<=[.,;:)\]’”\"]) (\d{1,3})(?=\s|$)")
# A marker glued to a year: "January 199012" is 1990 and note 12.
_YEAR_GLUED = re.compile(r"(?<![\d,])(1[89]\d\d|20\d\d)(\d{1,3})(?![\d\w])")
_STOP = frozenset(
    re.findall(
        r"\w+",
        "the and for with that this from was were are have has been not its their which into "
        "also such over only than more most other these those under upon after",
    )
)


@dataclass
class _Line:
    text: str
    indent: bool
    kind: str  # blank | number | listnum | text

    @property
    def value(self) -> int:
        return int(self.text.rstrip("."))


@dataclass
class _Orphan:
    """A note text whose number line was lost."""

    lines: list[str]
    last_label: int
    max_marker: int


@dataclass
class _State:
    blocks: list[Block] = field(default_factory=list)
    notes: dict[str, list[str]] = field(default_factory=dict)
    orphans: list[_Orphan] = field(default_factory=list)
    context: dict[str, str] = field(default_factory=dict)  # marker -> the words before it
    since_marker: list[str] = field(default_factory=list)  # body words since the last marker
    used: set[int] = field(default_factory=set)
    expected: int = 1
    last_label: int = 0
    para: Block | None = None
    para_closed: bool = True  # the open paragraph ended with its last line
    broken: bool = False  # a page break or blank line since the last body line
    after_notes: bool = False
    item_prefix: str = ""

    @property
    def max_marker(self) -> int:
        return max(self.used, default=0)


def pdf_text_draft(text: str) -> Draft:
    lines = [_classify(raw) for raw in text.split("\n")]
    front, start = _title_page(lines)
    meta, used = read_front_matter([ln.text for ln in front], text)
    state = _State()
    for i, line in enumerate(front):
        if line.kind != "blank" and i not in used:
            state.blocks.append(Block(kind="para", text=line.text))
    _Reader(lines, state, _wide(lines)).run(start)
    notes = {label: _join(parts) for label, parts in state.notes.items()}
    warnings = _place_orphans(state, notes)
    infer_date(meta, text, warnings)
    return Draft(blocks=state.blocks, notes=notes, meta=meta, warnings=warnings)


def _classify(raw: str) -> _Line:
    s = raw.strip()
    indent = raw.startswith(" ") and not raw.startswith("  ")
    if not s:
        return _Line("", False, "blank")
    if _NUMBER_LINE.match(s):
        return _Line(s, indent, "number")
    if _LIST_NUMBER_LINE.match(s):
        return _Line(s, indent, "listnum")
    return _Line(re.sub(r"\s+", " ", s), indent, "text")


def _title_page(lines: list[_Line]) -> tuple[list[_Line], int]:
    """The short lines before the first line of running text."""
    for i, line in enumerate(lines):
        if line.kind == "text" and len(line.text.split()) >= 9 and not is_metadata_line(line.text):
            return lines[:i], i
    return [], 0


def _wide(lines: list[_Line]) -> int:
    """How long a full line of running text is, to tell a paragraph's last line."""
    lengths = sorted(len(ln.text) for ln in lines if ln.kind == "text")
    return lengths[int(len(lengths) * 0.9)] if lengths else 80


class _Reader:
    def __init__(self, lines: list[_Line], state: _State, wide: int) -> None:
        self.lines = lines
        self.s = state
        self.wide = wide
        self.note: list[str] | None = None  # the note text being read

    def run(self, start: int) -> None:
        i = start
        while i < len(self.lines):
            line = self.lines[i]
            if line.kind == "blank":
                self._blank()
                i += 1
            elif line.kind == "number":
                self._number_line(i)
                i += 1
            elif self.note is not None and self._in_note(line):
                self._note_line(line)
                i += 1
            else:
                self.note = None
                i = self._body(i)
        self._close_para()

    def _next_nonblank(self, i: int) -> _Line | None:
        """The next line after ``i`` that is not blank (no copy of the rest: that was quadratic)."""
        lines = self.lines
        return next((lines[k] for k in range(i + 1, len(lines)) if lines[k].kind != "blank"), None)

    # Notes and page numbers

    def _number_line(self, i: int) -> None:
        value = self.lines[i].value
        s = self.s
        fits = value > s.last_label and str(value) not in s.notes and value <= s.max_marker + 2
        if fits and not self._body_follows(i):
            s.notes[str(value)] = []
            s.last_label = value
            self.note = s.notes[str(value)]
            self._page_break()
            return
        # A page number (or a number line out of sequence whose note text was lost).
        self.note = None
        self._page_break()

    def _body_follows(self, i: int) -> bool:
        """The next text holds the next expected marker: this number line was a page number."""
        nxt = self._next_nonblank(i)
        if nxt is None or nxt.kind != "text":
            return False
        return any(v == self.s.expected for v, *_ in _candidates(" " + nxt.text, self.s))

    def _in_note(self, line: _Line) -> bool:
        """Unindented text goes on the note; so does "50." ending a cut-off "art"."""
        if line.indent:
            return False
        if line.kind == "listnum":
            return bool(self.note) and not ends_sentence(self.note[-1])
        return line.kind == "text"

    def _note_line(self, line: _Line) -> None:
        note = self.note
        assert note is not None
        if note and ends_sentence(note[-1]) and _NEW_NOTE.match(line.text):
            # "Ibid, art 2(3)." right after a finished note: a note whose number line was lost.
            orphan = _Orphan([line.text], self.s.last_label, self.s.max_marker)
            self.s.orphans.append(orphan)
            self.note = orphan.lines
            return
        note.append(line.text)

    def _blank(self) -> None:
        if self.note is None:
            self.s.broken = True

    def _page_break(self) -> None:
        self.s.broken = True
        self.s.after_notes = True

    # Body text

    def _body(self, i: int) -> int:
        line = self.lines[i]
        if line.kind == "listnum":
            self._close_para()
            if self.s.item_prefix:  # a list number with no text of its own
                self.s.blocks.append(Block(kind="item", text=self.s.item_prefix.strip()))
            self.s.item_prefix = line.text + " "
            return i + 1
        end = i + 1
        while (
            end < len(self.lines) and self.lines[end].kind == "text" and not self.lines[end].indent
        ):
            end += 1
        block = [ln.text for ln in self.lines[i:end]]
        if self._is_orphan(block):
            self.s.orphans.append(_Orphan(block, self.s.last_label, self.s.max_marker))
            self._page_break()
            return end
        for j in range(i, end):
            self._body_line(j)
        return end

    def _is_orphan(self, block: list[str]) -> bool:
        text = " ".join(block)
        open_para = self.s.para is not None and not self.s.para_closed
        if not self.s.used:  # no marker cited yet: nothing for a stray note to belong to
            return False
        if self.s.item_prefix or len(block) > 6 or (open_para and starts_lowercase(text)):
            return False
        if open_para and not self.s.broken:
            return False
        in_sequence = any(
            self.s.expected - 3 <= v <= self.s.expected + 4 for v, *_ in _candidates(text, self.s)
        )
        return not in_sequence and citation_score(text) >= 3

    def _body_line(self, j: int) -> None:
        s = self.s
        line = self.lines[j]
        text = s.item_prefix + line.text
        s.item_prefix = ""
        if self._is_heading(j, text):
            self._close_para()
            s.blocks.append(Block(kind="heading", text=text, break_before=s.after_notes))
            self._remember(text)
            s.broken = s.after_notes = False
            s.para_closed = True
            return
        prev = s.para.text if s.para is not None else ""
        clean, markers = _lift(text, prev[-1:] if prev else " ", s)
        new_para = (
            s.para is None
            or _ITEM.match(text) is not None
            or (s.para_closed and not (s.broken and starts_lowercase(clean)))
            or (s.broken and ends_sentence(prev) and not starts_lowercase(clean))
        )
        if new_para:
            self._close_para()
            s.para = Block(
                kind="item" if _ITEM.match(text) else "para",
                text="",
                break_before=s.after_notes,
            )
        self._append(clean, markers)
        s.para_closed = ends_sentence(clean) and len(line.text) < 0.8 * self.wide
        s.broken = s.after_notes = False

    def _append(self, clean: str, markers: list[tuple[str, int]]) -> None:
        para = self.s.para
        assert para is not None
        joiner = _joiner(para.text)
        base = len(para.text) + len(joiner)
        para.text += joiner + clean
        para.markers.extend((label, base + off) for label, off in markers)
        pos = 0
        for label, off in markers:
            self._remember(clean[pos:off])
            self.s.context[label] = " ".join(self.s.since_marker[-80:])
            self.s.since_marker = []
            pos = off
        self._remember(clean[pos:])

    def _remember(self, text: str) -> None:
        self.s.since_marker.extend(text.split())

    def _close_para(self) -> None:
        if self.s.para is not None and self.s.para.text.strip():
            self.s.blocks.append(self.s.para)
        self.s.para = None

    def _is_heading(self, j: int, text: str) -> bool:
        s = self.s
        # The previous line ended a sentence (even a full-width one), or a break came between.
        opens = s.para is None or s.broken or ends_sentence(s.para.text)
        after_heading = s.para is None and s.blocks and s.blocks[-1].kind == "heading"
        if not opens or after_heading or _ITEM.match(text):
            return False
        if not looks_like_heading(text, allow_period=s.after_notes and self.lines[j].indent):
            return False
        if any(True for _ in _candidates(text, s) if _[0] == s.expected):
            return False
        nxt = self._next_nonblank(j)
        return (
            nxt is not None
            and nxt.kind == "text"
            and not starts_lowercase(nxt.text)
            and len(nxt.text) >= 0.55 * self.wide
        )


def _candidates(text: str, s: _State):
    """(value, start, end, kind) of digit runs that could be markers, in text order."""
    masked = URL.sub(lambda m: "_" * len(m.group(0)), text)
    found = []
    for m in _GLUED.finditer(masked):
        before = masked[: m.start(1)]
        # "1,000": a thousands separator, not a marker.
        if before.endswith(",") and before[-2:-1].isdigit() and len(m.group(1)) == 3:
            continue
        found.append((int(m.group(1)), m.start(1), m.end(1), "glued"))
    for m in _SPACED.finditer(masked):
        found.append((int(m.group(1)), m.start(), m.end(), "spaced"))
    for m in _YEAR_GLUED.finditer(masked):
        found.append((int(m.group(2)), m.start(2), m.end(2), "year"))
    return sorted(found, key=lambda c: c[1])


def _lift(text: str, prev_char: str, s: _State) -> tuple[str, list[tuple[str, int]]]:
    """Remove the markers that fit the sequence; keep every other digit as text."""
    scan = prev_char + " " + text  # so a marker at the line's start sees what precedes it
    accepted: list[tuple[int, int, int]] = []
    for value, start, end, kind in _candidates(scan, s):
        if start < 2 or value in s.used or any(a <= start < b for _v, a, b in accepted):
            continue
        if kind == "glued":
            ok = s.expected - 3 <= value <= s.expected + 4 and value >= 1
        else:  # set off by a space, or glued to a year: only the very next number
            ok = value in (s.expected, s.expected + 1) if kind == "spaced" else value == s.expected
        if ok:
            accepted.append((value, start, end))
            s.used.add(value)
            s.expected = max(s.expected, value + 1)
    out: list[str] = []
    markers: list[tuple[str, int]] = []
    pos = 2
    length = 0
    for value, start, end in accepted:
        out.append(scan[pos:start])
        length += start - pos
        markers.append((str(value), length))
        pos = end
    out.append(scan[pos:])
    return "".join(out), markers


def _joiner(previous: str) -> str:
    if not previous:
        return ""
    if previous.endswith("-") or _inside_url(previous):
        return ""
    return " "


def _inside_url(text: str) -> bool:
    """The text ends inside an angle-bracketed URL that the line break cut."""
    opened = text.rfind("<")
    return opened > text.rfind(">") and " " not in text[opened:]


def _join(lines: list[str]) -> str:
    out = ""
    for line in lines:
        out += _joiner(out) + line
    return out


def _tokens(text: str) -> set[str]:
    words = re.findall(r"[a-z]{3,}|\d+", text.lower())
    return {w for w in words if w not in _STOP}


def _idf(texts) -> dict[str, float]:
    """Rarer words say more about which marker a note belongs to."""
    sets = [_tokens(t) for t in texts]
    counts: dict[str, int] = {}
    for tokens in sets:
        for token in tokens:
            counts[token] = counts.get(token, 0) + 1
    return {t: math.log((1 + len(sets)) / c) for t, c in counts.items()}


def _similarity(a: set[str], b: set[str], idf: dict[str, float]) -> float:
    return sum(idf.get(t, 0.0) for t in a & b)


def _place_orphans(state: _State, notes: dict[str, str]) -> list[str]:
    """Give each note text whose number was lost the cited label its words best match."""
    warnings: list[str] = []
    cited = sorted(state.used)
    idf = _idf(state.context.values())
    previous = 0
    for orphan in state.orphans:
        text = _join(orphan.lines)
        window = [
            n
            for n in cited
            if orphan.last_label - 10 <= n <= orphan.max_marker and not notes.get(str(n))
        ]
        later = [n for n in window if n > previous]
        candidates = later or window
        if not candidates:
            label = f"u{len(warnings) + 1}"
            notes[label] = text
            warnings.append(f"A note text could not be matched to any marker: “{text[:60]}…”.")
            continue
        mine = _tokens(text)
        best = max(
            candidates,
            key=lambda n: (_similarity(mine, _tokens(state.context.get(str(n), "")), idf), -n),
        )
        notes[str(best)] = text
        previous = best
        warnings.append(
            f"The number of note {best} is missing in the file; its text was placed by "
            "what the marker cites."
        )
    return warnings
