"""Each format's parser on tiny real samples: headings, notes, marker places and metadata."""

from __future__ import annotations

from pathlib import Path

import pytest

from portal.ingest import IngestError, detect_format, parse_bytes

DATA = Path(__file__).resolve().parent.parent / "data"


def _parse(path: str):
    return parse_bytes((DATA / path).read_bytes(), name=path).to_json()


def _cited(doc: dict) -> list[tuple[str, str]]:
    """(label, the 12 characters before the marker) for each marker."""
    texts = {s["anchor"]: s["text"] for s in doc["sections"]}
    return [(r["footnote"], texts[r["section"]][: r["offset"]][-12:]) for r in doc["refs"]]


REPORT = [
    ("1", "the region."),
    ("2", " 40 families."),
    ("3", "ul Protocol."),
    ("4", "ter station,"),
]


@pytest.mark.parametrize(
    "path", ["md/report.md", "html/pandoc.html", "docx/report.docx", "pdf/report.pdf"]
)
def test_report_in_every_format(path):
    doc = _parse(path)
    assert doc["format"] == Path(path).suffix[1:]
    assert doc["title"] == "Field Report" and doc["date"] == "2021-05-01"
    assert doc["authors"] == ["Centre for Truth and Justice"]
    assert [(s["heading"], s["level"]) for s in doc["sections"]] == [
        ("", 1),
        ("Introduction", 1),
        ("Method", 2),
        ("Findings", 1),
    ]
    assert [n["text"] for n in doc["footnotes"]] == [
        "Terms of reference, annex A.",
        "Mission log, 3 May 2021.",
        "United Nations, Istanbul Protocol (2004).",
        "Photographs on file.",
    ]
    assert [label for label, _ in _cited(doc)] == ["1", "2", "3", "4"]
    for (_, before), (_, want) in zip(_cited(doc), REPORT, strict=True):
        assert before.endswith(want.strip()), (before, want)
    assert doc["warnings"] == []


def test_markdown_warnings_and_front_matter():
    doc = _parse("md/sample.md")
    assert doc["authors"] == ["Centre for Truth and Justice", "Jane Doe"]
    assert doc["type"] == "report"
    assert "Note 9 is cited in the text but no note text was found for it." in doc["warnings"]
    assert "Note 4 has no marker in the text." in doc["warnings"]
    assert "alert" not in doc["footnotes"][0]["text"] or "javascript" in doc["footnotes"][0]["text"]


@pytest.mark.parametrize("path", ["html/word.html", "html/gdocs.html"])
def test_word_and_google_docs_html(path):
    doc = _parse(path)
    assert [n["label"] for n in doc["footnotes"]] == ["1", "2"]
    assert all(n["text"] and "[" not in n["text"] for n in doc["footnotes"])
    assert len(doc["refs"]) == 2
    heading = "Background" if "word" in path else "Summary"
    assert heading in [s["heading"] for s in doc["sections"]]
    assert all("[1]" not in s["text"] for s in doc["sections"])


def test_word_html_metadata():
    doc = _parse("html/word.html")
    assert doc["title"] == "Word Export" and doc["authors"] == ["Armenian Relief Society"]
    assert doc["footnotes"][0]["text"] == "Witness statement, 4 October 2020."


def test_pdf_page_bottom_notes_and_pages():
    doc = _parse("pdf/footnotes.pdf")
    assert [s["heading"] for s in doc["sections"]] == ["First part", "Second part"]
    assert [s["start_page"] for s in doc["sections"]] == [1, 2]
    notes = {n["label"]: n["text"] for n in doc["footnotes"]}
    assert notes["1"] == "Trilateral statement, 9 November 2020."
    # A note that runs over a page break is joined to its start.
    assert notes["2"] == "See the report of the observers, which runs on to this second page."
    assert "18 violations" in doc["sections"][0]["text"]  # a number in text is not a marker
    assert len(doc["refs"]) == 3


def test_pdf_running_headers_and_page_numbers_are_dropped():
    doc = _parse("pdf/report.pdf")
    text = " ".join(s["text"] for s in doc["sections"])
    assert "file://" not in text and "1/1" not in text and "AM" not in text.split()


@pytest.mark.parametrize(
    ("data", "fmt"),
    [
        (b"%PDF-1.7\n...", "pdf"),
        (b"<!doctype html><p>x</p>", "html"),
        (b"# One\n\ntext\n\n# Two\n", "md"),
        (b"Just some words.\n", "txt"),
    ],
)
def test_detection_from_content_not_name(data, fmt):
    assert detect_format(data, name="misleading.docx") == fmt


def test_docx_detected_without_extension():
    assert detect_format((DATA / "docx/report.docx").read_bytes(), name="upload") == "docx"


def test_corrupt_docx_members_give_a_sentence():
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("word/document.xml", b"<w:document><unclosed>")
    with pytest.raises(IngestError, match="damaged"):
        parse_bytes(buf.getvalue(), name="x.docx")
