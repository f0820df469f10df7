"""HTML: headings h1-h6, paragraphs and lists, footnotes in the usual export patterns.

The markup is first sanitised with nh3 (scripts, styles, event handlers and
``javascript:`` links go), then read with lxml. Footnote references are links to
an in-page note: ``<sup><a href="#fn1">``, ``role="doc-noteref"`` (Pandoc, EPUB),
Word's ``#_ftn1``/``#_edn1`` and Google Docs' ``#ftnt1``. The note is the element
the link points to (``li#fn1``), or the paragraph around a back-link anchor
(Word, Google Docs). Title, authors and date come from ``<title>``, ``<meta>``
and Pandoc's title block.
"""

from __future__ import annotations

import re

import nh3
from lxml import html as lxml_html

from .base import Block, Draft, Format, IngestError, Metadata, ParseOptions
from .common import (
    TextRun,
    clean_label,
    doc_type,
    normalise_date,
    split_authors,
)
from .detect import decode_text

_TAGS = {
    "a", "abbr", "article", "aside", "b", "blockquote", "body", "br", "caption", "cite",
    "code", "dd", "div", "dl", "dt", "em", "figcaption", "figure", "footer", "h1", "h2", "h3",
    "h4", "h5", "h6", "header", "hr", "i", "li", "main", "nav", "ol", "p", "pre", "q", "s",
    "section", "small", "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th",
    "thead", "tr", "u", "ul",
}  # fmt: skip
_ATTRS = {"*": {"id", "class", "role", "name", "style", "title"}, "a": {"href"}}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_LEAVES = _HEADINGS | {"p", "li", "dt", "dd", "pre", "td", "th", "caption", "figcaption"}
_CONTAINERS = {
    "body", "div", "section", "article", "main", "header", "footer", "aside", "blockquote",
    "ul", "ol", "dl", "table", "thead", "tbody", "tfoot", "tr", "figure", "nav",
}  # fmt: skip
_NOTE_HREF = re.compile(r"^#(fn|_ftn|_edn|ftnt|edn|footnote|endnote|note|en)[-_:]?\w*", re.I)
_BACKLINK_HREF = re.compile(r"^#(fnref|_ftnref|_ednref|ftnt_ref|ednref|footnote-ref|ref)", re.I)
_NOTE_AREAS = (
    "//section[contains(concat(' ', @class, ' '), ' footnotes ')]",
    "//*[@role='doc-endnotes' or @role='doc-footnotes']",
    "//div[contains(@style, 'mso-element:footnote-list')]",
    "//div[contains(@style, 'mso-element:endnote-list')]",
    "//div[@id='footnotes' or @id='endnotes']",
)
_HTML_START = re.compile(rb"^\s*(<!doctype html|<html|<head|<body|<\?xml[^>]*>\s*<html)", re.I)
_HTML_TAGS = re.compile(rb"<(p|div|h[1-6]|section|article|sup|table|span)\b[^>]*>", re.I)
_TITLE_BLOCK = "//header[@id='title-block-header']"


def sniff(data: bytes) -> bool:
    """An HTML start, or several block tags near the top, say HTML without a file name."""
    head = data[:65536]
    return bool(_HTML_START.search(head[:2048])) or len(_HTML_TAGS.findall(head)) >= 3


def read(data: bytes, options: ParseOptions) -> Draft:
    """Read HTML bytes into a ``Draft``."""
    raw = decode_text(data)
    meta = _metadata(raw)
    root = _sanitised_tree(raw)
    draft = Draft(blocks=[], notes={}, meta=meta)
    refs = _note_refs(root)
    _collect_notes(root, refs, draft)
    _drop_note_areas(root)
    _title_block(root, meta)
    body = root.find(".//body")
    _walk(body if body is not None else root, refs, draft.blocks)
    return draft


def _sanitised_tree(raw: str):
    cleaned = nh3.clean(
        raw,
        tags=_TAGS,
        attributes=_ATTRS,
        clean_content_tags={"script", "style", "template", "noscript", "iframe", "object", "title"},
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
        strip_comments=True,
    )
    if not cleaned.strip():
        raise IngestError("This HTML file has no readable text in its body.")
    return lxml_html.document_fromstring(f"<html><body>{cleaned}</body></html>")


def _metadata(raw: str) -> Metadata:
    meta = Metadata()
    head = raw[: raw.lower().find("</head>") + 7] if "</head>" in raw.lower() else raw[:20000]
    try:
        tree = lxml_html.fromstring(head or "<html></html>")
    except Exception:  # a broken head only costs the metadata
        return meta
    title = tree.find(".//title")
    meta.title = " ".join(title.text_content().split()) if title is not None else ""
    values: dict[str, list[str]] = {}
    for el in tree.iter("meta"):
        key = (el.get("name") or el.get("property") or "").lower()
        if key and el.get("content"):
            values.setdefault(key, []).append(el.get("content").strip())
    authors = values.get("author") or values.get("dc.creator") or values.get("dcterms.creator")
    meta.authors = [a for v in authors or [] for a in split_authors(v)]
    for key in ("dcterms.date", "dc.date", "date", "citation_date", "article:published_time"):
        if values.get(key):
            meta.date = normalise_date(values[key][0])
            break
    meta.summary = (values.get("description") or values.get("dc.description") or [""])[0]
    meta.doc_type = doc_type((values.get("dc.type") or [""])[0])
    return meta


def _title_block(root, meta: Metadata) -> None:
    """Pandoc's ``<header id="title-block-header">``: title, authors, date."""
    for header in root.xpath(_TITLE_BLOCK):
        authors: list[str] = []
        for el in header.iter():
            cls = el.get("class") or ""
            text = " ".join(el.text_content().split())
            if "title" in cls.split() and el.tag.startswith("h"):
                meta.title = text
            elif "subtitle" in cls.split():
                meta.subtitle = text
            elif "author" in cls.split():
                authors.append(text)
            elif "date" in cls.split():
                meta.date = normalise_date(text) or meta.date
        meta.authors = authors or meta.authors
        header.drop_tree()


def _target(href: str) -> str:
    return href[1:] if href.startswith("#") else ""


def _note_refs(root) -> dict:
    """Map each reference link element to its note's target id, in reading order."""
    refs = {}
    for a in root.iter("a"):
        href = a.get("href") or ""
        target = _target(href)
        if not target or _BACKLINK_HREF.match(href) or _is_backlink(a):
            continue
        in_sup = a.getparent() is not None and a.getparent().tag == "sup"
        noteish = (
            a.get("role") == "doc-noteref"
            or "footnote-ref" in (a.get("class") or "")
            or "mso-footnote-id" in (a.get("style") or "")
            or "mso-endnote-id" in (a.get("style") or "")
            or _NOTE_HREF.match(href)
        )
        if (in_sup or a.find(".//sup") is not None or noteish) and _note_element(
            root, target
        ) is not None:
            refs[a] = target
    return refs


def _is_backlink(a) -> bool:
    return a.get("role") == "doc-backlink" or "footnote-back" in (a.get("class") or "")


def _note_element(root, target: str):
    """The element holding the note's text: the target itself, or the block around an anchor."""
    found = root.xpath("//*[@id=$t] | //a[@name=$t]", t=target)
    if not found:
        return None
    el = found[0]
    if el.tag in ("a", "sup", "span"):
        block = el
        while block is not None and block.tag not in ("p", "li", "div", "aside", "section"):
            block = block.getparent()
        if block is None:
            return None
        parent = block.getparent()
        # Word wraps each note's paragraphs in <div id="ftn1">.
        if block.tag == "p" and parent is not None and parent.tag == "div" and parent.get("id"):
            block = parent
        return block
    return el


def _collect_notes(root, refs: dict, draft: Draft) -> None:
    labels: dict[str, str] = {}
    for a, target in refs.items():
        if target in labels:
            continue
        label = clean_label(a.text_content()) or str(len(labels) + 1)
        labels[target] = label
        note = _note_element(root, target)
        draft.notes[label] = _note_text(note)
    for a, target in refs.items():
        a.set("data-note-label", labels[target])
    for target in labels:
        note = _note_element(root, target)
        if note is not None and note.getparent() is not None:
            note.drop_tree()


def _note_text(note) -> str:
    """The note's text without its own number or back-links."""
    links = list(note.iter("a"))
    for i, a in enumerate(links):
        href = a.get("href") or ""
        # Back-links, and the note's own number linking back as its first link.
        if _is_backlink(a) or _BACKLINK_HREF.match(href) or (i == 0 and href.startswith("#")):
            a.drop_tree()
    paras = [p for p in note.iter("p")] or [note]
    texts = [_plain(p) for p in paras]
    text = "\n\n".join(t for t in texts if t)
    return re.sub(r"\s*[↩↑]\ufe0e?\s*$", "", text).strip()


def _plain(el) -> str:
    text = " ".join(el.text_content().split())
    return re.sub(r"\s*[↩↑]\ufe0e?(?=\s|$)", "", text).strip()


def _drop_note_areas(root) -> None:
    for xpath in _NOTE_AREAS:
        for area in root.xpath(xpath):
            if area.getparent() is not None:
                area.drop_tree()


def _walk(el, refs: dict, blocks: list[Block], list_kind: str = "", number: list | None = None):
    """Emit a block per leaf element; containers recurse, loose inline text becomes a paragraph."""
    if el.tag in _LEAVES and not _has_block_children(el):
        _emit(el, refs, blocks, list_kind, number)
        return
    run = TextRun()
    if el.text:
        run.add(el.text)
    counter = [int(el.get("start") or 1)] if el.tag == "ol" else None
    kind = {"ol": "ol", "ul": "ul"}.get(el.tag, list_kind)
    for child in el:
        if not isinstance(child.tag, str):
            pass
        elif child.tag in _LEAVES or child.tag in _CONTAINERS or child.tag == "hr":
            _flush(run, blocks)
            run = TextRun()
            if child.tag != "hr":
                _walk(child, refs, blocks, kind, counter if el.tag == "ol" else number)
        else:
            _inline(child, refs, run)
        if child.tail:
            run.add(child.tail)
    _flush(run, blocks)


def _has_block_children(el) -> bool:
    return any(isinstance(c.tag, str) and (c.tag in _LEAVES or c.tag in _CONTAINERS) for c in el)


def _flush(run: TextRun, blocks: list[Block]) -> None:
    block = run.block()
    if block.text or block.markers:
        blocks.append(block)


def _emit(el, refs: dict, blocks: list[Block], list_kind: str, number: list | None) -> None:
    run = TextRun()
    if el.tag == "li":
        if list_kind == "ol" and number is not None:
            run.add(f"{number[0]}. ")
            number[0] += 1
        elif list_kind == "ul":
            run.add("- ")
    if el.tag == "pre":
        text = el.text_content().strip("\n")
        blocks.append(Block(kind="para", text=text))
        return
    _add_content(el, refs, run)
    if el.tag in _HEADINGS:
        blocks.append(run.block(kind="heading", level=int(el.tag[1])))
    else:
        block = run.block(kind="item" if el.tag == "li" else "para")
        if block.text or block.markers:
            blocks.append(block)


def _inline(el, refs: dict, run: TextRun) -> None:
    label = el.get("data-note-label")
    if label is None and el.tag == "sup":
        inner = [a for a in el.iter("a") if a.get("data-note-label")]
        label = inner[0].get("data-note-label") if inner else None
    if label is not None:
        run.mark(label)
        return
    if el.tag == "br":
        run.add_break()
        return
    _add_content(el, refs, run)


def _add_content(el, refs: dict, run: TextRun) -> None:
    """An element's own text, its inline children, and the text between them."""
    if el.text:
        run.add(el.text)
    for child in el:
        if isinstance(child.tag, str):
            _inline(child, refs, run)
        if child.tail:
            run.add(child.tail)


FORMAT = Format(
    name="html",
    label="HTML",
    extensions=(".html", ".htm", ".xhtml", ".xht"),
    sniff=sniff,
    read=read,
    textual=True,
    check=decode_text,  # an encoding that cannot be read is refused before storing
)
