"""Write small PDFs with text exactly where a test wants it (for the PDF layout tests).

Each page is a list of ``Text`` runs and ``Rule`` strokes in points from the
page's top-left corner, set in the standard Helvetica fonts, so that columns,
running heads, rotated margin text and note areas can be laid out by hand.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from pypdf import PdfReader, PdfWriter

WIDTH, HEIGHT = 612, 792


@dataclass(frozen=True)
class Text:
    x: float
    top: float  # baseline distance from the page's top
    text: str
    size: float = 11
    bold: bool = False
    rotated: bool = False


@dataclass(frozen=True)
class Rule:
    x0: float
    x1: float
    top: float


def _escape(text: str) -> bytes:
    raw = text.encode("cp1252")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _content(items: list) -> bytes:
    out = []
    for item in items:
        if isinstance(item, Rule):
            y = HEIGHT - item.top
            out.append(f"0.5 w {item.x0} {y} m {item.x1} {y} l S".encode())
            continue
        font = "F2" if item.bold else "F1"
        matrix = "0 1 -1 0" if item.rotated else "1 0 0 1"
        head = f"BT /{font} {item.size} Tf {matrix} {item.x} {HEIGHT - item.top} Tm (".encode()
        out.append(head + _escape(item.text) + b") Tj ET")
    return b"\n".join(out)


def make_pdf(pages: list[list], password: str | None = None) -> bytes:
    """The PDF's bytes; with ``password`` (may be empty) it is encrypted for that user password."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /%s /Encoding /WinAnsiEncoding >>"
    f1 = add(font % b"Helvetica")
    f2 = add(font % b"Helvetica-Bold")
    pages_id = len(objects) + 1 + 2 * len(pages)
    kids = []
    for items in pages:
        stream = _content(items)
        content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        kids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %d %d] /Contents %d 0 R "
                b"/Resources << /Font << /F1 %d 0 R /F2 %d 0 R >> >> >>"
                % (pages_id, WIDTH, HEIGHT, content, f1, f2)
            )
        )
    refs = b" ".join(b"%d 0 R" % k for k in kids)
    add(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (refs, len(kids)))
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    buf = io.BytesIO()
    buf.write(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(buf.tell())
        buf.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    xref = buf.tell()
    buf.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    buf.writelines(b"%010d 00000 n \n" % off for off in offsets)
    buf.write(b"trailer\n<< /Size %d /Root %d 0 R >>\n" % (len(objects) + 1, catalog))
    buf.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    data = buf.getvalue()
    if password is None:
        return data
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=password, owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def paragraph(x: float, top: float, lines: list[str], size: float = 11, lead: float = 14):
    """Lines of one paragraph, one under the other."""
    return [Text(x, top + i * lead, line, size) for i, line in enumerate(lines)]
