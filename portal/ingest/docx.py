"""Word (DOCX): headings from heading styles, real footnotes and endnotes, core properties.

The archive is checked first (``archive.Archive``: a sane ZIP, no zip bomb, bounded parts).
The body is read with lxml from ``word/document.xml`` in order, tables included;
footnotes and endnotes come from their own parts, and each reference in the body
becomes a marker where it stands. Notes are labelled as Word prints them, in
order of first reference: footnotes 1, 2, 3 and endnotes i, ii, iii unless the
settings or the section choose another format or start (letters, roman numerals,
Chicago's * † ‡ §), a custom mark as it stands.
"""

from __future__ import annotations

import re

from .archive import Archive
from .base import Draft, Format, IngestError, Metadata, ParseOptions
from .common import TextRun, add_meta_field, normalise_date, split_authors
from .detect import zip_names
from .notes import unique_label

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NS = {
    "w": W,
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
}
# Not text: deleted or moved-away runs (tracked changes), field codes, properties.
_SKIP = {f"{{{W}}}{t}" for t in ("delText", "moveFrom", "instrText", "fldData", "pPr", "rPr")}
_TEXT_BOX = f"{{{W}}}txbxContent"
_MATH_TEXT = "{http://schemas.openxmlformats.org/officeDocument/2006/math}t"  # OMML
_NUMBER_FORMATS = {"decimal", "lowerRoman", "upperRoman", "lowerLetter", "upperLetter", "chicago"}
# What holds paragraphs: tables, content controls, custom XML, tracked insertions.
_CONTAINERS = {
    f"{{{W}}}{t}"
    for t in ("tbl", "tr", "tc", "sdt", "sdtContent", "customXml", "ins", "moveTo", "smartTag")
}
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
    numbering = _numbering(parts.xml("word/settings.xml"), body)
    reader = _Reader(styles, _notes(parts), numbering)
    meta = _core(parts.xml("docProps/core.xml"))
    draft = Draft(blocks=[], notes={}, meta=Metadata())
    reader.read_body(body.find(_q("w:body")), draft)
    _fill_meta(draft.meta, meta)
    labels = reader.labels()
    draft.notes = {labels[key]: reader.notes.get(key, "") for key in labels}
    for block in draft.blocks:
        block.markers = [(labels[_key(lb)], off) for lb, off in block.markers]
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

    def __init__(self, styles: dict, notes: dict[tuple[str, str], str], numbering: dict) -> None:
        self.styles = styles
        self.notes = notes
        self.numbering = numbering  # kind -> (number format, first number)
        self.order: list[tuple[str, str]] = []
        self.custom: dict[tuple[str, str], str] = {}

    def read_body(self, body, draft: Draft) -> None:
        if body is None:
            return
        for el in body:
            if el.tag == _q("w:p"):
                self._paragraph(el, draft)
            elif el.tag in _CONTAINERS:
                self.read_body(el, draft)

    def _paragraph(self, p, draft: Draft) -> None:
        run, boxes = TextRun(), []
        _runs(p, run, self._cite, boxes)
        self._add_paragraph(p, run, draft)
        for box in boxes:  # a text box's paragraphs follow the one it is anchored in
            self.read_body(box, draft)

    def _add_paragraph(self, p, run: TextRun, draft: Draft) -> None:
        block = run.block()
        style_name, level = self._style(p)
        key = style_name.lower()
        if key in ("title", "subtitle", "author", "date", "abstract") and block.text:
            add_meta_field(draft.meta, key, block.text)
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
            self.order.append(key)
            if custom:
                self.custom[key] = custom
        return f"{kind}:{note_id}"

    def labels(self) -> dict[tuple[str, str], str]:
        """Each note's label as Word prints it: cited notes in order, then uncited ones."""
        out: dict[tuple[str, str], str] = {}
        counts = {"footnote": 0, "endnote": 0}
        taken: set[str] = set()
        for key in self.order + [k for k in self.notes if k not in self.order]:
            kind = key[0]
            fmt, start = self.numbering.get(kind, ("decimal", 1))
            if key in self.custom:
                printed = self.custom[key]
            else:
                printed = _number(start + counts[kind], fmt)
                counts[kind] += 1
            out[key] = unique_label(printed, taken)
            taken.add(out[key])
        return out


def _key(marker: str) -> tuple[str, str]:
    kind, _, note_id = marker.partition(":")
    return kind, note_id


def _numbering(settings, body) -> dict[str, tuple[str, int]]:
    """Number format and start per note kind: Word's defaults (1, 2, 3 and i, ii, iii),
    then ``settings.xml``, then the last section's own properties."""
    out = {"footnote": ("decimal", 1), "endnote": ("lowerRoman", 1)}
    for root in (settings, body):
        if root is None:
            continue
        for kind in out:
            for pr in root.iter(_q(f"w:{kind}Pr")):
                fmt, start = out[kind]
                num_fmt, num_start = pr.find(_q("w:numFmt")), pr.find(_q("w:numStart"))
                if num_fmt is not None and num_fmt.get(_q("w:val")) in _NUMBER_FORMATS:
                    fmt = num_fmt.get(_q("w:val"))
                value = num_start.get(_q("w:val")) if num_start is not None else ""
                if value and value.isdigit():
                    start = min(int(value), 10_000)
                out[kind] = (fmt, start)
    return out


def _number(n: int, fmt: str) -> str:
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(n)
        return roman.upper() if fmt == "upperRoman" else roman
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt == "chicago":
        return "*†‡§"[(n - 1) % 4] * ((n - 1) // 4 + 1)
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, letters in (
        (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
        (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
    ):  # fmt: skip
        while n >= value:
            out, n = out + letters, n - value
    return out


def _runs(el, run: TextRun, cite, boxes: list | None = None) -> None:
    """Text of a paragraph's runs in order; note references become markers; text boxes
    are collected in ``boxes`` (or left out)."""
    for child in el:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag == _TEXT_BOX:
            if boxes is not None:
                boxes.append(child)
        elif tag in (_q("w:t"), _MATH_TEXT):  # an equation's text, linear, is text too
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
            if choice is not None:  # the first choice only: the fallback repeats it
                _runs(choice, run, cite, boxes)
        else:
            _runs(child, run, cite, boxes)


def _custom_mark(r) -> str:
    t = r.find(_q("w:t"))
    return (t.text or "").strip() if t is not None else ""


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
