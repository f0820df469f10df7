"""Checks a file passes before anything is stored: size, then its format's own quick check.

The size limit is ``LECTERN_MAX_UPLOAD_BYTES``; ``upload_limit()`` is how it is
written everywhere (the upload page, messages, ``ingest``): "50 MB", "1000 bytes".
"""

from __future__ import annotations

from django.conf import settings

from portal.ingest import IngestError, detect_format, get_format

_UNITS = ("KB", "MB", "GB", "TB")


def format_size(size: int) -> str:
    """A byte count for people, in binary units: "1000 bytes", "1.2 KB", "50 MB"."""
    if size < 1024:
        return f"{size} byte{'s' if size != 1 else ''}"
    value = float(size)
    for unit in _UNITS:
        value /= 1024
        if value < 1024 or unit == _UNITS[-1]:
            break
    return f"{value:.1f}".removesuffix(".0") + f" {unit}"


def upload_limit() -> str:
    return format_size(settings.LECTERN_MAX_UPLOAD_BYTES)


def check_size(size: int) -> None:
    """Raise ``IngestError`` for a file over the upload limit."""
    if size > settings.LECTERN_MAX_UPLOAD_BYTES:
        raise IngestError(
            f"The file is {format_size(size)}, over the {upload_limit()} limit: split it into "
            "parts or compress its images, or raise LECTERN_MAX_UPLOAD_BYTES."
        )


def validate_upload(data: bytes, name: str = "") -> str:
    """Return the file's format, or raise ``IngestError`` with one sentence saying what is wrong."""
    check_size(len(data))
    fmt = detect_format(data, name)  # empty, binary, damaged or bomb archives raise here
    check = get_format(fmt).check
    if check:
        check(data)
    return fmt
