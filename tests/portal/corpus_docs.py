"""The corpus documents, parsed once per test run and stored afresh for each test."""

from functools import cache

from portal.ingest import parse_bytes
from portal.ingest.base import ParsedDocument
from portal.ingest.load import import_parsed_document
from portal.models import Document
from tests.conftest import corpus_file


@cache
def parsed(prefix: str) -> ParsedDocument:
    path = corpus_file(prefix)
    return parse_bytes(path.read_bytes(), name=path.name)


def stored(prefix: str) -> Document:
    """Corpus document ``prefix`` ("001"…"004") imported into the test database."""
    return import_parsed_document(parsed(prefix)).document
