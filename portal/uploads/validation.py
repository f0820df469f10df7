"""Checks a file passes before anything is stored: size, content, encoding, archive, PDF."""

from __future__ import annotations

from io import BytesIO

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from pypdf import PdfReader

from portal.ingest import IngestError
from portal.ingest.detect import decode_text, detect_format
from portal.ingest.pdf import check_pdf

# Pages looked at for a text layer before the full parse, which checks them all.
PDF_SAMPLE_PAGES = 8


def validate_upload(data: bytes, name: str = "") -> str:
    """Return the file's format, or raise ``IngestError`` with one sentence saying what is wrong."""
    limit = settings.LECTERN_MAX_UPLOAD_BYTES
    if len(data) > limit:
        raise IngestError(
            f"The file is {filesizeformat(len(data))}, over the {filesizeformat(limit)} limit: "
            "split it into parts or compress its images, then upload it again."
        )
    fmt = detect_format(data, name)  # empty, binary, damaged or bomb archives raise here
    if fmt in ("txt", "md", "html"):
        decode_text(data)
    elif fmt == "pdf":
        check_pdf(data)
        _require_text_layer(data)
    return fmt


def _require_text_layer(data: bytes) -> None:
    reader = PdfReader(BytesIO(data))
    if reader.is_encrypted:
        reader.decrypt("")
    for page in reader.pages[:PDF_SAMPLE_PAGES]:
        if len((page.extract_text() or "").strip()) >= 20:
            return
    if len(reader.pages) <= PDF_SAMPLE_PAGES:
        raise IngestError(
            "This PDF has no text layer (it looks scanned), so it needs OCR: run it through "
            "a text-recognition tool and upload the result."
        )
