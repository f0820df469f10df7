"""EPUB (2 and 3): the spine's content documents in order, read by the HTML reader as one.

Recognised by the archive's ``mimetype`` member (``application/epub+zip``). The
package document (found through ``META-INF/container.xml``) gives the metadata,
the reading order and the table of contents (EPUB 3 ``nav``, EPUB 2 ``toc.ncx``).
Each content document is sanitised on its own, its ids and links renamed so that
they stay unique and a link to a note in another document still finds it, then
all are joined into one tree for ``html.read_tree``: notes are found as in any
HTML. A table-of-contents entry whose place has no heading of its own becomes
one there. Notes numbered afresh in each chapter keep distinct labels ("2.1").
"""

from __future__ import annotations

import re
from itertools import islice
from urllib.parse import unquote

from lxml import html as lxml_html

from .archive import Archive, has_mimetype, resolve
from .base import Draft, Format, IngestError, Metadata, ParseOptions
from .common import normalise_date, split_authors
from .detect import decode_text
from .html import read_tree
from .html.blocks import HEADINGS, style_level
from .html.tree import sanitised_tree

MIMETYPE = "application/epub+zip"
_DC = "http://purl.org/dc/elements/1.1/"
_OPS = "http://www.idpf.org/2007/ops"
_NCX = "http://www.daisy.org/z3986/2005/ncx/"
_XHTML = "http://www.w3.org/1999/xhtml"
_NCX_TYPE = "application/x-dtbncx+xml"
_CONTENT_TYPES = {"application/xhtml+xml", "text/html", "application/x-dtbook+xml"}
_BLOCKS = HEADINGS | {"p", "li", "td", "blockquote", "pre", "dd", "dt", "figcaption"}


def sniff(data: bytes) -> bool:
    return has_mimetype(data, MIMETYPE)


def read(data: bytes, options: ParseOptions) -> Draft:
    """Read EPUB bytes into a ``Draft``."""
    book = Archive(data, "EPUB book")
    opf_path = _package_path(book)
    opf = book.xml(opf_path)
    if opf is None:
        raise IngestError(f"This EPUB book is damaged: its package document {opf_path} is missing.")
    manifest = _manifest(opf, opf_path)
    spine = _spine(opf, manifest)
    if not spine:
        raise IngestError("This EPUB book lists no content documents in its spine.")
    if set(spine) & _encrypted(book):
        raise IngestError(
            "This EPUB book is protected by DRM (its chapters are encrypted), so its text "
            "cannot be read: upload an unprotected copy."
        )
    meta = _metadata(opf)
    # An entry naming the book itself (pandoc's first chapter) is no section heading.
    toc = {
        path: [e for e in entries if not _same(e[1], meta.title)]
        for path, entries in _toc(book, opf, manifest).items()
    }
    root = lxml_html.document_fromstring("<html><body></body></html>")
    body = root.find("body")
    chapters: dict[str, int] = {}
    for i, path in enumerate(spine):
        if options.progress:
            options.progress(i / len(spine))
        section = _chapter(book, path, len(chapters) + 1, toc.get(path, []))
        if section is not None:
            chapters[path] = len(chapters) + 1
            body.append(section)
    if not chapters:
        raise IngestError("This EPUB book has no readable text in its content documents.")
    _relink(body, chapters)
    return read_tree(root, meta)


def _same(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def _package_path(book: Archive) -> str:
    container = book.xml("META-INF/container.xml")
    if container is not None:
        for el in container.iter("{*}rootfile"):
            if el.get("full-path"):
                return el.get("full-path").lstrip("/")
    found = sorted(n for n in book.names if n.lower().endswith(".opf"))
    if not found:
        raise IngestError("This EPUB book is damaged: it has no package document (.opf).")
    return found[0]


def _encrypted(book: Archive) -> set[str]:
    """Members ``META-INF/encryption.xml`` lists (fonts are often obfuscated; that is fine)."""
    try:
        root = book.xml("META-INF/encryption.xml")
    except IngestError:
        return set()
    if root is None:
        return set()
    return {
        unquote(ref.get("URI") or "").lstrip("/")
        for ref in root.iter("{http://www.w3.org/2001/04/xmlenc#}CipherReference")
    }


def _manifest(opf, opf_path: str) -> dict[str, tuple[str, str, str]]:
    """id -> (archive path, media type, properties)."""
    out = {}
    for item in opf.iter("{*}item"):
        href = item.get("href") or ""
        if item.get("id") and href:
            media = item.get("media-type") or ""
            out[item.get("id")] = (resolve(opf_path, href), media, item.get("properties") or "")
    return out


def _spine(opf, manifest: dict) -> list[str]:
    paths = []
    for ref in opf.iter("{*}itemref"):
        path, media, _ = manifest.get(ref.get("idref") or "", ("", "", ""))
        if path and media in _CONTENT_TYPES and path not in paths:
            paths.append(path)
    return paths


def _toc(book: Archive, opf, manifest: dict) -> dict[str, list[tuple[str, str, int]]]:
    """Content path -> [(fragment, label, level)] from the nav document, else toc.ncx."""
    entries: list[tuple[str, str, int]] = []
    nav = next((p for p, _, props in manifest.values() if "nav" in props.split()), None)
    ncx = next(
        (p for p, media, _ in manifest.values() if media == "application/x-dtbncx+xml"), None
    )
    try:
        if nav and (tree := book.xml(nav)) is not None:
            entries = _nav_entries(tree, nav)
        if not entries and ncx and (tree := book.xml(ncx)) is not None:
            entries = _ncx_entries(tree, ncx)
    except IngestError:
        entries = []  # a damaged table of contents only costs its headings
    out: dict[str, list[tuple[str, str, int]]] = {}
    for href, label, level in entries:
        path, _, frag = href.partition("#")
        out.setdefault(path, []).append((frag, label, level))
    return out


def _nav_entries(tree, nav_path: str) -> list[tuple[str, str, int]]:
    navs = [n for n in tree.iter(f"{{{_XHTML}}}nav") if "toc" in (n.get(f"{{{_OPS}}}type") or "")]
    out: list[tuple[str, str, int]] = []

    def walk(ol, level: int) -> None:
        for li in ol.findall(f"{{{_XHTML}}}li"):
            link = li.find(f"{{{_XHTML}}}a")
            if link is not None and link.get("href"):
                href = link.get("href")
                target = resolve(nav_path, href) + (
                    "#" + href.split("#", 1)[1] if "#" in href else ""
                )
                out.append((target, " ".join("".join(link.itertext()).split()), level))
            for sub in li.findall(f"{{{_XHTML}}}ol"):
                walk(sub, level + 1)

    for nav in navs[:1]:
        for ol in nav.findall(f"{{{_XHTML}}}ol"):
            walk(ol, 1)
    return out


def _ncx_entries(tree, ncx_path: str) -> list[tuple[str, str, int]]:
    out: list[tuple[str, str, int]] = []

    def walk(parent, level: int) -> None:
        for point in parent.findall(f"{{{_NCX}}}navPoint"):
            label = point.find(f"{{{_NCX}}}navLabel")
            content = point.find(f"{{{_NCX}}}content")
            src = content.get("src") if content is not None else ""
            if src:
                target = _target(ncx_path, src)
                text = " ".join("".join(label.itertext()).split()) if label is not None else ""
                out.append((target, text, level))
            walk(point, level + 1)

    nav_map = tree.find(f"{{{_NCX}}}navMap")
    if nav_map is not None:
        walk(nav_map, 1)
    return out


def _target(base: str, href: str) -> str:
    """'chapter.xhtml#s2' from a link in ``base``, as an archive path and fragment."""
    frag = href.split("#", 1)[1] if "#" in href else ""
    return resolve(base, href) + (f"#{frag}" if frag else "")


def _chapter(book: Archive, path: str, number: int, entries: list):
    """One content document as a ``<section data-chapter>``, or None when it has no text."""
    data = book.read(path)
    if data is None:
        return None
    try:
        tree = sanitised_tree(decode_text(data))
    except IngestError:
        return None  # a cover page or an image: nothing to read
    body = tree.find(".//body")
    _toc_headings(body, entries)
    section = body.makeelement("section", {"data-chapter": str(number), "id": f"c{number}-"})
    section.set("data-path", path)
    section.text = body.text
    for child in list(body):
        section.append(child)
    for el in section.iter():
        if not isinstance(el.tag, str) or el is section:
            continue
        for attr in ("id", "name"):
            if el.get(attr):
                el.set(attr, f"c{number}-{el.get(attr)}")
    return section


def _toc_headings(body, entries: list) -> None:
    """A table-of-contents entry whose place opens with no heading gets one there."""
    ids = {el.get("id"): el for el in body.iter() if isinstance(el.tag, str) and el.get("id")}
    for frag, label, level in entries:
        target = ids.get(frag) if frag else body
        if target is None or not label or _opens_with_heading(target):
            continue
        heading = body.makeelement(f"h{min(level, 6)}", {})
        heading.text = label
        if target is body:
            heading.tail, body.text = body.text, None
            body.insert(0, heading)
        else:
            target.addprevious(heading)


def _opens_with_heading(el) -> bool:
    """A heading at or around the place, or among its first blocks (after a chapter number)."""
    if any(a.tag in HEADINGS for a in el.iterancestors()):
        return True
    blocks = (d for d in el.iter() if isinstance(d.tag, str) and d.tag in _BLOCKS)
    return any(b.tag in HEADINGS or style_level(b) is not None for b in islice(blocks, 3))


def _relink(body, chapters: dict[str, int]) -> None:
    """Links within and between content documents, renamed like the ids they point to."""
    for section in body:
        number, path = section.get("data-chapter"), section.get("data-path")
        for a in section.iter("a"):
            href = a.get("href") or ""
            if href.startswith("#"):
                a.set("href", f"#c{number}-{href[1:]}")
            elif href and not re.match(r"^[a-z][a-z0-9+.-]*:", href, re.I):
                target = chapters.get(resolve(path, href))
                frag = href.split("#", 1)[1] if "#" in href else ""
                if target:
                    a.set("href", f"#c{target}-{frag}")


def _metadata(opf) -> Metadata:
    meta = Metadata()
    md = opf.find("{*}metadata")
    if md is None:
        return meta
    titles = md.findall(f"{{{_DC}}}title")
    main = {
        (m.get("refines") or "").lstrip("#")
        for m in md.iter("{*}meta")
        if m.get("property") == "title-type" and (m.text or "").strip() == "main"
    }
    chosen = next((t for t in titles if t.get("id") in main), titles[0] if titles else None)
    meta.title = _text(chosen)
    meta.authors = [a for c in md.findall(f"{{{_DC}}}creator") for a in split_authors(_text(c))]
    meta.date = normalise_date(_text(md.find(f"{{{_DC}}}date")))
    meta.summary = re.sub(r"<[^>]+>", " ", _text(md.find(f"{{{_DC}}}description"))).strip()
    language = _text(md.find(f"{{{_DC}}}language")).split("-")[0].lower()
    meta.language = language or meta.language
    return meta


def _text(el) -> str:
    return " ".join("".join(el.itertext()).split()) if el is not None else ""


FORMAT = Format(
    name="epub",
    label="EPUB",
    extensions=(".epub",),
    sniff=sniff,
    read=read,
)
