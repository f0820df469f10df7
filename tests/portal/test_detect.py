"""Telling a file's format from its name and content, and decoding its text."""

import pytest

from portal.ingest import IngestError, detect_format, parse_bytes
from portal.ingest.detect import decode_text, looks_binary

LATIN = "Résumé of the findings.\n\nThe committee met twice in 2019 and once in 2020.\n"
CYRILLIC = "Доклад о выполнении.\n\nКомитет собирался дважды в 2019 году и один раз в 2020.\n"
GREEK = "Η έκθεση της επιτροπής.\n\nΗ επιτροπή συνεδρίασε δύο φορές το 2019.\n"


def body(doc) -> str:
    return "\n\n".join(s.text for s in doc.sections)


def test_md_file_with_one_heading_is_markdown_and_titled_by_it():
    data = b"# Annual Report\n\nIn 2019, 45 patients received 5 mg of the drug.\n"
    assert detect_format(data, name="report.md") == "md"
    doc = parse_bytes(data, name="report.md")
    assert doc.source_format == "md"
    assert doc.title == "Annual Report"
    assert "#" not in body(doc) and "Annual Report" not in body(doc)
    assert doc.footnotes == ()


@pytest.mark.parametrize("name", ["report.txt", "report"])
def test_first_hash_heading_of_a_text_file_is_its_title(name):
    data = b"# Annual Report\n\nThe year in review, 2019 to 2020, with 12 sites.\n"
    doc = parse_bytes(data, name=name)
    assert doc.title == "Annual Report"
    assert "#" not in body(doc) + doc.title


@pytest.mark.parametrize(
    ("data", "fmt"),
    [
        (b"# Title\n\nA paragraph of text.\n", "md"),
        (b"---\ntitle: A report\n---\n\nText.\n", "md"),
        (b"Some text[^1].\n\n[^1]: A note.\n", "md"),
        (b"## One\n\ntext\n\n## Two\n\nmore\n", "md"),
        (b"Just a few words, and 5 mg of nothing.\n", "txt"),
        (b"<!DOCTYPE html><html><body><p>x</p></body></html>", "html"),
        (b"%PDF-1.4\n%...", "pdf"),
    ],
)
def test_without_an_extension_the_content_decides(data, fmt):
    assert detect_format(data, name="upload") == fmt


def test_a_known_text_extension_decides_among_text_formats():
    data = b"## One\n\ntext\n\n## Two\n\nmore\n"
    assert detect_format(data, name="notes.txt") == "txt"
    assert detect_format(b"Plain words only.\n", name="notes.md") == "md"


@pytest.mark.parametrize("text", [LATIN, CYRILLIC, GREEK], ids=["latin", "cyrillic", "greek"])
@pytest.mark.parametrize(
    ("codec", "bom"),
    [("utf-16-le", False), ("utf-16-be", False), ("utf-16-le", True), ("utf-16-be", True)],
)
def test_utf16_text_is_text_with_or_without_a_byte_order_mark(text, codec, bom):
    data = (("\ufeff" if bom else "") + text).encode(codec)
    assert not looks_binary(data[:4096])
    assert decode_text(data) == text
    assert detect_format(data, name="upload") == "txt"
    doc = parse_bytes(data, name="notes.txt")
    first_words = text.split("\n")[0].rstrip(".")
    assert first_words in doc.title + body(doc)
    assert "2019" in body(doc)


def test_utf16_markdown_is_markdown():
    data = "# Заголовок\n\nТекст документа.\n".encode("utf-16-le")
    assert detect_format(data, name="upload") == "md"
    assert parse_bytes(data, name="upload").title == "Заголовок"


@pytest.mark.parametrize(
    "data",
    [bytes(range(256)) * 8, b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, b"\x00\x01\x02\x03" * 100],
)
def test_binary_data_is_still_refused(data):
    with pytest.raises(IngestError, match="not a document"):
        detect_format(data, name="upload")
