"""Note labels as the real documents display them (``truth.json``), for HTML, DOCX, ODT, EPUB.

``test_real_documents.py`` grades these files with ``score.py``, which matches
notes by their text; this checks the label each note is shown with. A label the
document prints more than once (every Waste Land note is an asterisk) gets a
suffix to stay unique, so only its printed part is compared.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from portal.ingest import parse_bytes

FOLDER = Path(__file__).resolve().parents[2].parent / "shared" / "real-documents"
FORMATS = {"html", "docx", "odt", "epub"}


def _cases() -> list[tuple[str, str, list[str]]]:
    if not (FOLDER / "truth.json").is_file():
        return []
    truth = json.loads((FOLDER / "truth.json").read_text(encoding="utf-8"))
    return [
        (name, t["format"], [n["label"] for n in t["notes"]])
        for name, t in sorted(truth.items())
        if not name.startswith("_") and t["format"] in FORMATS
    ]


@pytest.mark.skipif(not FOLDER.is_dir(), reason=f"{FOLDER} is not there")
@pytest.mark.parametrize(("name", "fmt", "labels"), _cases())
def test_labels_as_displayed(name, fmt, labels):
    doc = parse_bytes((FOLDER / "files" / name).read_bytes(), name=name, fmt=fmt)
    got = [n.label for n in doc.footnotes]
    printed = [label if label in labels else label.rsplit(".", 1)[0] for label in got]
    assert printed == labels
    assert len(set(got)) == len(got)
