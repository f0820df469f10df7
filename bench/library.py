"""What the search benchmarks share: the scale texts Debian ships, the query set, one way
to turn a document's chunks into a ``ParsedDocument`` for the portal's loader."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

PYDOC = Path("/usr/share/doc/python3.11/html/_sources")
# The query kinds bench/search.py and bench/search_backends.py time, per library.
QUERIES = {
    "term": [{"q": "light"}, {"q": "module"}, {"q": "covenant"}, {"q": "exception"}],
    "phrase": [{"q": '"the son of"'}, {"q": '"return value"'}, {"q": '"in the beginning"'}],
    "faceted": [
        {"q": "light", "type": "report"},
        {"q": "module", "type": "paper", "in": "body"},
        {"q": "water", "type": "report"},
    ],
    "phrase+facets+highlight": [
        {"q": '"the son of"', "type": "report"},
        {"q": '"return value"', "type": "paper"},
        {"q": '"standard library"', "type": "paper", "in": "body"},
    ],
}


def ensure_debian_texts() -> None:
    """Install the scale corpus's Debian packages (bible-kjv, python3-doc) when missing."""
    if shutil.which("bible") and PYDOC.exists():
        return
    print("Installing bible-kjv and python3-doc with apt-get...", flush=True)
    subprocess.run(["apt-get", "install", "-y", "-q", "bible-kjv", "python3-doc"], check=True)


def as_parsed(title: str, doc_type: str, date: str, chunks: list[tuple[str, str]]):
    """A scale document as the portal's loader takes it: one section per (heading, text)."""
    from portal.ingest.base import ParsedDocument, ParsedSection

    return ParsedDocument(
        title=title,
        sections=tuple(
            ParsedSection(anchor=f"p{i + 1}", heading=h, level=1, text=t)
            for i, (h, t) in enumerate(chunks)
        ),
        authors=("King James Bible",) if doc_type == "report" else ("Python docs",),
        date=date,
        doc_type=doc_type,
        source_format="txt",
    )
