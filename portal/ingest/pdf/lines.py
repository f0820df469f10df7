"""Rebuild a PDF page's text lines from pdfplumber's characters, lifting out superscript markers.

A superscript is set smaller than its line and sits above the line's baseline,
so PDF tools often put it on a line of its own; here it joins the line whose
band it sits in, and a run of superscript digits becomes a marker at the point
of the text where it stands. Rotated characters (margin stamps, sideways table
heads) and glyphs without a Unicode mapping are left out; pages set in columns
are read column by column (``columns``).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field

from .columns import find_gutters, reading_order, split_at_gutters

_MARKER = re.compile(r"^(?:\d{1,4}|[*†‡§¶∗]{1,3})$")
_UNMAPPED = re.compile(r"^\(cid:\d+\)$")
_BOLD = re.compile(r"bold|black|heavy|semibold|demi|-medi|,b$", re.I)


@dataclass
class Line:
    index: int  # physical page, from 0
    top: float
    bottom: float
    x0: float
    x1: float
    size: float
    bold: bool
    text: str
    markers: list[tuple[str, int]] = field(default_factory=list)
    page_height: float = 0.0
    page_width: float = 0.0
    centred: bool = False
    page: int | None = None  # printed page number, filled in later
    column: int = -1  # -1: not in a column (the page's only column, or across columns)
    chunk: int = 0  # lines read in one go: a column of a region, or a run across the page

    @property
    def style(self) -> tuple[float, bool]:
        return (round(self.size), self.bold)

    def in_margin(self, share: float) -> bool:
        return self.bottom < share * self.page_height or self.top > (1 - share) * self.page_height


@dataclass(frozen=True)
class Rule:
    """A short horizontal stroke that is not an underline: a footnote separator, perhaps."""

    x0: float
    x1: float
    y: float


@dataclass
class PageText:
    lines: list[Line]
    rules: list[Rule]


def page_text(page, index: int) -> PageText:
    """The page's lines in reading order, with markers lifted out, and its separator rules."""
    chars = [_unligature(c) for c in page.chars if _usable(c, page.height)]
    groups = _split_mixed(_merge_satellites(_baseline_groups(chars)))
    by_column: dict[int, list[list[dict]]] = {}
    for column, group in split_at_gutters(groups, find_gutters(groups)):
        by_column.setdefault(column, []).append(group)
    lines = []
    for column, col_groups in by_column.items():
        col_groups.sort(key=lambda g: max(c["bottom"] for c in g))
        for group in _attach_superscripts(col_groups):
            line = _line(group, index, page.width, page.height)
            line.column = column
            if line.text.strip() or line.markers:
                lines.append(line)
    lines = reading_order(lines)
    _mark_centred(lines, page.width)
    return PageText(lines, _rules(page, chars))


def _split_mixed(groups: list[list[dict]]) -> list[list[dict]]:
    """Cut a baseline group where type of another size stands far off: a 19 pt title in a
    side column level with 9 pt text, a heading level with a figure's caption (a layout's
    columns that no gutter runs the page's height to divide). Within one line, words of
    one size sit a word space apart; a gap over an em between two sizes is two lines."""
    out = []
    for group in groups:
        start, last = 0, None
        for i, c in enumerate(group):
            if not c["text"].strip():
                continue
            if last is not None:
                big, small = max(c["size"], last["size"]), min(c["size"], last["size"])
                if c["x0"] - last["x1"] > 1.2 * big and big >= 1.15 * small:
                    out.append(group[start:i])
                    start = i
            last = c
        out.append(group[start:])
    return [g for g in out if g]


def _usable(c: dict, height: float) -> bool:
    return (
        bool(c["text"])
        and c.get("upright", True)
        and not _UNMAPPED.match(c["text"])
        and -1 <= c["top"] <= height + 1  # a line running off the right edge is still text
    )


def _baseline_groups(chars: list[dict]) -> list[list[dict]]:
    """Chars on one baseline, each group held to its first char's bottom so lines never chain."""
    groups: list[list[dict]] = []
    anchor = 0.0
    for c in sorted(chars, key=lambda c: (round(_baseline(c), 1), c["x0"])):
        if groups and _baseline(c) - anchor <= 0.2 * max(c["size"], groups[-1][0]["size"]):
            groups[-1].append(c)
            continue
        groups.append([c])
        anchor = _baseline(c)
    for group in groups:
        group.sort(key=lambda c: c["x0"])
    return groups


# Presentation-form ligatures (ﬁ, ﬂ, ﬀ...) as their letters, so that "ﬁle" is found as "file".
_LIGATURES = {0xFB00: "ff", 0xFB01: "fi", 0xFB02: "fl", 0xFB03: "ffi", 0xFB04: "ffl"}


def _unligature(c: dict) -> dict:
    if len(c["text"]) == 1 and ord(c["text"]) in _LIGATURES:
        c["text"] = _LIGATURES[ord(c["text"])]
    return c


def _merge_satellites(groups: list[list[dict]]) -> list[list[dict]]:
    """Put letters set a little off their line's baseline back into it: the lowered E of the
    TeX logo, a subscript. A group within half a line of a much longer neighbour whose
    characters all fall in that neighbour's gaps belongs to it; a real line never does."""
    facts = [_band(g) for g in groups]
    into: dict[int, int] = {}
    for i, (bottom, _, visible) in enumerate(facts):
        if not visible or len(visible) > 8:  # a logo's letter, a subscript: never a line
            continue
        best = None
        for j in (i - 1, i + 1, i - 2, i + 2):
            if not 0 <= j < len(groups) or len(facts[j][2]) <= 2 * len(visible):
                continue
            distance = abs(facts[j][0] - bottom)
            if best is not None and distance >= abs(facts[best][0] - bottom):
                continue
            if distance <= 0.5 * facts[j][1] and _fits(visible, facts[j][2], facts[j][1]):
                best = j
        if best is not None:
            into[i] = best
    out: dict[int, list[dict]] = {}
    for i, group in enumerate(groups):
        host = i
        while host in into:  # a host is always longer, so this ends
            host = into[host]
        out.setdefault(host, []).extend(group)
    merged = [out[i] for i in sorted(out)]
    for group in merged:
        group.sort(key=lambda c: c["x0"])
    return merged


def _band(group: list[dict]) -> tuple[float, float, list[dict]]:
    visible = [c for c in group if c["text"].strip()]
    bottoms = sorted(_baseline(c) for c in visible) or [_baseline(group[0])]
    return bottoms[len(bottoms) // 2], _size(group), visible


def _fits(chars: list[dict], host: list[dict], size: float) -> bool:
    """Every char lies within the host line's extent and in one of its gaps."""
    left, right = host[0]["x0"] - 0.5 * size, host[-1]["x1"] + 0.5 * size
    starts = [h["x0"] for h in host]
    for c in chars:
        if c["x0"] < left or c["x1"] > right:
            return False
        width = max(c["x1"] - c["x0"], 0.1)
        near = host[max(0, bisect_left(starts, c["x0"] - 2 * size) - 1) :]
        for h in near:
            if h["x0"] > c["x1"]:
                break
            if min(c["x1"], h["x1"]) - max(c["x0"], h["x0"]) > 0.5 * width:
                return False
    return True


def _baseline(c: dict) -> float:
    """Where the char stands, from the page's top: its bottom is lower by the font's own
    descent, which differs between fonts (TeX's math symbols reach far below the line)."""
    matrix = c.get("matrix")
    if matrix and c.get("upright", True):
        descent = c["y0"] - matrix[5]  # both in PDF space: the glyph's box against its origin
        if -c["size"] <= descent <= 0:
            return c["bottom"] + descent
    return c["bottom"]


def _size(group: list[dict]) -> float:
    sizes = Counter(round(c["size"], 1) for c in group if c["text"].strip())
    return sizes.most_common(1)[0][0] if sizes else group[0]["size"]


def _attach_superscripts(groups: list[list[dict]]) -> list[list[dict]]:
    """Merge a group of small raised characters into the line whose band holds its baseline."""
    out: list[list[dict]] = []
    pending: list[tuple[list[dict], list[dict]]] = []
    sized = [(g, _size(g), min(c["top"] for c in g), max(c["bottom"] for c in g)) for g in groups]
    for i, (group, size, _top, bottom) in enumerate(sized):
        host = None
        for other, osize, otop, obottom in sized[i + 1 : i + 3]:
            raised = size < 0.9 * osize and otop - 0.2 * osize <= bottom < obottom - 0.1 * osize
            # ...and standing over it: small print beside a larger line is no superscript
            # of it (a letter's return address level with its reference line); a marker
            # may stand just before the line (a note's label) or past its end (a table's
            # cell of note references).
            over = other[0]["x0"] - osize <= group[-1]["x1"] and (
                group[-1]["x1"] <= other[-1]["x1"] + 3 * osize or _marker_only(group)
            )
            if raised and over:
                host = other
                break
        if host is not None:
            for c in group:
                c["_sup"] = True
            pending.append((host, group))
        else:
            out.append(group)
    for host, group in pending:
        host.extend(group)
        host.sort(key=lambda c: c["x0"])
    return out


def _marker_only(group: list[dict]) -> bool:
    return all(_MARKER.match(t) for t in "".join(c["text"] for c in group).split())


def _line(group: list[dict], index: int, width: float, height: float) -> Line:
    size = _size(group)
    body = [c for c in group if not c.get("_sup")]
    # Where the line stands: the middle of its chars' baselines, not their lowest bottom
    # (a math parenthesis reaches far below the line, and then a subscript, x₁, looked
    # raised above it and was read as a note mark).
    baselines = sorted(_baseline(c) for c in body if c["text"].strip())
    baseline = baselines[len(baselines) // 2] if baselines else _baseline(group[0])
    for c in group:
        if c["size"] < 0.9 * size and _baseline(c) < baseline - 0.15 * size:
            c["_sup"] = True
    text, markers = _text(group)
    if _GLUED.search(text):  # a tightly set line: its word spaces are narrower than usual
        text, markers = _text(group, TIGHT_SPACE)
    names = Counter(c["fontname"] for c in body if c["text"].strip())
    font = names.most_common(1)[0][0] if names else ""
    visible = [c for c in group if c["text"].strip()] or group
    return Line(
        index=index,
        top=min(c["top"] for c in visible),
        bottom=max(c["bottom"] for c in visible),
        x0=min(c["x0"] for c in visible),
        x1=max(c["x1"] for c in visible),
        size=size,
        bold=bool(_BOLD.search(font)),
        text=text,
        markers=markers,
        page_height=height,
        page_width=width,
    )


# A word space is wider than this share of the type size; in a tightly justified line
# that shows 25 letters without one, wider than the tight share (poppler's own threshold).
WORD_SPACE, TIGHT_SPACE = 0.2, 0.1
_GLUED = re.compile(r"[^\W\d_]{25}")


def _text(chars: list[dict], space: float = WORD_SPACE) -> tuple[str, list[tuple[str, int]]]:
    out: list[str] = []
    markers: list[tuple[str, int]] = []
    sup: list[dict] = []
    last_x1, last_size = None, 0.0

    def flush_sup() -> None:
        token = "".join(c["text"] for c in sup).strip()
        if _MARKER.match(token):
            markers.append((token.replace("∗", "*"), len("".join(out).rstrip())))
        elif token:
            out.append(token)
        sup.clear()

    for c in chars:
        if c.get("_sup"):
            if sup and (c["text"] == " " or c["x0"] - sup[-1]["x1"] > 0.3 * c["size"]):
                flush_sup()
            if c["text"].strip():
                sup.append(c)
            continue
        if sup:
            flush_sup()
        if c["text"].isspace():
            if out and not out[-1].endswith(" "):
                out.append(" ")
            continue
        # The smaller size sets the word space: small capitals mix two sizes in one word.
        gap = last_x1 is not None and c["x0"] - last_x1 > space * min(c["size"], last_size)
        if gap and out and not out[-1].endswith(" "):
            out.append(" ")
        out.append(c["text"])
        last_x1, last_size = c["x1"], c["size"]
    if sup:
        flush_sup()
    text = "".join(out)
    lead = len(text) - len(text.lstrip())
    stripped = text.strip()
    return stripped, [(lb, min(max(0, off - lead), len(stripped))) for lb, off in markers]


_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_HYPHENATED = re.compile(r"([^\W\d_]+)-$")
_FIRST_WORD = re.compile(r"[^\W\d_]+")
_URL = re.compile(r"https?:|www\.|/|@")


class Joiner:
    """Joins a paragraph's lines; a word hyphenated at a line's end is mended when the document
    has it whole ("literature"), kept when it has it hyphenated ("self-determination"), and
    otherwise mended only in a document that hyphenates words to fill its lines (LaTeX does,
    word processors mostly do not); a URL keeps its hyphens."""

    def __init__(self, texts) -> None:
        texts = list(texts)
        self.words = {w.lower() for text in texts for w in _WORD.findall(text)}
        whole = split = 0
        for a, b in zip(texts, texts[1:], strict=False):
            left, right = _HYPHENATED.search(a.rstrip()), _FIRST_WORD.match(b.strip())
            if left and right:
                pair = (left.group(1).lower(), right.group(0).lower())
                whole += "".join(pair) in self.words
                split += "-".join(pair) in self.words
        self.hyphenates = whole > split

    def __call__(self, a: str, b: str) -> str:
        a, b = a.rstrip(), b.strip()
        if not a:
            return b
        if a.endswith("\u00ad"):
            return a[:-1] + b
        left, right = _HYPHENATED.search(a), _FIRST_WORD.match(b)
        if left and right and b[:1].islower() and self._mend(a, left.group(1), right.group(0)):
            return a[:-1] + b
        if a.endswith("-") and b[:1].islower():
            return a + b
        return f"{a} {b}"

    def _mend(self, a: str, left: str, right: str) -> bool:
        token = a.rsplit(None, 1)[-1]
        if _URL.search(token) or "-" in token[:-1]:  # a URL, a slug: "by-azerbaijani-"
            return False
        left, right = left.lower(), right.lower()
        if left + right in self.words:
            return True
        if f"{left}-{right}" in self.words:
            return False
        return self.hyphenates


def _mark_centred(lines: list[Line], width: float) -> None:
    if not lines:
        return
    left = min(line.x0 for line in lines)
    right = max(line.x1 for line in lines)
    column = right - left
    for line in lines:
        middle = (line.x0 + line.x1) / 2
        line.centred = (
            line.column < 0
            and abs(middle - (left + right) / 2) < 0.03 * width
            and (line.x1 - line.x0) < 0.75 * column
            and line.x0 > left + 0.05 * column
        )


def _rules(page, chars: list[dict]) -> list[Rule]:
    """Thin horizontal strokes with no text sitting on them (underlines and table borders aside)."""
    strokes = []
    for obj in (*page.lines, *page.rects, *page.curves):
        if obj["bottom"] - obj["top"] <= 1.5 and 20 <= obj["x1"] - obj["x0"] <= 0.8 * page.width:
            strokes.append(obj)
    if len(strokes) > 60:  # a ruled table: no separator to find among its borders
        return []
    rules = []
    for s in strokes:
        y = (s["top"] + s["bottom"]) / 2
        underline = any(
            c["x1"] > s["x0"] and c["x0"] < s["x1"] and y - 4 <= c["bottom"] <= y + 1.5
            for c in chars
        )
        joined = any(  # a border segment continued by another at the same height
            o is not s and abs((o["top"] + o["bottom"]) / 2 - y) < 1 and abs(o["x0"] - s["x1"]) < 3
            for o in strokes
        )
        if not underline and not joined:
            rules.append(Rule(s["x0"], s["x1"], y))
    return rules
