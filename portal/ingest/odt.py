"""OpenDocument text (ODT): ``text:h`` headings, paragraphs, lists, tables and ``text:note``s.

Recognised by the archive's ``mimetype`` member, whatever the file is called.
``content.xml`` is read in order: headings carry their outline level, each
``text:note`` (footnote or endnote) becomes a marker where it stands, labelled
with its printed ``text:note-citation``. Comments (``office:annotation``) and
tracked deletions are not text; text in frames and shapes follows the paragraph
it is anchored in. Title, subtitle and author paragraphs, then ``meta.xml``,
give the metadata.
"""

from __future__ import annotations

import re

from .archive import Archive, has_mimetype
from .base import Block, Draft, Format, IngestError, Metadata, ParseOptions
from .common import TextRun, add_meta_field, normalise_date, split_authors
from .notes import unique_label

_NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
    "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
}
_XLINK = "http://www.w3.org/1999/xlink"
_MATHML = "http://www.w3.org/1998/Math/MathML"
MIMETYPES = (
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.text-template",
)


def _q(tag: str) -> str:
    prefix, local = tag.split(":")
    return f"{{{_NS[prefix]}}}{local}"


# Not text: change tracking, comments, declarations, index templates, shape captions,
# generated numbers.
_SKIP = {
    _q(t)
    for t in (
        "text:tracked-changes", "text:deletion", "office:annotation", "office:annotation-end",
        "text:sequence-decls", "text:variable-decls", "text:user-field-decls", "office:forms",
        "text:table-of-content-source", "text:alphabetical-index-source",
        "text:illustration-index-source", "text:bibliography-source", "text:user-index-source",
        "table:table-columns", "table:table-column", "svg:title", "svg:desc", "text:note-citation",
        "text:number",  # a heading's or list item's generated number, as pandoc reads it
    )
}  # fmt: skip
_META_STYLES = {"title", "subtitle", "author", "date", "abstract"}


def sniff(data: bytes) -> bool:
    return has_mimetype(data, *MIMETYPES)


def read(data: bytes, options: ParseOptions) -> Draft:
    """Read ODT bytes into a ``Draft``."""
    archive = Archive(data, "OpenDocument file")
    if b"encryption-data" in (archive.read("META-INF/manifest.xml") or b""):
        raise IngestError(
            "This OpenDocument file is password-protected: save it without a password and "
            "upload it again."
        )
    content = archive.xml("content.xml")
    body = content.find(f"{_q('office:body')}/{_q('office:text')}") if content is not None else None
    if body is None:
        raise IngestError(
            "This OpenDocument file holds no text document (content.xml has no office:text)."
        )
    reader = _Reader(_styles(content, archive.xml("styles.xml")), formula=_formulas(archive))
    reader.container(body)
    printed = reader.meta
    meta = _meta(archive.xml("meta.xml"))
    printed.title = printed.title or meta.title
    printed.authors = printed.authors or meta.authors
    printed.date = printed.date or meta.date
    printed.summary = printed.summary or meta.summary
    printed.language = meta.language or printed.language
    return Draft(blocks=reader.blocks, notes=reader.notes, meta=printed)


def _formulas(archive: Archive):
    """The linear text of a frame's embedded formula (``Object 1/content.xml``, MathML),
    or "" for any other frame."""
    href = f"{{{_XLINK}}}href"

    def formula(frame) -> str:
        obj = frame.find(_q("draw:object")) if frame.tag == _q("draw:frame") else None
        name = (obj.get(href) or "").removeprefix("./").strip("/") if obj is not None else ""
        root = archive.xml(f"{name}/content.xml") if name else None
        if root is None or root.tag != f"{{{_MATHML}}}math":
            return ""
        tokens = [
            (el.text or "").strip()
            for el in root.iter(*(f"{{{_MATHML}}}{t}" for t in ("mi", "mn", "mo", "mtext")))
        ]
        return " ".join(t for t in tokens if t)

    return formula


def _decode(name: str) -> str:
    """'Heading_20_1' -> 'Heading 1': ODF escapes characters in style names as _hex_."""
    return re.sub(r"_([0-9a-fA-F]{2})_", lambda m: chr(int(m.group(1), 16)), name)


def _styles(*roots) -> dict[str, tuple[str, int | None]]:
    """Paragraph style name -> (the first named ancestor's display name, outline level)."""
    raw: dict[str, tuple[str, str, int | None]] = {}
    for root in roots:
        if root is None:
            continue
        for st in root.iter(_q("style:style")):
            name = st.get(_q("style:name")) or ""
            level = st.get(_q("style:default-outline-level"))
            display = st.get(_q("style:display-name")) or _decode(name)
            parent = st.get(_q("style:parent-style-name")) or ""
            raw[name] = (display, parent, int(level) if level and level.isdigit() else None)
    out: dict[str, tuple[str, int | None]] = {}
    for name in raw:
        display, parent, level = raw[name]
        seen = {name}
        # Automatic styles (P1, P2...) name nothing: the style they derive from does.
        if _auto(display) and parent and parent not in raw:
            display = _decode(parent)  # a common style defined in styles.xml we were not given
        while parent in raw and parent not in seen and (level is None or _auto(display)):
            seen.add(parent)
            pdisplay, parent, plevel = raw[parent]
            display = pdisplay if _auto(display) else display
            level = level if level is not None else plevel
        out[name] = (display, level)
    return out


def _auto(display: str) -> bool:
    return bool(re.fullmatch(r"[PT]\d+", display))


class _Reader:
    """Walk the body in order, collecting blocks, notes and printed metadata."""

    def __init__(self, styles: dict, notes: dict[str, str] | None = None, formula=None) -> None:
        self.styles = styles
        self.formula = formula or (lambda frame: "")
        self.blocks: list[Block] = []
        self.notes: dict[str, str] = {} if notes is None else notes
        self.meta = Metadata()

    def container(self, el, item: bool = False) -> None:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP:
                continue
            if tag in (_q("text:p"), _q("text:h")):
                self.paragraph(child, item)
            else:
                self.container(child, item or tag in (_q("text:list-item"), _q("text:list-header")))

    def paragraph(self, p, item: bool = False) -> None:
        run, frames = TextRun(), []
        self._inline(p, run, frames)
        block = run.block(kind="item" if item else "para")
        name, style_level = self.styles.get(p.get(_q("text:style-name")) or "", ("", None))
        key = name.strip().lower()
        if p.tag == _q("text:h"):
            level = p.get(_q("text:outline-level")) or ""
            block.kind, block.level = "heading", int(level) if level.isdigit() else 1
        elif style_level and block.text and not item:
            block.kind, block.level = "heading", style_level
        elif key in _META_STYLES and block.text and not block.markers:
            add_meta_field(self.meta, key, block.text)
            block = None
        if block is not None and (block.text or block.markers):
            if block.kind == "heading" and not block.text:
                block.kind = "para"
            self.blocks.append(block)
        for frame in frames:  # a text box's paragraphs follow the one it is anchored in
            self.container(frame)

    def _inline(self, el, run: TextRun, frames: list) -> None:
        if el.text:
            run.add(el.text)
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP:
                pass
            elif tag == _q("text:s") or tag == _q("text:tab"):
                run.add(" ")
            elif tag == _q("text:line-break"):
                run.add_break()
            elif tag == _q("text:note"):
                run.mark(self._note(child))
            elif tag.startswith(f"{{{_NS['draw']}}}") and (math := self.formula(child)):
                run.add(math)  # a formula object is text where it stands
            elif tag.startswith(f"{{{_NS['draw']}}}"):
                frames.append(child)
            else:
                self._inline(child, run, frames)
            if child.tail:
                run.add(child.tail)

    def _note(self, note) -> str:
        citation = note.find(_q("text:note-citation"))
        printed = ""
        if citation is not None:
            printed = citation.get(_q("text:label")) or "".join(citation.itertext())
        label = unique_label(printed, self.notes)
        sub = _Reader(self.styles, formula=self.formula)
        body = note.find(_q("text:note-body"))
        if body is not None:
            sub.container(body)
        self.notes[label] = "\n\n".join(b.text for b in sub.blocks if b.text)
        return label


def _meta(root) -> Metadata:
    meta = Metadata(language="")
    info = root.find(_q("office:meta")) if root is not None else None
    if info is None:
        return meta

    def text(tag: str) -> str:
        el = info.find(_q(tag))
        return " ".join("".join(el.itertext()).split()) if el is not None else ""

    meta.title = text("dc:title")
    meta.authors = split_authors(text("meta:initial-creator") or text("dc:creator"))
    # "2020-02-03T10:00:00": the day, without the time (which would hide it from the parser).
    meta.date = normalise_date((text("meta:creation-date") or text("dc:date")).split("T")[0])
    meta.summary = text("dc:description")
    meta.language = text("dc:language").split("-")[0].lower()
    return meta


FORMAT = Format(
    name="odt",
    label="OpenDocument (ODT)",
    extensions=(".odt", ".ott"),
    sniff=sniff,
    read=read,
)
