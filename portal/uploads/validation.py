"""Checks a file passes before anything is stored: size, then its format's own quick check."""

from __future__ import annotations

from django.conf import settings
from django.template.defaultfilters import filesizeformat

from portal.ingest import IngestError, detect_format, get_format


def validate_upload(data: bytes, name: str = "") -> str:
    """Return the file's format, or raise ``IngestError`` with one sentence saying what is wrong."""
    limit = settings.LECTERN_MAX_UPLOAD_BYTES
    if len(data) > limit:
        raise IngestError(
            f"The file is {filesizeformat(len(data))}, over the {filesizeformat(limit)} limit: "
            "split it into parts or compress its images, then upload it again."
        )
    fmt = detect_format(data, name)  # empty, binary, damaged or bomb archives raise here
    check = get_format(fmt).check
    if check:
        check(data)
    return fmt
