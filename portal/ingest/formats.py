"""The list of input formats, and telling a file's format from its name and content.

Adding a format: write ``portal/ingest/<name>.py`` (or a package) defining
``FORMAT = Format(...)`` and add its module path to ``FORMAT_MODULES``.
"""

from __future__ import annotations

from functools import cache
from importlib import import_module
from pathlib import PurePath

from .base import Format, IngestError
from .detect import check_zip, is_zip, looks_binary

# In sniffing order: container formats first, plain text last (it accepts anything).
FORMAT_MODULES = (
    "portal.ingest.pdf",
    "portal.ingest.docx",
    "portal.ingest.odt",
    "portal.ingest.epub",
    "portal.ingest.html",
    "portal.ingest.markdown",
    "portal.ingest.text",
)


@cache
def all_formats() -> dict[str, Format]:
    """Every registered format by name, in sniffing order."""
    formats = (import_module(path).FORMAT for path in FORMAT_MODULES)
    return {f.name: f for f in formats}


def get_format(name: str) -> Format:
    """The format called ``name``, or ``IngestError`` naming the known ones."""
    try:
        return all_formats()[name]
    except KeyError:
        known = ", ".join(all_formats())
        raise IngestError(f"Unknown format “{name}”: use one of {known}.") from None


def detect_format(data: bytes, name: str = "") -> str:
    """The format of a file from its content, with its name's extension telling text formats apart.

    Binary formats are known by their content whatever the name says; among text
    formats (HTML, Markdown, plain text) a known extension decides, and without one
    the content does.
    """
    if not data or not data.strip():
        raise IngestError("The file is empty: there is nothing to import.")
    formats = all_formats().values()
    if is_zip(data):
        check_zip(data)
    for fmt in formats:
        if not fmt.textual and fmt.sniff(data):
            return fmt.name
    if is_zip(data):
        labels = ", ".join(f.label for f in formats if not f.textual and f.name != "pdf")
        raise IngestError(f"This ZIP archive is not a document Lectern reads ({labels}).")
    if looks_binary(data[:4096]):
        known = ", ".join(f.label for f in formats)
        raise IngestError(
            "This file is not a document Lectern can read (it looks like binary data): "
            f"upload one of {known}."
        )
    suffix = PurePath(name).suffix.lower()
    for fmt in formats:
        if fmt.textual and suffix in fmt.extensions:
            return fmt.name
    for fmt in formats:
        if fmt.textual and fmt.sniff(data):
            return fmt.name
    raise IngestError("This file's format could not be recognised.")  # text sniffs accept all
