"""What the search benchmarks share: the scale texts Debian ships and one way to turn a
document's chunks into a ``ParsedDocument`` for the portal's loader."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

PYDOC = Path("/usr/share/doc/python3.11/html/_sources")


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


def kjv_books() -> dict[str, list[str]]:
    """Debian's KJV Bible (``bible``): book -> its verses, "1:1 In the beginning..."."""
    out = subprocess.run(
        ["bible", "-f", "Gen1:1-Rev22:21"], capture_output=True, text=True, check=True
    ).stdout
    books: dict[str, list[str]] = {}
    for line in out.splitlines():
        if m := re.match(r"(\d?[A-Za-z]+)(\d+:\d+) (.*)", line):
            books.setdefault(m[1], []).append(f"{m[2]} {m[3]}")
    return books
