"""Render a section's plain text and its markers, or a note's text, to HTML: the one place.

``Section.save()`` and ``Footnote.save()`` call these, so stored ``html`` always
follows ``text`` (and the section's markers); nobody edits ``html`` by hand.
Everything is escaped first; the only markup added is paragraphs, lists,
emphasis written as ``*word*``, links for URLs, and the footnote markers.

Paragraph pinpoints: a section's paragraphs are the blocks of its text between
blank lines (``paragraph_spans``), numbered from 1 in reading order, list items
included. Paragraph ``n`` of the section with anchor ``a`` is rendered as
``<p id="a-pn" data-p="n">`` (``<li>`` for a list item), so ``#a-p3`` is "¶ 3".
A paragraph keeps its number as long as the blocks before it do.

    html = render_section(text, [(offset, "12")], anchor="introduction")
    safe = as_html(section.html)        # for templates; never ``|safe``
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"]*[^\s<>\".,;:)\]’”]", re.I)
_EMPHASIS = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
_ITEM = re.compile(r"^(?:[-•▪*]\s+|\(?[0-9ivx]{1,4}[.)]\s+)", re.I)
_BULLET = re.compile(r"^[-•▪*]\s+")
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n\s*")


def marker_id(label: str, occurrence: int) -> str:
    """The id of a marker in the page: ``ref-12``, or ``ref-12-2`` for a second citation."""
    return f"ref-{label}" if occurrence == 1 else f"ref-{label}-{occurrence}"


def paragraph_id(anchor: str, number: int) -> str:
    """The id of paragraph ``number`` (from 1) of the section ``anchor``: ``introduction-p3``."""
    return f"{anchor}-p{number}"


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph of ``text``, trimmed; ¶ 1 is the first."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for gap in [*_BLANK_LINE.finditer(text), None]:
        end = gap.start() if gap else len(text)
        chunk = text[pos:end]
        if chunk.strip():
            lead = len(chunk) - len(chunk.lstrip())
            spans.append((pos + lead, pos + len(chunk.rstrip())))
        pos = gap.end() if gap else end
    return spans


def as_html(stored: str) -> SafeString:
    """Stored section or note HTML, ready for a template."""
    # The one mark_safe on stored content: ``html`` is only ever written by the
    # functions below (on model save, from escaped text), and the admin cannot edit it.
    return mark_safe(stored)


def render_section(text: str, refs: Iterable[tuple[int, str]], anchor: str = "") -> str:
    """HTML for a section: ``refs`` are (offset, label) pairs into ``text``."""
    spans = paragraph_spans(text) or ([(0, 0)] if refs else [])
    per_para: list[list[tuple[int, str]]] = [[] for _ in spans]
    for offset, label in sorted(refs):
        # A marker in the gap between paragraphs belongs to the one it follows.
        index = max((i for i, (start, _) in enumerate(spans) if start <= offset), default=0)
        start, end = spans[index]
        per_para[index].append((min(max(offset, start), end) - start, label))
    seen: dict[str, int] = {}
    blocks = [
        (text[start:end], _with_markers(text[start:end], per_para[i], seen))
        for i, (start, end) in enumerate(spans)
    ]
    return _blocks(blocks, anchor)


def render_note(text: str) -> str:
    """HTML for a note's text: escaped, URLs linked, emphasis kept."""
    return _blocks([(text[s:e], _inline(text[s:e])) for s, e in paragraph_spans(text)], "")


def _with_markers(text: str, markers: list[tuple[int, str]], seen: dict[str, int]) -> str:
    pieces: list[str] = []
    pos = 0
    for offset, label in markers:
        pieces.append(_inline(text[pos:offset]))
        seen[label] = seen.get(label, 0) + 1
        pieces.append(_marker(label, seen[label]))
        pos = offset
    pieces.append(_inline(text[pos:]))
    return "".join(pieces)


def _marker(label: str, occurrence: int) -> str:
    lab = escape(label)
    return (
        f'<sup class="fn-ref"><a href="#fn-{lab}" id="{marker_id(lab, occurrence)}" '
        f'data-note="{lab}" aria-describedby="fn-{lab}">{lab}</a></sup>'
    )


def _inline(text: str) -> str:
    """Escape a run of text, then link URLs and mark *emphasis*."""
    out: list[str] = []
    pos = 0
    for m in _URL.finditer(text):
        out.append(_emphasis(escape(text[pos : m.start()])))
        url = m.group(0)
        href = url if url.lower().startswith("http") else "https://" + url
        out.append(
            f'<a href="{escape(href)}" rel="nofollow noopener" class="url">{escape(url)}</a>'
        )
        pos = m.end()
    out.append(_emphasis(escape(text[pos:])))
    return "".join(out)


def _emphasis(escaped: str) -> str:
    return _EMPHASIS.sub(r"<em>\1</em>", escaped)


def _blocks(blocks: list[tuple[str, str]], anchor: str) -> str:
    """Wrap (plain, html) paragraphs in numbered ``<p>``; runs of list items become one list."""
    out: list[str] = []
    items: list[tuple[str, str, str]] = []
    for number, (plain, html) in enumerate(blocks, start=1):
        attrs = f' id="{paragraph_id(escape(anchor), number)}" data-p="{number}"' if anchor else ""
        html = html.replace("\n", "<br>")
        if _ITEM.match(plain):
            items.append((attrs, plain, html))
            continue
        out.append(_list(items))
        items = []
        out.append(f"<p{attrs}>{html}</p>")
    out.append(_list(items))
    return "\n".join(p for p in out if p)


def _list(items: list[tuple[str, str, str]]) -> str:
    if not items:
        return ""
    if all(_BULLET.match(plain) for _a, plain, _h in items):
        lis = "".join(f"<li{a}>{_BULLET.sub('', h, count=1)}</li>" for a, _p, h in items)
        return f"<ul>{lis}</ul>"
    # Numbered items keep their printed numbers: legal lists are cited by them.
    return '<ul class="numbered">' + "".join(f"<li{a}>{h}</li>" for a, _p, h in items) + "</ul>"
