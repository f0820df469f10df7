"""Render a section's plain text and its markers, or a note's text, to safe HTML.

Everything is escaped first; the only markup added is paragraphs, lists,
emphasis written as ``*word*``, links for URLs, and the footnote markers.
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


def marker_id(label: str, occurrence: int) -> str:
    """The id of a marker in the page: ``ref-12``, or ``ref-12-2`` for a second citation."""
    return f"ref-{label}" if occurrence == 1 else f"ref-{label}-{occurrence}"


def render_section(text: str, refs: Iterable[tuple[int, str]]) -> SafeString:
    """HTML for a section: ``refs`` are (offset, label) pairs into ``text``."""
    markers = sorted(refs)
    seen: dict[str, int] = {}
    pieces: list[str] = []
    pos = 0
    for offset, label in markers:
        pieces.append(_inline(text[pos:offset]))
        seen[label] = seen.get(label, 0) + 1
        pieces.append(_marker(label, seen[label]))
        pos = offset
    pieces.append(_inline(text[pos:]))
    # Markers never contain a blank line, so paragraphs can be split after inlining.
    return mark_safe(_paragraphs("".join(pieces)))  # built from escaped text only


def render_note(text: str) -> SafeString:
    """HTML for a note's text: escaped, URLs linked, emphasis kept."""
    return mark_safe(_paragraphs(_inline(text)))  # built from escaped text only


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


def _paragraphs(html: str) -> str:
    """Wrap blank-line-separated paragraphs; runs of list items become one list."""
    out: list[str] = []
    items: list[str] = []
    for para in re.split(r"\n\s*\n", html.strip()):
        if not para.strip():
            continue
        para = para.strip().replace("\n", "<br>")
        if _ITEM.match(para):
            items.append(para)
            continue
        out.append(_list(items))
        items = []
        out.append(f"<p>{para}</p>")
    out.append(_list(items))
    return "\n".join(p for p in out if p)


def _list(items: list[str]) -> str:
    if not items:
        return ""
    if all(_BULLET.match(i) for i in items):
        return "<ul>" + "".join(f"<li>{_BULLET.sub('', i, count=1)}</li>" for i in items) + "</ul>"
    # Numbered items keep their printed numbers: legal lists are cited by them.
    return '<ul class="numbered">' + "".join(f"<li>{i}</li>" for i in items) + "</ul>"
