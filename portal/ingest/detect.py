"""Look at a file's bytes: archives (sane, not a bomb), binary or text, and decode text."""

from __future__ import annotations

import zipfile
from collections import Counter
from io import BytesIO

from charset_normalizer import from_bytes

from .base import IngestError

# A DOCX is XML and images: more than this unpacked, or packed far tighter than any
# real document, is a zip bomb.
MAX_UNZIPPED_BYTES = 300 * 1024 * 1024
MAX_RATIO = 200
MAX_MEMBERS = 5000
# One member unpacking far past its packed size is a bomb even when padding keeps the
# whole archive's ratio low: real XML parts pack 5-20 times, never 100 times at this size.
MAX_MEMBER_BYTES = 40 * 1024 * 1024
MAX_MEMBER_RATIO = 100


def check_zip(data: bytes) -> None:
    """Refuse a damaged archive, a zip bomb or an absurd number of members."""
    try:
        with zipfile.ZipFile(BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError, NotImplementedError):  # e.g. "zip file version 6.4"
        raise IngestError(
            "The file looks like a ZIP or DOCX archive but it is damaged: save it again from "
            "your word processor."
        ) from None
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    bomb_member = any(
        i.file_size > MAX_MEMBER_BYTES and i.file_size > MAX_MEMBER_RATIO * max(1, i.compress_size)
        for i in infos
    )
    if (
        len(infos) > MAX_MEMBERS
        or total > MAX_UNZIPPED_BYTES
        or total > MAX_RATIO * packed
        or bomb_member
    ):
        raise IngestError(
            f"This archive unpacks to {total / 1e6:,.0f} MB from {len(data) / 1e6:,.1f} MB, "
            "which is what a zip bomb does, so it was refused: upload the original document."
        )
    if any(i.flag_bits & 0x1 for i in infos):
        raise IngestError(
            "This Word file is password-protected: remove the protection and upload it again."
        )


def is_zip(data: bytes) -> bool:
    return data[:4] == b"PK\x03\x04"


def zip_names(data: bytes) -> set[str]:
    """The member names of a ZIP archive (empty for anything else or a damaged one)."""
    if not is_zip(data):
        return set()
    try:
        with zipfile.ZipFile(BytesIO(data)) as zf:
            return set(zf.namelist())
    except (zipfile.BadZipFile, ValueError, NotImplementedError):
        return set()


def zip_mimetype(data: bytes) -> str:
    """The ``mimetype`` member OpenDocument and EPUB files start with, or ""."""
    if "mimetype" not in zip_names(data):
        return ""
    with zipfile.ZipFile(BytesIO(data)) as zf:
        return zf.read("mimetype")[:100].decode("ascii", "replace").strip()


def looks_binary(head: bytes) -> bool:
    """Control bytes text never holds; UTF-16 text (with or without a byte-order mark) is text."""
    if _utf16_codec(head):
        return False
    if b"\x00" in head:
        return True
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return control > max(2, len(head) // 50)


def _utf16_codec(data: bytes) -> str:
    """ "utf-16" (BOM), "utf-16-le" or "utf-16-be" when the bytes are UTF-16 text, else ""."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    sample = data[: 4096 // 2 * 2]
    if len(sample) < 4:
        return ""
    for codec, high in (("utf-16-le", sample[1::2]), ("utf-16-be", sample[0::2])):
        low = sample[0::2] if codec == "utf-16-le" else sample[1::2]
        if _one_script(high, low) and _printable(sample.decode(codec, errors="replace")):
            return codec
    return ""


def _one_script(high: bytes, low: bytes) -> bool:
    """Text in one alphabet: the high bytes take one or two values from the start of the
    BMP (NUL for Latin and spaces, 0x04 for Cyrillic...) while the low bytes vary."""
    top = Counter(high).most_common(2)
    share = sum(n for _b, n in top) / len(high)
    return share >= 0.9 and top[0][0] <= 0x05 and len(set(low)) >= min(5, len(low) // 2)


def _printable(text: str) -> bool:
    bad = sum(1 for c in text if c == "\ufffd" or (c < " " and c not in "\t\n\r\f"))
    return bad <= len(text) // 50


def decode_text(data: bytes) -> str:
    """Decode text bytes: UTF-8 (with or without BOM) first, else the detected encoding."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data.decode("utf-8", errors="replace").lstrip("\ufeff")
    codec = _utf16_codec(data)
    if codec:
        return data[: len(data) // 2 * 2].decode(codec, errors="replace").lstrip("\ufeff")
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
