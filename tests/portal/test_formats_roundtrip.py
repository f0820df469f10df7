"""Round trips on the real corpus: export as Markdown, convert with pandoc/chromium, parse again.

Each corpus document must come back with the same headings, note texts and marker
positions (section, and non-space characters before the marker) as its original
parse. The tolerances reached are asserted per format below.
"""

from __future__ import annotations

import pytest

from portal.ingest import parse_bytes
from tests.conftest import CORPUS_DIR

from .roundtrip import convert, export_corpus, measure, require

# The least share recovered, per format (headings, notes, markers). Pandoc's HTML,
# DOCX, EPUB and ODT are held to everything in ``test_markup_roundtrip.py``.
TOLERANCE = {
    "md": (1.0, 1.0, 1.0),
    "odt-docx": (1.0, 1.0, 1.0),
    "pdf": (0.95, 0.95, 0.95),
}
CORPUS = sorted(p.name for p in CORPUS_DIR.glob("0*.txt"))


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> dict[str, tuple]:
    for tool in ("pandoc", "chromium"):
        require(tool)  # fails loudly: the CI script installs both
    return export_corpus(CORPUS_DIR, tmp_path_factory.mktemp("roundtrip"))


@pytest.mark.parametrize("fmt", list(TOLERANCE))
@pytest.mark.parametrize("name", CORPUS)
def test_round_trip(exported, name, fmt):
    original, md, workdir = exported[name]
    converted = convert(md, fmt, workdir)
    got = parse_bytes(converted.read_bytes(), name=converted.name)
    expected_format = "docx" if fmt == "odt-docx" else fmt
    assert got.source_format == expected_format
    result = measure(original, got)
    print(f"{name} {fmt}: {result}")
    least = TOLERANCE[fmt]
    assert (result.headings, result.notes, result.markers) >= least or (
        result.headings >= least[0] and result.notes >= least[1] and result.markers >= least[2]
    ), f"{name} via {fmt}: {result} ({result.detail})"
