"""Ingestion: one reader per format, all feeding one ``ParsedDocument``.

    from portal.ingest import parse_bytes
    parsed = parse_bytes(path.read_bytes(), name=path.name)   # format from name and content
    parsed = parse_bytes(data, name="x.txt", fmt="txt")      # or forced
    parsed = parse_bytes(data, name="r.pdf", progress=print) # 0..1 while reading

Each format (``formats.FORMAT_MODULES``) reads bytes into a ``Draft``; the tail
here runs once for all of them. ``portal.ingest.load.import_parsed_document``
stores the result atomically.
"""

from __future__ import annotations

from collections.abc import Callable

from .assemble import assemble
from .base import Draft, IngestError, ParsedDocument, ParseOptions
from .check import check_document, check_draft
from .common import promote_title
from .formats import all_formats, detect_format, get_format

__all__ = [
    "IngestError",
    "ParsedDocument",
    "all_formats",
    "detect_format",
    "get_format",
    "parse_bytes",
]


def parse_bytes(
    data: bytes,
    name: str = "",
    fmt: str | None = None,
    progress: Callable[[float], None] | None = None,
) -> ParsedDocument:
    """Parse a file's bytes; the format comes from its name and content unless ``fmt`` forces it."""
    fmt_name = fmt or detect_format(data, name)
    draft = get_format(fmt_name).read(data, ParseOptions(name=name, progress=progress))
    return finish(draft, fmt_name)


def finish(draft: Draft, source_format: str) -> ParsedDocument:
    """The shared tail: the title, the checks every parse goes through, then sections."""
    draft.blocks = promote_title(draft.blocks, draft.meta)
    check_draft(draft)
    return check_document(draft, assemble(draft, source_format=source_format))
