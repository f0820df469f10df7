"""Build tiny ODT, EPUB and DOCX files in memory, written the way their specifications say.

The parser tests and property tests use these so that each case is spelled out
in a few lines of markup, not hidden in a binary sample.
"""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

ODT_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"'
)
W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def zip_bytes(members: dict[str, str | bytes], stored_first: str | None = None) -> bytes:
    """A ZIP archive; ``stored_first`` is written first and uncompressed (``mimetype``)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        if stored_first is not None:
            zf.writestr(stored_first, members[stored_first], compress_type=zipfile.ZIP_STORED)
        for name, data in members.items():
            if name != stored_first:
                zf.writestr(name, data)
    return buf.getvalue()


def odt(
    body: str,
    meta: str = "",
    styles: str = "",
    mimetype: bool = True,
    extra: dict[str, str | bytes] | None = None,
) -> bytes:
    """An ODT whose ``office:text`` holds ``body`` (ODF markup with the usual prefixes)."""
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODT_NS}>'
        f"<office:automatic-styles>{styles}</office:automatic-styles>"
        f"<office:body><office:text>{body}</office:text></office:body>"
        "</office:document-content>"
    )
    members: dict[str, str | bytes] = {"content.xml": content}
    if mimetype:
        members = {"mimetype": "application/vnd.oasis.opendocument.text", **members}
    members["meta.xml"] = (
        f"<office:document-meta {ODT_NS}><office:meta>{meta}</office:meta></office:document-meta>"
    )
    return zip_bytes({**members, **(extra or {})}, "mimetype" if mimetype else None)


def odt_note(citation: str, text: str, kind: str = "footnote") -> str:
    return (
        f'<text:note text:note-class="{kind}"><text:note-citation>{citation}</text:note-citation>'
        f"<text:note-body><text:p>{escape(text)}</text:p></text:note-body></text:note>"
    )


def xhtml(body: str, title: str = "") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">'
        f"<head><title>{escape(title)}</title></head><body>{body}</body></html>"
    )


def epub(
    chapters: dict[str, str],
    title: str = "A Book",
    nav: list[tuple[str, str]] | None = None,
    ncx: list[tuple[str, str]] | None = None,
    linear_no: tuple[str, ...] = (),
    creator: str = "A. Author",
    extra: dict[str, str | bytes] | None = None,
) -> bytes:
    """An EPUB whose spine is ``chapters`` (file name -> XHTML body) in order.

    ``nav`` (EPUB 3) or ``ncx`` (EPUB 2) list (href, label) table-of-contents entries.
    """
    items = "".join(
        f'<item id="c{i}" href="text/{name}" media-type="application/xhtml+xml"/>'
        for i, name in enumerate(chapters)
    )
    spine = "".join(
        f'<itemref idref="c{i}"{' linear="no"' if name in linear_no else ""}/>'
        for i, name in enumerate(chapters)
    )
    members: dict[str, str | bytes] = {
        "mimetype": "application/epub+zip",
        "META-INF/container.xml": (
            '<container xmlns="urn:oasis:names:tc:opendocument:xmlns:container" version="1.0">'
            '<rootfiles><rootfile full-path="OEBPS/book.opf" '
            'media-type="application/oebps-package+xml"/></rootfiles></container>'
        ),
    }
    if nav is not None:
        items += (
            '<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>'
        )
        links = "".join(f'<li><a href="{h}">{escape(label)}</a></li>' for h, label in nav)
        members["OEBPS/nav.xhtml"] = xhtml(f'<nav epub:type="toc"><ol>{links}</ol></nav>')
    if ncx is not None:
        items += '<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>'
        points = "".join(
            f'<navPoint id="p{i}"><navLabel><text>{escape(label)}</text></navLabel>'
            f'<content src="{h}"/></navPoint>'
            for i, (h, label) in enumerate(ncx)
        )
        members["OEBPS/toc.ncx"] = (
            '<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1">'
            f"<navMap>{points}</navMap></ncx>"
        )
    members["OEBPS/book.opf"] = (
        '<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">'
        '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f'<dc:identifier id="id">urn:x</dc:identifier><dc:title>{escape(title)}</dc:title>'
        f"<dc:creator>{escape(creator)}</dc:creator><dc:language>en</dc:language>"
        "<dc:date>2019-04-02</dc:date></metadata>"
        f"<manifest>{items}</manifest><spine>{spine}</spine></package>"
    )
    for name, body in chapters.items():
        members[f"OEBPS/text/{name}"] = xhtml(body)
    return zip_bytes({**members, **(extra or {})}, "mimetype")


def docx(body: str, footnotes: str = "", endnotes: str = "") -> bytes:
    """A DOCX whose ``w:body`` holds ``body``; notes parts hold the given ``w:footnote``s."""
    members: dict[str, str | bytes] = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
        ),
        "word/document.xml": f"<w:document {W_NS}><w:body>{body}</w:body></w:document>",
    }
    if footnotes:
        members["word/footnotes.xml"] = f"<w:footnotes {W_NS}>{footnotes}</w:footnotes>"
    if endnotes:
        members["word/endnotes.xml"] = f"<w:endnotes {W_NS}>{endnotes}</w:endnotes>"
    return zip_bytes(members)


def w_para(*runs: str, style: str = "") -> str:
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p>{ppr}{''.join(runs)}</w:p>"


def w_text(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def w_ref(kind: str, note_id: int) -> str:
    return f'<w:r><w:{kind}Reference w:id="{note_id}"/></w:r>'


def w_note(kind: str, note_id: int, text: str) -> str:
    return f'<w:{kind} w:id="{note_id}"><w:p>{w_text(text)}</w:p></w:{kind}>'
