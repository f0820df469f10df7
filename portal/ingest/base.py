"""The one structure every parser produces, and what parsers build it from.

A parser turns a file into ``Block``s (headings and paragraphs whose footnote
markers have been lifted out into ``(label, offset)`` pairs) plus the note texts
it found; ``portal.ingest.assemble`` turns those into a ``ParsedDocument``.
Parsers never touch the ORM: ``portal.ingest.load`` stores the result.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal


class IngestError(Exception):
    """A file that cannot be imported; the message is one sentence for the administrator."""


@dataclass(frozen=True)
class ParsedRef:
    footnote: str  # the note's label
    offset: int  # character position of the marker in the section's text


@dataclass(frozen=True)
class ParsedSection:
    anchor: str
    heading: str
    level: int
    text: str
    refs: tuple[ParsedRef, ...] = ()
    start_page: int | None = None


@dataclass(frozen=True)
class ParsedFootnote:
    label: str
    text: str


@dataclass(frozen=True)
class ParsedDocument:
    title: str
    sections: tuple[ParsedSection, ...]
    footnotes: tuple[ParsedFootnote, ...] = ()
    subtitle: str = ""
    authors: tuple[str, ...] = ()
    date: str = ""  # "YYYY", "YYYY-MM" or "YYYY-MM-DD"
    doc_type: str = "other"
    language: str = "en"
    summary: str = ""
    warnings: tuple[str, ...] = ()
    source_format: str = ""

    def to_json(self) -> dict:
        """The shape of ``ingest --dry-run --json`` (a contract), from ``serialize.to_json``."""
        from .serialize import to_json  # serialize builds on these classes

        return to_json(self)


BlockKind = Literal["heading", "para", "item", "quote"]


@dataclass
class Block:
    """A heading or paragraph in reading order, markers already lifted out of ``text``."""

    kind: BlockKind
    text: str
    level: int = 1
    markers: list[tuple[str, int]] = field(default_factory=list)
    page: int | None = None
    # The paragraph runs on from the previous one (split by a page break).
    continues: bool = False
    # A page break (notes, a page number) stood before this block: a good place to split.
    break_before: bool = False


@dataclass
class Metadata:
    title: str = ""
    subtitle: str = ""
    authors: list[str] = field(default_factory=list)
    date: str = ""
    doc_type: str = "other"
    language: str = "en"
    summary: str = ""


@dataclass
class Draft:
    """What a parser found, before sections are formed."""

    blocks: list[Block]
    notes: dict[str, str]  # label -> text, in the order found
    meta: Metadata = field(default_factory=Metadata)
    warnings: list[str] = field(default_factory=list)
    # Labels given by position (notes the source did not number).
    ordinal_labels: bool = False


@dataclass(frozen=True)
class ParseOptions:
    """What a reader may be told besides the bytes."""

    name: str = ""  # the file name as uploaded, for messages and hints
    progress: Callable[[float], None] | None = None  # called with 0..1 as reading goes on


@dataclass(frozen=True)
class Format:
    """One input format: how to recognise its bytes and how to read them into a ``Draft``.

    Each format module defines ``FORMAT = Format(...)``; ``portal.ingest.formats``
    lists the modules, and ``portal.ingest.parse_bytes`` runs the shared tail
    (title, empty-text warning, sections, checks) once after ``read``.
    """

    name: str  # "pdf", "docx"...: the --format value and ``Document.source_format``
    label: str  # for people: "PDF", "Word (DOCX)"
    extensions: tuple[str, ...]  # lower case, with the dot
    sniff: Callable[[bytes], bool]  # True when the content itself says it is this format
    read: Callable[[bytes, ParseOptions], Draft]
    # Text formats are told apart by the file name first: a ".md" with one heading is Markdown.
    textual: bool = False
    # A quick look before an upload is stored (a PDF's text layer, a text's encoding);
    # raises ``IngestError``. The full ``read`` happens later, in the worker.
    check: Callable[[bytes], None] | None = None
