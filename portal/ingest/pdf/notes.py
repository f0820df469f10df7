"""Page-bottom footnotes, as word processors and LaTeX print them.

The note area of a column is what stands below a short separator rule, or else
the run of smaller lines at its bottom. A line there opens a note when it starts
with a number (raised or not) or a symbol that the text expects: one cited on
the page, or the next in sequence. Any other line, "324 (1985)" included, goes
on with the note before it; an area that does not open with a note continues
the last note of the page before ("(...continued)" aside). Numbering that starts
again (per chapter, per page) gets labels of its own ("2.1"), and a marker is
the note's only when that note is printed on its page (or the next), so raised
digits in formulas stay text.
"""

from __future__ import annotations

import re

from .lines import Joiner, Line, Rule
from .paragraphs import BACKLINK, NUMBERED, Para

_NUMBER_START = re.compile(r"^(\d{1,4})(?:[.)]\s*|\s+|$)")
_SYMBOL_START = re.compile(r"^([*†‡§¶∗]{1,3})\s+(?=\S)")  # "*Word": emphasis
_GLUED_SYMBOL = re.compile(r"\w([*†‡§¶])(?=\s|$)")
_CONTINUED = re.compile(r"\(\s*(?:\.{3}|…)?\s*continued\s*(?:\.{3}|…)?\s*\)", re.I)
SYMBOLS = ("*", "†", "‡", "§", "¶", "**", "††", "‡‡")
SMALLER = 0.92  # note type is set at most this share of the body size
INDENT = 0.1  # share of the column's width a note's first line may be indented
RULE_SLACK = 12.0  # points: a separator starts at its column's left edge
SHORT_RULE = 0.6  # share of the column's width: a footnote separator is shorter


class PageNotes:
    """The notes found at the bottom of each page, in order, under unique labels."""

    def __init__(self, notes: dict[str, str], join: Joiner) -> None:
        self.notes = notes
        self.join = join  # label -> text: the draft's notes
        self.defined: dict[int, dict[str, str]] = {}  # page -> printed label -> label
        self.last: tuple[str, str] | None = None  # (printed label, label) of the last note
        self.number = 0  # the last note number of the current sequence
        self.series = {"number": 1, "symbol": 1}
        self.index = 0
        self.cited: set[str] = set()
        self.cited_before: set[str] = set()
        self.ruled = False  # the last area found stands under a footnote separator
        self.first_area = True
        self.symbol = -1
        self.last_page = -2  # the page the last note was read on

    def start_page(self, index: int, lines: list[Line], body_size: float) -> None:
        self.index, self.first_area, self.symbol = index, True, -1
        here = {label for line in lines for label, off in line.markers if off > 0}
        body = [ln for ln in lines if ln.size >= SMALLER * body_size]
        here.update(m.group(1) for ln in body for m in _GLUED_SYMBOL.finditer(ln.text))
        # A note may be set on the page after its marker's (LaTeX does, near a page's end).
        self.cited, self.cited_before = here | self.cited_before, here

    def end_page(self, body: list[Line]) -> None:
        """Symbols of the page's notes set at a word's end ("Haldane*") become markers."""
        symbols = {p for p in self.defined.get(self.index, {}) if not p.isdigit()}
        for line in body if symbols else ():
            _lift_symbols(line, symbols)

    def split(
        self, chunk: list[Line], rules: list[Rule], body_size: float
    ) -> tuple[list[Line], list[Line]]:
        """A chunk's body lines and its note lines (read into the notes)."""
        start = self._below_rule(chunk, rules)
        ruled = start is not None and self.ruled
        if start is None:
            start = self._small_run(chunk, body_size)
        if start is None:
            return chunk, []
        self._read(chunk[start:], ruled)
        return chunk[:start], chunk[start:]

    def _below_rule(self, chunk: list[Line], rules: list[Rule]) -> int | None:
        left, right = _extent(chunk)
        for rule in rules:
            if abs(rule.x0 - left) > RULE_SLACK or rule.x1 > right + RULE_SLACK:
                continue
            start = next((i for i, ln in enumerate(chunk) if ln.top >= rule.y - 1), None)
            if not start or any(ln.bottom > rule.y + 2 for ln in chunk[:start]):
                continue
            # Under a short separator the next number will do, cited or not (a marker
            # lost in a formula); under a full-width rule (an <hr>) the note must be cited.
            short = rule.x1 - rule.x0 <= SHORT_RULE * (right - left)
            # A note goes on from the page before only under a separator: a table's top
            # border on the next page is no note area.
            if self._opens(chunk[start], first=not short, ruled=short) or (
                short and self._continues()
            ):
                self.ruled = short
                return start
        return None

    def _small_run(self, chunk: list[Line], body_size: float) -> int | None:
        start = len(chunk)
        while start > 0 and chunk[start - 1].size < SMALLER * body_size:
            start -= 1
        if start == 0:
            return None  # a column all in small type is not a page-bottom note area
        left, right = _extent(chunk)
        for k in range(start, len(chunk)):
            if chunk[k].x0 <= left + INDENT * (right - left) and self._opens(chunk[k], first=True):
                # Small lines before the first note end the last note of the page before.
                return start if k > start and self._continues() else k
        return None

    def _continues(self) -> bool:
        """The first note area of a page may go on with the note the page before ended with."""
        return self.first_area and self.last is not None and self.last_page == self.index - 1

    def _candidate(self, line: Line) -> tuple[str, str] | None:
        """The label a note line opens with, and its text after the label."""
        if line.markers and line.markers[0][1] == 0:
            return line.markers[0][0], line.text
        m = _NUMBER_START.match(line.text) or _SYMBOL_START.match(line.text)
        if not m:
            return None
        return m.group(1).replace("∗", "*"), line.text[m.end() :]

    def _opens(self, line: Line, first: bool = False, ruled: bool = False) -> bool:
        """Whether the line starts a note; an area's first note must be cited on its page,
        unless it stands under a footnote separator (``ruled``)."""
        found = self._candidate(line)
        if not found or (first and found[0] not in self.cited):
            return False
        return self._expected(found[0], ruled)

    def _expected(self, label: str, ruled: bool = False) -> bool:
        """The next number (or a later one that is cited), "1" starting again, the next symbol."""
        if label.isdigit():
            n = int(label)
            if n == self.number + 1 or (n == 1 and ruled):
                return True
            return label in self.cited and n > self.number
        # A symbol must be cited: an asterisk opening a line of a note is mostly emphasis.
        return label in SYMBOLS and label in self.cited and SYMBOLS.index(label) > self.symbol

    def _read(self, lines: list[Line], ruled: bool) -> None:
        label = self.last[1] if self.last else None
        left, right = _extent(lines)
        for n, line in enumerate(lines):
            found = self._candidate(line)
            text = line.text
            if found and n == 0 and self._continues() and found[0] == self.last[0]:
                text = found[1]  # "10 (...continued)": the note goes on from the page before
            elif (
                found
                and line.x0 <= left + INDENT * (right - left)
                and self._expected(found[0], ruled and n == 0)
            ):
                label, text = self._define(found[0]), found[1]
            if label is not None:
                self.notes[label] = self.join(self.notes[label], _CONTINUED.sub("", text))
        self.first_area, self.last_page = False, self.index

    def _define(self, printed: str) -> str:
        kind = "number" if printed.isdigit() else "symbol"
        label = self._label(printed, kind)
        while label in self.notes:  # the numbering started again
            self.series[kind] += 1
            label = self._label(printed, kind)
        if kind == "number":
            self.number = int(printed)
        else:
            self.symbol = SYMBOLS.index(printed) if printed in SYMBOLS else self.symbol
        self.notes[label] = ""
        self.defined.setdefault(self.index, {}).setdefault(printed, label)
        self.last = (printed, label)
        return label

    def _label(self, printed: str, kind: str) -> str:
        series = self.series[kind]
        if series == 1:
            return printed
        return f"{series}.{printed}" if kind == "number" else f"{printed}{series}"

    def resolve(self, index: int, printed: str) -> str | None:
        """The note a marker on page ``index`` refers to: one printed on that page or the next."""
        for page in (index, index + 1):
            label = self.defined.get(page, {}).get(printed)
            if label is not None:
                return label
        return None


def _extent(lines: list[Line]) -> tuple[float, float]:
    return min(line.x0 for line in lines), max(line.x1 for line in lines)


def _lift_symbols(line: Line, symbols: set[str]) -> None:
    for m in reversed(list(_GLUED_SYMBOL.finditer(line.text))):
        if m.group(1) not in symbols:
            continue
        at = m.start(1)
        line.text = line.text[:at] + line.text[m.end(1) :]
        moved = [(lb, off - 1 if off > at else off) for lb, off in line.markers]
        line.markers = sorted([*moved, (m.group(1), at)], key=lambda mk: mk[1])


def take_endnotes(paras: list[Para], notes: dict[str, str]) -> list[Para]:
    """Find a trailing run of paragraphs numbered 1, 2, 3... and make them the notes."""
    start = None
    for i in range(len(paras) - 1, -1, -1):
        m = NUMBERED.match(paras[i].first.text)
        if m and m.group(1) == "1" and _numbered_in_sequence(paras[i:]):
            start = i
            break
    if start is None:
        return paras
    current = None
    for para in paras[start:]:
        text, _ = para.text_and_markers()
        text = BACKLINK.sub("", text).strip()
        m = NUMBERED.match(text)
        expected = str(int(current) + 1) if current else "1"
        if m and m.group(1) == expected:
            current = expected
            notes.setdefault(current, NUMBERED.sub("", text, count=1))
        elif current is not None:
            joiner = " " if para.continues else "\n\n"
            notes[current] = notes[current].rstrip() + joiner + text
    body = paras[:start]
    # A rule or a "Notes" heading just before the notes is not body text.
    while body and body[-1].first.text.strip().lower() in ("notes", "endnotes", "footnotes"):
        body.pop()
    return body


def _numbered_in_sequence(paras: list[Para]) -> bool:
    numbers = [int(m.group(1)) for p in paras if (m := NUMBERED.match(p.first.text))]
    in_order = sum(1 for a, b in zip(numbers, numbers[1:], strict=False) if b == a + 1)
    return (
        len(numbers) >= 1
        and in_order >= 0.8 * (len(numbers) - 1)
        and len(numbers) >= 0.6 * len(paras)
    )
