"""Word (DOCX): headings from heading styles, real footnotes and endnotes, core properties.

The archive is checked first (``archive.Archive``: a sane ZIP, no zip bomb, bounded parts).
The body is read with lxml from ``word/document.xml`` in order, tables included;
footnotes and endnotes come from their own parts, and each reference in the body
becomes a marker where it stands. Notes are labelled as Word numbers them:
footnotes 1, 2, 3... by order of first reference; endnotes the same when a file
has no footnotes, otherwise i, ii, iii... as Word prints them.
"""

from __future__ import annotations

import re

from .archive import Archive
from .base import Draft, Format, IngestError, Metadata, ParseOptions
from .common import TextRun, normalise_date, split_authors
from .detect import zip_names

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NS = {
    "w": W,
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
}
_SKIP = {f"{{{W}}}{t}" for t in ("delText", "instrText", "fldData", "txbxContent", "pPr", "rPr")}
_HEADING_STYLE = re.compile(r"^(?:heading|überschrift|titre|título|titolo)\s*(\d)$", re.I)


def _q(tag: str) -> str:
    prefix, local = tag.split(":")
    return f"{{{_NS[prefix]}}}{local}"


def sniff(data: bytes) -> bool:
    return "word/document.xml" in zip_names(data)


def read(data: bytes, options: ParseOptions) -> Draft:
    """Read DOCX bytes into a ``Draft``."""
    parts = Archive(data, "Word file")
    body = parts.xml("word/document.xml")
    if body is None:
        raise IngestError("This Word file has no document body (word/document.xml is missing).")
    styles = _styles(parts.xml("word/styles.xml"))
    reader = _Reader(styles, _notes(parts))
    meta = _core(parts.xml("docProps/core.xml"))
    draft = Draft(blocks=[], notes={}, meta=Metadata())
    reader.read_body(body.find(_q("w:body")), draft)
    _fill_meta(draft.meta, meta)
    draft.notes = reader.labelled_notes()
    for block in draft.blocks:
        block.markers = [(reader.label(_key(lb)), off) for lb, off in block.markers]
    return draft


def _styles(root) -> dict[str, tuple[str, int | None]]:
    """Style id -> (name, outline level) with ``basedOn`` followed for the level."""
    if root is None:
        return {}
    raw: dict[str, tuple[str, int | None, str]] = {}
    for style in root.iter(_q("w:style")):
        sid = style.get(_q("w:styleId")) or ""
        name_el = style.find(_q("w:name"))
        name = name_el.get(_q("w:val")) if name_el is not None else sid
        level = _outline(style.find(f"{_q('w:pPr')}/{_q('w:outlineLvl')}"))
        based = style.find(_q("w:basedOn"))
        raw[sid] = (name, level, based.get(_q("w:val")) if based is not None else "")
    out: dict[str, tuple[str, int | None]] = {}
    for sid, (name, level, based) in raw.items():
        seen = {sid}
        while level is None and based in raw and based not in seen:
            seen.add(based)
            level, based = raw[based][1], raw[based][2]
        out[sid] = (name, level)
    return out


def _outline(el) -> int | None:
    """Heading level 1-9 from ``w:outlineLvl`` (0-8); 9 is "body text" and, like a
    missing or broken value, leaves the level to the style the paragraph is based on
    (Word's "TOC Heading" is based on Heading 1 with level 9)."""
    value = el.get(_q("w:val")) if el is not None else None
    return int(value) + 1 if value and value.isdigit() and int(value) < 9 else None


def _notes(parts: Archive) -> dict[tuple[str, str], str]:
    """(kind, id) -> note text, for real footnotes and endnotes (separators skipped)."""
    notes: dict[tuple[str, str], str] = {}
    for kind, part in (("footnote", "word/footnotes.xml"), ("endnote", "word/endnotes.xml")):
        root = parts.xml(part)
        if root is None:
            continue
        for note in root.iter(_q(f"w:{kind}")):
            if note.get(_q("w:type")) in (
                "separator",
                "continuationSeparator",
                "continuationNotice",
            ):
                continue
            paras = []
            for p in note.iter(_q("w:p")):
                run = TextRun()
                _runs(p, run, lambda *_: None)
                paras.append(run.block().text)
            notes[(kind, note.get(_q("w:id")))] = "\n\n".join(t for t in paras if t)
    return notes


class _Reader:
    """Walk the body in order, numbering notes as Word does."""

    def __init__(self, styles: dict, notes: dict[tuple[str, str], str]) -> None:
        self.styles = styles
        self.notes = notes
        self.order: dict[tuple[str, str], str] = {}
        self.kinds_cited: set[str] = set()
        self.custom: dict[tuple[str, str], str] = {}

    def read_body(self, body, draft: Draft) -> None:
        if body is None:
            return
        for el in body:
            if el.tag == _q("w:p"):
                self._paragraph(el, draft)
            elif el.tag == _q("w:tbl"):
                for p in el.iter(_q("w:p")):
                    self._paragraph(p, draft)
            elif el.tag == _q("w:sdt"):
                self.read_body(el.find(_q("w:sdtContent")), draft)

    def _paragraph(self, p, draft: Draft) -> None:
        run = TextRun()
        _runs(p, run, self._cite)
        block = run.block()
        style_name, level = self._style(p)
        key = style_name.lower()
        if key in ("title", "subtitle", "author", "date", "abstract") and block.text:
            _meta_field(draft.meta, key, block.text)
            return
        if level is not None and level <= 6 and block.text:
            block.kind, block.level = "heading", level
        elif p.find(f"{_q('w:pPr')}/{_q('w:numPr')}") is not None or "list" in key:
            block.kind = "item"
        if block.text or block.markers:
            draft.blocks.append(block)

    def _style(self, p) -> tuple[str, int | None]:
        ppr = p.find(_q("w:pPr"))
        sid = ""
        level = None
        if ppr is not None:
            st = ppr.find(_q("w:pStyle"))
            sid = st.get(_q("w:val")) if st is not None else ""
            level = _outline(ppr.find(_q("w:outlineLvl")))
        name, style_level = self.styles.get(sid, (sid, None))
        m = _HEADING_STYLE.match(name or "")
        return name or "", level or (int(m.group(1)) if m else style_level)

    def _cite(self, kind: str, note_id: str, custom: str) -> str:
        key = (kind, note_id)
        if key not in self.order:
            self.order[key] = str(sum(1 for k in self.order if k[0] == kind) + 1)
            if custom:
                self.custom[key] = custom
        self.kinds_cited.add(kind)
        return f"{kind}:{note_id}"

    def labelled_notes(self) -> dict[str, str]:
        """Notes under their printed labels; markers are renamed to match in ``relabel``."""
        return {self.label(k): self.notes.get(k, "") for k in self.order} | {
            self.label(k): text for k, text in self.notes.items() if k not in self.order
        }

    def label(self, key: tuple[str, str]) -> str:
        if key in self.custom:
            return self.custom[key]
        kind, _ = key
        n = int(self.order.get(key) or _uncited_number(self, key))
        if kind == "endnote" and "footnote" in self.kinds_cited:
            return _roman(n)
        return str(n)


def _key(marker: str) -> tuple[str, str]:
    kind, _, note_id = marker.partition(":")
    return kind, note_id


def _uncited_number(reader: _Reader, key: tuple[str, str]) -> str:
    kind = key[0]
    cited = sum(1 for k in reader.order if k[0] == kind)
    uncited = [k for k in reader.notes if k[0] == kind and k not in reader.order]
    return str(cited + uncited.index(key) + 1)


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def _runs(el, run: TextRun, cite) -> None:
    """Text of a paragraph's runs in order; note references become markers."""
    for child in el:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag == _q("w:t"):
            run.add(child.text or "")
        elif tag in (_q("w:tab"), _q("w:ptab")):
            run.add(" ")
        elif tag in (_q("w:br"), _q("w:cr")):
            if child.get(_q("w:type")) not in ("page", "column"):
                run.add_break()
        elif tag in (_q("w:footnoteReference"), _q("w:endnoteReference")):
            kind = "footnote" if tag == _q("w:footnoteReference") else "endnote"
            custom = _custom_mark(el) if child.get(_q("w:customMarkFollows")) else ""
            run.mark(cite(kind, child.get(_q("w:id")), custom))
        elif tag == _q("w:noBreakHyphen"):
            run.add("-")
        elif tag.endswith("}AlternateContent"):
            choice = next(iter(child), None)
            if choice is not None:
                _runs(choice, run, cite)
        else:
            _runs(child, run, cite)


def _custom_mark(r) -> str:
    t = r.find(_q("w:t"))
    return (t.text or "").strip() if t is not None else ""


def _meta_field(meta: Metadata, key: str, text: str) -> None:
    if key == "title":
        meta.title = f"{meta.title} {text}".strip()
    elif key == "subtitle":
        meta.subtitle = text
    elif key == "author":
        meta.authors.extend(split_authors(text))
    elif key == "date":
        meta.date = normalise_date(text)
    else:
        meta.summary = f"{meta.summary}\n\n{text}".strip()


def _core(root) -> Metadata:
    meta = Metadata()
    if root is None:
        return meta

    def text(tag: str) -> str:
        el = root.find(_q(tag))
        return (el.text or "").strip() if el is not None else ""

    meta.title = text("dc:title")
    meta.authors = split_authors(text("dc:creator"))
    meta.date = normalise_date(text("dcterms:created").split("T")[0])  # without the time
    meta.summary = text("dc:description")
    return meta


def _fill_meta(meta: Metadata, core: Metadata) -> None:
    """What the document prints (Title, Author paragraphs) wins over core properties."""
    meta.title = meta.title or core.title
    meta.authors = meta.authors or core.authors
    meta.date = meta.date or core.date
    meta.summary = meta.summary or core.summary


FORMAT = Format(
    name="docx", label="Word (DOCX)", extensions=(".docx", ".docm"), sniff=sniff, read=read
)
