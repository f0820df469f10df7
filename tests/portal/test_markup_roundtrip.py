"""Round trips through pandoc's markup writers: every note and marker comes back.

Each corpus document is exported as Markdown (``[^n]`` notes), made into
standalone HTML, DOCX, EPUB and ODT by pandoc, and into HTML and DOCX by
LibreOffice's own writers (from pandoc's ODT), and parsed again. Headings, note
texts and marker places (section, and the text just before the marker) must all
be found again: these writers keep notes as structure, so nothing may be lost.
"""

from __future__ import annotations

import pytest

from portal.ingest import parse_bytes
from tests.conftest import CORPUS_DIR

from .roundtrip import convert, export_corpus, measure, require

# Converted format -> the format the parse must detect.
FORMATS = {
    "html": "html",
    "docx": "docx",
    "epub": "epub",
    "odt": "odt",
    "lo-html": "html",
    "lo-docx": "docx",
}
CORPUS = sorted(p.name for p in CORPUS_DIR.glob("0*.txt"))


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> dict[str, tuple]:
    for tool in ("pandoc", "soffice"):
        require(tool)  # fails loudly: the CI script installs both
    return export_corpus(CORPUS_DIR, tmp_path_factory.mktemp("markup-roundtrip"))


@pytest.mark.parametrize("fmt", list(FORMATS))
@pytest.mark.parametrize("name", CORPUS)
def test_every_note_and_marker_comes_back(exported, name, fmt):
    original, md, workdir = exported[name]
    converted = convert(md, fmt, workdir)
    # Detected from the content: the name's extension is not consulted for these formats.
    got = parse_bytes(converted.read_bytes(), name="upload")
    assert got.source_format == FORMATS[fmt]
    result = measure(original, got)
    print(f"{name} {fmt}: {result}")
    assert (result.headings, result.notes, result.markers) == (1.0, 1.0, 1.0), (
        f"{name} via {fmt}: {result} ({result.detail})"
    )
    assert len({n.label for n in got.footnotes}) == len(got.footnotes)
