"""Round trip through pandoc's plain text: each corpus document exported as Markdown, made
into text by ``pandoc -t plain`` (``[1]`` markers, ``[1] note`` paragraphs at the end, wrapped
lines, headings as bare lines), then read back by the plain-text reader."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from portal.export import parsed_markdown
from portal.ingest import parse_bytes
from tests.conftest import CORPUS_DIR

from .roundtrip import measure, require

CORPUS = sorted(p.name for p in CORPUS_DIR.glob("0*.txt"))
# Least share of markers placed in the right section after the right words. In 001 one
# heading ends with a full stop ("... in Azerbaijan."): as a bare line of plain text it
# cannot be told from a one-sentence paragraph, so its section's markers land one
# section early.
MARKERS = {"001": 0.85}


# How the text is made: pandoc's plain text from the Markdown with notes at the end or after
# each paragraph, and from a DOCX pandoc made (notes as Word footnotes in between).
ROUTES = {
    "end": [["-f", "markdown-smart", "-t", "plain"]],
    "block": [["-f", "markdown-smart", "-t", "plain", "--reference-location=block"]],
    "docx": [["-f", "markdown-smart", "-t", "docx"], ["-f", "docx", "-t", "plain"]],
}


def _convert(md: Path, steps: list[list[str]]) -> bytes:
    data = md.read_bytes()
    for args in steps:
        data = subprocess.run(
            ["pandoc", *args], input=data, capture_output=True, check=True, timeout=120
        ).stdout
    return data


@pytest.mark.parametrize("route", list(ROUTES))
@pytest.mark.parametrize("name", CORPUS)
def test_pandoc_plain_text_round_trip(name, route, tmp_path):
    require("pandoc")
    original = parse_bytes((CORPUS_DIR / name).read_bytes(), name=name)
    md = tmp_path / (Path(name).stem + ".md")
    md.write_text(parsed_markdown(original), encoding="utf-8")
    got = parse_bytes(_convert(md, ROUTES[route]), name=Path(name).stem + ".txt")
    assert got.source_format == "txt"
    result = measure(original, got)
    print(f"{name} via pandoc -t plain ({route}): {result}")
    assert result.notes == 1.0, f"{result} ({result.detail})"
    assert result.markers >= MARKERS.get(name[:3], 1.0), f"{result} ({result.detail})"
    assert result.headings >= 0.9, f"{result} ({result.detail})"
