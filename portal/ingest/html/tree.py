"""From HTML or XHTML text to a sanitised lxml tree, and the metadata in its head.

XHTML (EPUB content documents, ``.xhtml`` files) is parsed as XML first, so that
``<a id="x"/>`` stays empty instead of swallowing the text after it, then
written out as HTML. The markup is then sanitised with nh3 (scripts, styles,
event handlers and ``javascript:`` links go) and read with lxml.
"""

from __future__ import annotations

import re
from html.entities import name2codepoint

import nh3
from lxml import etree
from lxml import html as lxml_html

from ..base import IngestError, Metadata
from ..common import doc_type, normalise_date, split_authors

TAGS = {
    "a", "abbr", "article", "aside", "b", "blockquote", "body", "br", "caption", "cite",
    "code", "dd", "div", "dl", "dt", "em", "figcaption", "figure", "footer", "h1", "h2", "h3",
    "h4", "h5", "h6", "header", "hr", "i", "li", "main", "nav", "ol", "p", "pre", "q", "s",
    "section", "small", "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th",
    "thead", "tr", "u", "ul",
}  # fmt: skip
# What note and heading detection reads: ids and classes, roles, EPUB's epub:type,
# GitHub's data-footnote attributes, Word's mso styles.
_ATTRS = {
    "*": {
        "id", "class", "role", "name", "style", "title", "epub:type", "data-footnote-ref",
        "data-footnotes", "data-footnote-backref",
    },
    "a": {"href"},
    "ol": {"start"},
}  # fmt: skip
_XHTML = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!DOCTYPE[^>]*>\s*)?<html[^>]*xmlns=", re.I)
# LibreOffice writes the page number of its page footer as a field: furniture, not text.
_PAGE_FIELD = re.compile(r"<sdfield\b[^>]*\btype=\"?PAGE\b[^>]*>[^<]*</sdfield>", re.I)
_HTML_LANG = re.compile(r"<html\b[^>]*?\s(?:xml:)?lang=[\"']?([A-Za-z]{2,3}(?:-[\w-]+)?)", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_XHTML_NS = "{http://www.w3.org/1999/xhtml}"
_ENTITY = re.compile(r"&([A-Za-z][A-Za-z0-9]*);")
_XML_ENTITIES = {"amp", "lt", "gt", "quot", "apos"}
_XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
_TITLE_BLOCK = (
    "//header[@id='title-block-header']"
    " | //section[contains(concat(' ', @class, ' '), ' titlepage ')]"
)


def sanitised_tree(raw: str):
    """The document as a clean lxml tree with one ``<body>``."""
    raw = _CONTROL.sub("", raw)  # no text holds them, and lxml refuses to edit text with them
    cleaned = nh3.clean(
        _PAGE_FIELD.sub("", _as_html(raw)),
        tags=TAGS,
        attributes=_ATTRS,
        clean_content_tags={"script", "style", "template", "noscript", "iframe", "object", "title"},
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
        strip_comments=True,
    )
    if not cleaned.strip():
        raise IngestError("This HTML file has no readable text in its body.")
    return lxml_html.document_fromstring(f"<html><body>{cleaned}</body></html>")


def _as_html(raw: str) -> str:
    """XHTML re-serialised as HTML (empty elements closed); anything else unchanged."""
    if not _XHTML.match(raw[:4096]):
        return raw
    text = _ENTITY.sub(_numeric_entity, raw)
    text = re.sub(r"^\s*<\?xml[^>]*>", "", text)  # lxml refuses a str with an encoding
    try:
        root = etree.fromstring(text, _XML_PARSER)
    except (etree.XMLSyntaxError, ValueError):
        return raw  # not well-formed after all: the HTML parser copes
    # Plain tag names, or the HTML writer would not know <br/> is empty (it writes <br></br>).
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.startswith(_XHTML_NS):
            el.tag = el.tag[len(_XHTML_NS) :]
    etree.cleanup_namespaces(root)
    return etree.tostring(root, method="html", encoding="unicode")


def _numeric_entity(m: re.Match) -> str:
    name = m.group(1)
    if name in _XML_ENTITIES or name not in name2codepoint:
        return m.group(0)
    return f"&#{name2codepoint[name]};"


def metadata(raw: str) -> Metadata:
    """Title, authors, date, summary and type from ``<title>`` and ``<meta>``."""
    meta = Metadata()
    low = raw.lower()
    head = raw[: low.find("</head>") + 7] if "</head>" in low else raw[:20000]
    head = re.sub(r"^\s*<\?xml[^>]*>", "", head)
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
    lang = _HTML_LANG.search(raw[:4096])
    language = (lang.group(1) if lang else "") or (values.get("dc.language") or [""])[0]
    meta.language = language.strip().split("-")[0].lower() or meta.language
    meta.doc_type = doc_type((values.get("dc.type") or [""])[0])
    return meta


def title_block(root, meta: Metadata) -> None:
    """Pandoc's title block (``header#title-block-header``, an EPUB's ``section.titlepage``):
    title, subtitle, authors and date are metadata, not text; anything else there stays."""
    for header in root.xpath(_TITLE_BLOCK):
        authors: list[str] = []
        for el in list(header.iter()):
            cls = (el.get("class") or "").split()
            text = " ".join(el.text_content().split())
            if "title" in cls and el.tag.startswith("h"):
                meta.title = text
            elif "subtitle" in cls:
                meta.subtitle = text
            elif "author" in cls:
                authors.append(text)
            elif "date" in cls:
                meta.date = normalise_date(text) or meta.date
            else:
                continue
            if el.getparent() is not None:
                el.drop_tree()
        meta.authors = authors or meta.authors
        if not header.text_content().strip():
            header.drop_tree()
