"""Running heads and feet, and page numbers: printed on many pages, never part of the text.

A line near a page's top or bottom edge is a running head when the same words
(digits aside: "Cite as: 569 U. S. ____ (2013)", "4 1.1. TOPOLOGISCHE RÄUME")
stand at the same height on several pages; heads that alternate between odd
and even pages are each found on their own pages. A line whose position, size
and weight recur on most pages, set apart from the text, is one too, even when
its words change with the chapter. The printed page number is kept on each line.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from statistics import median

from .lines import Line

PAGE_NUMBER = re.compile(
    r"^(?:page\s+|p\.\s*)?[-–—]?\s*(\d{1,4}|[ivxlcdm]{1,7})\s*[-–—]?"
    r"(?:\s*(?:/|of)\s*\d{1,4})?$",
    re.I,
)
_EDGE_NUMBER = re.compile(r"^(\d{1,4})\s|\s(\d{1,4})$")
BAND = 0.15  # share of the page height at the top and bottom where running lines stand
TINY_BAND = 0.07  # small print this close to the edge is a page's imprint, not text
EDGE_LINES = 3  # how many lines from each end of a page may be running lines
SAME_HEIGHT = 6.0  # points: a running line stands at the same height on each page
PLACE_SHARE = 0.4  # a running head told by its place recurs on this share of the pages
# A bare number as a page's highest or lowest line, set apart, this far in: LaTeX's
# article class on A4 prints its page number 17% of the height from the bottom.
WIDE_BAND = 0.25
HEAD_SIZE = 1.05  # running heads are set no larger than the body text


def strip_margins(pages: list[list[Line]], body_size: float) -> list[list[Line]]:
    """The pages without running lines and page numbers; each line's ``page`` set."""
    running = _running(pages, body_size)
    out = []
    for lines in pages:
        printed = None
        kept = []
        edges = {id(line) for _, line in _edge_lines(lines, 2)}
        apart = {id(line) for line in _outermost(lines) if _set_apart(lines, line, 0.8)}
        cited = {label for line in lines for label, off in line.markers if off > 0}
        for line in lines:
            # (body_size is rounded: LaTeX's 10 pt is 9.96, and its page number no note label)
            if line.text.strip() in cited and line.size < 0.95 * body_size:
                kept.append(line)  # the label of an empty note at the page's foot
                continue
            number = (
                _page_number(line)
                if id(line) in edges
                else _page_number(line, WIDE_BAND)
                if id(line) in apart
                else None
            )
            if number is not None or id(line) in running or _imprint(line, body_size):
                printed = printed if printed is not None else (number or _edge_number(line))
                continue
            kept.append(line)
        for line in kept:
            line.page = printed if printed is not None else line.index + 1
        out.append(kept)
    return out


def _edge_lines(lines: list[Line], n: int = EDGE_LINES) -> list[tuple[int, Line]]:
    by_top = sorted(range(len(lines)), key=lambda i: lines[i].top)
    ends = by_top[:n] + by_top[-n:]
    return [(i, lines[i]) for i in dict.fromkeys(ends) if _in_band(lines[i], BAND)]


def _outermost(lines: list[Line]) -> list[Line]:
    """The page's highest and lowest lines."""
    if not lines:
        return []
    return [min(lines, key=lambda ln: ln.top), max(lines, key=lambda ln: ln.bottom)]


def _in_band(line: Line, share: float) -> bool:
    return line.bottom < share * line.page_height or line.top > (1 - share) * line.page_height


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"\d+", "#", text.strip().lower()))


def _running(pages: list[list[Line]], body_size: float) -> set[int]:
    """Ids of the running lines: repeated words at one height, or a recurring position."""
    if len(pages) < 2:
        return set()
    least = 2 if len(pages) <= 8 else 3
    by_text: dict[str, list[Line]] = defaultdict(list)
    by_place: dict[tuple, list[Line]] = defaultdict(list)
    for lines in pages:
        for _, line in _edge_lines(lines):
            if line.size > HEAD_SIZE * body_size:
                continue  # larger than the text: a heading that starts pages, not a running head
            if sum(ch.isalpha() for ch in line.text) >= 3:  # bare numbers: see _page_number
                by_text[_normal(line.text)].append(line)
            # Heads that change with the chapter are told by their place and their own style.
            if round(line.size) != round(body_size) and _set_apart(lines, line):
                by_place[(round(line.top / 3), round(line.size), line.bold)].append(line)
    found: set[int] = set()
    for group in by_text.values():
        if len({ln.index for ln in group}) >= least:
            at = median(ln.top for ln in group)
            found.update(id(ln) for ln in group if abs(ln.top - at) <= SAME_HEIGHT)
    for group in by_place.values():
        if len({ln.index for ln in group}) >= max(least, PLACE_SHARE * len(pages)):
            found.update(id(ln) for ln in group)
    return found


def _set_apart(lines: list[Line], line: Line, lines_apart: float | None = None) -> bool:
    """Farther from the other lines than the page's lines are from one another (or than
    ``lines_apart`` times its own size)."""
    if lines_apart is not None:
        gap = lines_apart * line.size
    else:
        gap = max(0.8 * line.size, 1.8 * _usual_gap(lines))
    return not any(
        other is not line and other.top < line.bottom + gap and other.bottom > line.top - gap
        for other in lines
    )


def _usual_gap(lines: list[Line]) -> float:
    tops = sorted(lines, key=lambda ln: ln.top)
    gaps = Counter(round(b.top - a.bottom) for a, b in zip(tops, tops[1:], strict=False))
    return max(0, gaps.most_common(1)[0][0]) if gaps else 0.0


def _page_number(line: Line, share: float = BAND) -> int | None:
    """The printed number if the line is a bare page number at the top or bottom of the page."""
    m = PAGE_NUMBER.match(line.text.strip())
    if not m or line.markers or not _in_band(line, share):
        return None
    value = m.group(1)
    return int(value) if value.isdigit() else 0


def _edge_number(line: Line) -> int | None:
    m = _EDGE_NUMBER.search(line.text.strip())
    return int(m.group(1) or m.group(2)) if m else None


def _imprint(line: Line, body_size: float) -> bool:
    return _in_band(line, TINY_BAND) and line.size < 0.8 * body_size and not line.markers
