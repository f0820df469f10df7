"""Ingestion: one parser per format, all feeding one ``ParsedDocument``.

    from portal.ingest import parse_bytes
    parsed = parse_bytes(path.read_bytes(), name=path.name)   # format sniffed from content
    parsed = parse_bytes(data, name="x.txt", fmt="txt")      # or forced

``portal.ingest.load.import_parsed_document`` stores the result atomically.
"""

from __future__ import annotations

from importlib import import_module

from .base import IngestError, ParsedDocument
from .detect import detect_format

# Format -> module exposing ``parse(data: bytes, name: str) -> ParsedDocument``.
PARSERS = {
    "txt": "portal.ingest.plaintext",
    "md": "portal.ingest.markdown",
    "html": "portal.ingest.html",
    "docx": "portal.ingest.docx",
    "pdf": "portal.ingest.pdf",
}

__all__ = ["PARSERS", "IngestError", "ParsedDocument", "get_parser", "parse_bytes"]


def get_parser(fmt: str):
    """Return the ``parse`` function for a format name, or raise ``IngestError``."""
    try:
        module = import_module(PARSERS[fmt])
    except KeyError:
        known = ", ".join(PARSERS)
        raise IngestError(f"Unknown format “{fmt}”: use one of {known}.") from None
    return module.parse


def parse_bytes(data: bytes, name: str = "", fmt: str | None = None) -> ParsedDocument:
    """Parse a file's bytes; the format comes from the content unless ``fmt`` forces it."""
    fmt = fmt or detect_format(data, name)
    return get_parser(fmt)(data, name)
