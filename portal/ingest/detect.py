"""Tell a file's format from its content, and decode text files whatever their encoding."""

from __future__ import annotations

import re
import zipfile
from io import BytesIO

from charset_normalizer import from_bytes

from .base import IngestError

_HTML_START = re.compile(rb"^\s*(<!doctype html|<html|<head|<body|<\?xml[^>]*>\s*<html)", re.I)
_HTML_TAGS = re.compile(rb"<(p|div|h[1-6]|section|article|sup|table|span)\b[^>]*>", re.I)
_MD_FOOTNOTE = re.compile(r"^\[\^[^\]\s]+\]:", re.M)
_MD_HEADING = re.compile(r"^#{1,6} \S", re.M)


def detect_format(data: bytes, name: str = "") -> str:
    """Return "pdf", "docx", "html", "md" or "txt" from the bytes themselves."""
    if not data or not data.strip():
        raise IngestError("The file is empty: there is nothing to import.")
    head = data[:2048]
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _zip_format(data)
    if _looks_binary(head):
        raise IngestError(
            "This file is not a document Lectern can read (it looks like binary data): "
            "upload text, Markdown, HTML, DOCX or PDF."
        )
    if _HTML_START.search(head) or len(_HTML_TAGS.findall(data[:65536])) >= 3:
        return "html"
    text = decode_text(data)
    if _MD_FOOTNOTE.search(text) or len(_MD_HEADING.findall(text)) >= 2:
        return "md"
    return "txt"


# A DOCX is XML and images: more than this unpacked, or packed far tighter than any
# real document, is a zip bomb.
MAX_UNZIPPED_BYTES = 300 * 1024 * 1024
MAX_RATIO = 200
MAX_MEMBERS = 5000


def check_zip(data: bytes) -> None:
    """Refuse a damaged archive, a zip bomb or an absurd number of members."""
    try:
        with zipfile.ZipFile(BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError):
        raise IngestError(
            "The file looks like a ZIP or DOCX archive but it is damaged: save it again from "
            "your word processor."
        ) from None
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if len(infos) > MAX_MEMBERS or total > MAX_UNZIPPED_BYTES or total > MAX_RATIO * packed:
        raise IngestError(
            f"This archive unpacks to {total / 1e6:,.0f} MB from {len(data) / 1e6:,.1f} MB, "
            "which is what a zip bomb does, so it was refused: upload the original document."
        )
    if any(i.flag_bits & 0x1 for i in infos):
        raise IngestError(
            "This Word file is password-protected: remove the protection and upload it again."
        )


def _zip_format(data: bytes) -> str:
    check_zip(data)
    try:
        with zipfile.ZipFile(BytesIO(data)) as zf:
            names = set(zf.namelist())
    except zipfile.BadZipFile:
        raise IngestError("The file looks like a ZIP or DOCX archive but it is damaged.") from None
    if "word/document.xml" in names:
        return "docx"
    if "content.xml" in names:
        raise IngestError(
            "This is an OpenDocument (ODT) file: save it as DOCX from your word processor "
            "and upload that."
        )
    raise IngestError("This ZIP archive is not a Word document (DOCX).")


def _looks_binary(head: bytes) -> bool:
    if b"\x00" in head and not (head.startswith((b"\xff\xfe", b"\xfe\xff"))):
        return True
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return control > max(2, len(head) // 50)


def decode_text(data: bytes) -> str:
    """Decode text bytes: UTF-8 (with or without BOM) first, else the detected encoding."""
    for bom, codec in (
        (b"\xef\xbb\xbf", "utf-8"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(codec, errors="replace").lstrip("\ufeff")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None:
        raise IngestError(
            "The text encoding of this file could not be recognised: save it as UTF-8 and "
            "upload it again."
        )
    # Short Western texts fool the detector into another Latin code page ("Rťsumť");
    # Windows-1252 is by far the likeliest one when the text is in a Latin-script language.
    if best.language in _LATIN_LANGUAGES or best.language == "Unknown":
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            pass
    return str(best)


_LATIN_LANGUAGES = {
    "English",
    "French",
    "Spanish",
    "German",
    "Italian",
    "Portuguese",
    "Dutch",
    "Danish",
    "Norwegian",
    "Swedish",
    "Finnish",
    "Catalan",
    "Romanian",
    "Indonesian",
    "Turkish",
}
