"""HTML: headings, paragraphs and lists, and footnotes as every common producer writes them.

MediaWiki (``cite_note``/``cite_ref``, back-link letters), Word "Save as Web
Page" and filtered HTML (``#_ftn1``), Google Docs (``#ftnt1``), pandoc and the
Markdown renderers (``section.footnotes``, ``role="doc-endnote"``), EPUB
(``epub:type="noteref"``, ``aside epub:type="note"``), Project Gutenberg
(``#noteN``, ``div.footnote``), docx4j (``#fn1``, ``p.Heading1``), LibreOffice
(``#sdfootnote1sym``), Sphinx/docutils and DocBook.
``tree`` sanitises, ``notes`` lifts the notes out, ``blocks`` reads the rest.
Title, authors and date come from ``<title>``, ``<meta>`` and pandoc's title block.
"""

from __future__ import annotations

import re

from ..base import Draft, Format, Metadata, ParseOptions
from ..detect import decode_text
from . import blocks, notes
from .tree import metadata, sanitised_tree, title_block

_HTML_START = re.compile(rb"^\s*(<!doctype html|<html|<head|<body|<\?xml[^>]*>\s*<html)", re.I)
_HTML_TAGS = re.compile(rb"<(p|div|h[1-6]|section|article|sup|table|span)\b[^>]*>", re.I)
_TITLE_SEPARATORS = (" - ", " – ", " — ", " | ", " · ", ": ")


def sniff(data: bytes) -> bool:
    """An HTML start, or several block tags near the top, say HTML without a file name."""
    head = data[:65536]
    return bool(_HTML_START.search(head[:2048])) or len(_HTML_TAGS.findall(head)) >= 3


def read(data: bytes, options: ParseOptions) -> Draft:
    """Read HTML bytes into a ``Draft``."""
    raw = decode_text(data)
    return read_tree(sanitised_tree(raw), metadata(raw))


def read_tree(root, meta: Metadata) -> Draft:
    """Notes, then blocks, from a sanitised tree (EPUB joins its chapters into one)."""
    blocks.prepare(root)
    found = notes.collect(root)
    title_block(root, meta)
    draft = Draft(blocks=[], notes=found, meta=meta)
    blocks.walk(blocks.article(root), draft.blocks)
    _site_title(draft, meta)
    return draft


def _site_title(draft: Draft, meta: Metadata) -> None:
    """``<title>Duck - Wikipedia</title>`` (or "Site | Duck") over ``<h1>Duck</h1>``: the
    page's title is "Duck"."""
    first = next((b for b in draft.blocks if b.kind == "heading"), None)
    if first is None or not meta.title or first.text == meta.title:
        return
    if any(
        meta.title.startswith(first.text + sep) or meta.title.endswith(sep + first.text)
        for sep in _TITLE_SEPARATORS
    ):
        meta.title = first.text


FORMAT = Format(
    name="html",
    label="HTML",
    extensions=(".html", ".htm", ".xhtml", ".xht"),
    sniff=sniff,
    read=read,
    textual=True,
    check=decode_text,  # an encoding that cannot be read is refused before storing
)
