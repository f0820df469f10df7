"""Columns on a PDF page: find the gutters between them, split lines there, read column by column.

A gutter is a vertical band, away from the page's edges, that no word of a long
stretch of lines crosses while lines of several words stand on both sides of it
(a table's narrow cells do not make columns). Lines that cross every gutter
(a title, a float set across the page) cut the page into regions; each region
is read column by column, left to right.
"""

from __future__ import annotations

from statistics import median

MIN_LINES = 12  # fewer baseline groups than this: a page too short to tell columns
MIN_GUTTER = 5.0  # points: narrower than a gutter is likely a wide word space
EDGE = 0.15  # share of the text width at each side where no gutter is looked for
VALLEY = 0.5  # a gutter's coverage is at most this share of the columns' beside it
MIN_SIDE_LINES = 4
MIN_SIDE_WORDS = 2.5  # mean words per line segment on each side


def word_spans(group: list[dict]) -> list[tuple[float, float]]:
    """The x extents of a baseline group's words (chars split at spaces and wide gaps)."""
    spans: list[tuple[float, float]] = []
    last = None
    for c in group:
        if not c["text"].strip():
            last = None
            continue
        if last is not None and c["x0"] - last["x1"] <= 0.25 * c["size"]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], c["x1"]))
        else:
            spans.append((c["x0"], c["x1"]))
        last = c
    return spans


def find_gutters(groups: list[list[dict]]) -> list[tuple[float, float, float, float]]:
    """Each gutter as (x0, x1, top, bottom): the band and the stretch of page it divides."""
    rows = [(g, word_spans(g)) for g in groups]
    rows = [(g, s) for g, s in rows if s]
    if len(rows) < MIN_LINES:
        return []
    lo = min(s[0][0] for _, s in rows)
    hi = max(s[-1][1] for _, s in rows)
    if hi - lo < 200:
        return []
    cov = _coverage([s for _, s in rows], lo, hi)
    gutters = []
    for a, b in _valleys(cov, int(EDGE * (hi - lo)), int((1 - EDGE) * (hi - lo))):
        band = (lo + a, lo + b)
        stretch = _divided_stretch(rows, band)
        if stretch:
            gutters.append((*band, *stretch))
    return gutters


def _coverage(rows: list[list[tuple[float, float]]], lo: float, hi: float) -> list[int]:
    """How many lines have a word over each 1-point bin from ``lo``."""
    diff = [0] * (int(hi - lo) + 3)
    for spans in rows:
        marks = set()
        for x0, x1 in spans:
            marks.update(range(int(x0 - lo), int(x1 - lo) + 1))
        for i in marks:
            diff[i] += 1
    return diff


def _valleys(cov: list[int], start: int, end: int) -> list[tuple[int, int]]:
    """Runs of low coverage at least ``MIN_GUTTER`` wide, inside the text's width."""
    covered = [c for c in cov if c]
    if not covered:
        return []
    limit = VALLEY * median(covered)
    found = []
    i = start
    while i < end:
        if cov[i] > limit:
            i += 1
            continue
        j = i
        while j < end and cov[j] <= limit:
            j += 1
        if j - i >= MIN_GUTTER:
            found.append((i, j))
        i = j + 1
    return found


def _divided_stretch(rows, band: tuple[float, float]) -> tuple[float, float] | None:
    """The longest run of lines none of which crosses the band, if text stands on both sides."""
    best = None
    run: list = []
    for group, spans in sorted(rows, key=lambda r: min(c["top"] for c in r[0])) + [(None, None)]:
        crosses = spans is None or _over(spans, band)
        if not crosses:
            run.append((group, spans))
            continue
        if _two_sided(run, band):
            top = min(c["top"] for g, _ in run for c in g)
            bottom = max(c["bottom"] for g, _ in run for c in g)
            if best is None or bottom - top > best[1] - best[0]:
                best = (top, bottom)
        run = []
    return best


def _two_sided(run, band: tuple[float, float]) -> bool:
    left = [sum(1 for x0, _ in s if x0 < band[0]) for _, s in run]
    right = [sum(1 for x0, _ in s if x0 >= band[1]) for _, s in run]
    left, right = [n for n in left if n], [n for n in right if n]
    return (
        len(left) >= MIN_SIDE_LINES
        and len(right) >= MIN_SIDE_LINES
        and sum(left) / len(left) >= MIN_SIDE_WORDS
        and sum(right) / len(right) >= MIN_SIDE_WORDS
    )


def split_at_gutters(groups: list[list[dict]], gutters) -> list[tuple[int, list[dict]]]:
    """Each group cut at the gutters of its stretch, with its column (-1: across the page)."""
    out: list[tuple[int, list[dict]]] = []
    for group in groups:
        top = min(c["top"] for c in group)
        cuts = [g for g in gutters if g[2] - 1 <= top <= g[3] and not _crosses(group, g)]
        if not cuts:
            out.append((-1, group))
            continue
        pieces: dict[int, list[dict]] = {}
        for c in group:
            middle = (c["x0"] + c["x1"]) / 2
            pieces.setdefault(sum(1 for g in cuts if middle >= (g[0] + g[1]) / 2), []).append(c)
        for _, piece in sorted(pieces.items()):
            x = max(c["x0"] for c in piece)
            out.append((sum(1 for g in gutters if x >= (g[0] + g[1]) / 2), piece))
    return out


def _crosses(group: list[dict], gutter) -> bool:
    return _over(word_spans(group), gutter)


def _over(spans: list[tuple[float, float]], band) -> bool:
    """A word over the middle half of the band (one that only overhangs an edge is not)."""
    quarter = (band[1] - band[0]) / 4
    return any(x0 < band[1] - quarter and x1 > band[0] + quarter for x0, x1 in spans)


def reading_order(lines: list) -> list:
    """Top to bottom; where lines have columns, each column of a region before the next.

    Sets ``chunk`` on each line: a run read in one go (a column of a region, or
    consecutive lines across the page), where page-bottom notes are looked for.
    """
    out: list = []
    region: list = []
    chunk = 0

    def flush() -> None:
        nonlocal chunk
        for col in sorted({line.column for line in region}):
            chunk += 1
            for line in sorted((ln for ln in region if ln.column == col), key=lambda ln: ln.top):
                line.chunk = chunk
                out.append(line)
        region.clear()

    for line in sorted(lines, key=lambda ln: ln.top):
        if line.column >= 0:
            region.append(line)
            continue
        if region:
            flush()
            chunk += 1
        elif out and out[-1].column >= 0:
            chunk += 1
        line.chunk = chunk
        out.append(line)
    flush()
    return _stacked(out)


def _stacked(lines: list) -> list:
    """Lines across the page read as the stacks they form: where a layout sets a side
    column level with its text and no gutter divides them, the lines of a 19 pt title and
    those of the 9 pt text beside it interleave by height. A line that continues a stack
    (same left edge and type, just below its last line) follows it, over lines of other
    type set beside it; lines of one type side by side (a table's cells) keep their rows."""
    out: list = []
    for line in lines:
        home = None
        if line.column < 0:
            for back in range(len(out) - 1, max(-1, len(out) - 9), -1):
                prev = out[back]
                if _continues(prev, line):
                    between = out[back + 1 :]
                    if all(_beside(other, line) for other in between):
                        home = back
                    break
        if home is None or home == len(out) - 1:
            out.append(line)
        else:
            # After the stack's last line and what already followed it in that stack.
            at = home + 1
            while at < len(out) and _continues(out[at - 1], out[at]):
                at += 1
            out.insert(at, line)
    return out


def _continues(prev, line) -> bool:
    # A line across the page may continue a column's last line: a heading whose first
    # line stood in the column and whose second runs level with a caption across.
    return (
        (prev.column == line.column or line.column < 0)
        and prev.style == line.style
        and abs(prev.x0 - line.x0) <= 2
        and 0 <= line.top - prev.bottom <= 0.8 * line.size
    )


def _beside(other, line) -> bool:
    """Set beside ``line`` in another type: left or right of it, not above it in its column."""
    return other.style != line.style and (other.x1 < line.x0 or other.x0 > line.x1)
