"""Rebuild a PDF page's text lines from pdfplumber's characters, lifting out superscript markers.

A superscript is set smaller than its line and sits above the line's baseline,
so PDF tools often put it on a line of its own; here it joins the line whose
band it sits in, and a run of superscript digits becomes a marker at the point
of the text where it stands.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

_MARKER = re.compile(r"^(?:\d{1,4}|[*†‡§¶]{1,3})$")


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

    @property
    def style(self) -> tuple[float, bool]:
        return (round(self.size), self.bold)

    def in_margin(self, share: float) -> bool:
        return self.bottom < share * self.page_height or self.top > (1 - share) * self.page_height


def page_lines(page, index: int) -> list[Line]:
    """The page's lines, top to bottom, with markers lifted out."""
    chars = [c for c in page.chars if c.get("upright", True) and c["text"]]
    groups = _baseline_groups(chars)
    groups = _attach_superscripts(groups)
    lines = [_line(g, index, page.width, page.height) for g in groups]
    lines = [line for line in lines if line.text.strip() or line.markers]
    _mark_centred(lines, page.width)
    return lines


def _baseline_groups(chars: list[dict]) -> list[list[dict]]:
    groups: list[list[dict]] = []
    for c in sorted(chars, key=lambda c: (round(c["bottom"], 1), c["x0"])):
        if groups:
            last = groups[-1]
            if abs(c["bottom"] - last[-1]["bottom"]) <= 0.2 * max(c["size"], last[-1]["size"]):
                last.append(c)
                continue
        groups.append([c])
    return groups


def _size(group: list[dict]) -> float:
    sizes = Counter(round(c["size"], 1) for c in group if c["text"].strip())
    return sizes.most_common(1)[0][0] if sizes else group[0]["size"]


def _attach_superscripts(groups: list[list[dict]]) -> list[list[dict]]:
    """Merge a group of small raised characters into the line whose band holds its baseline."""
    out: list[list[dict]] = []
    pending: list[list[dict]] = []
    sized = [(g, _size(g), min(c["top"] for c in g), max(c["bottom"] for c in g)) for g in groups]
    for i, (group, size, _top, bottom) in enumerate(sized):
        host = None
        for other, osize, otop, obottom in sized[i + 1 : i + 3]:
            if size < 0.9 * osize and otop - 0.2 * osize <= bottom < obottom - 0.1 * osize:
                host = other
                break
        if host is not None:
            for c in group:
                c["_sup"] = True
            pending.append((host, group))  # type: ignore[arg-type]
        else:
            out.append(group)
    for host, group in pending:  # type: ignore[misc]
        host.extend(group)
    return out


def _line(group: list[dict], index: int, width: float, height: float) -> Line:
    size = _size(group)
    body = [c for c in group if not c.get("_sup")]
    baseline = max((c["bottom"] for c in body), default=group[0]["bottom"])
    for c in group:
        if c["size"] < 0.9 * size and c["bottom"] < baseline - 0.15 * size:
            c["_sup"] = True
    text, markers = _text(sorted(group, key=lambda c: c["x0"]))
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
        bold=bool(re.search(r"bold|black|heavy|semibold|,b$", font, re.I)),
        text=text,
        markers=markers,
        page_height=height,
        page_width=width,
    )


def _text(chars: list[dict]) -> tuple[str, list[tuple[str, int]]]:
    out: list[str] = []
    markers: list[tuple[str, int]] = []
    sup: list[dict] = []
    last_x1 = None

    def flush_sup() -> None:
        token = "".join(c["text"] for c in sup).strip()
        if _MARKER.match(token):
            markers.append((token, len("".join(out).rstrip())))
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
        if c["text"] == " " or c["text"].isspace():
            if out and not out[-1].endswith(" "):
                out.append(" ")
            continue
        gap = last_x1 is not None and c["x0"] - last_x1 > 0.2 * c["size"]
        if gap and out and not out[-1].endswith(" "):
            out.append(" ")
        out.append(c["text"])
        last_x1 = c["x1"]
    if sup:
        flush_sup()
    text = "".join(out)
    lead = len(text) - len(text.lstrip())
    stripped = text.strip()
    return stripped, [(lb, min(max(0, off - lead), len(stripped))) for lb, off in markers]


def _mark_centred(lines: list[Line], width: float) -> None:
    if not lines:
        return
    left = min(line.x0 for line in lines)
    right = max(line.x1 for line in lines)
    column = right - left
    for line in lines:
        middle = (line.x0 + line.x1) / 2
        line.centred = (
            abs(middle - (left + right) / 2) < 0.03 * width
            and (line.x1 - line.x0) < 0.75 * column
            and line.x0 > left + 0.05 * column
        )
