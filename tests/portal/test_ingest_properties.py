"""Properties of ingestion that hold for any input: no text lost, no crash."""

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.ingest import IngestError, parse_bytes
from portal.ingest.base import ParsedDocument
from tests.conftest import CORPUS_DIR

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"


def letters(text: str) -> str:
    """Only the letters, case-folded: markers, numbers, spacing and punctuation aside."""
    return "".join(c for c in text.casefold() if c.isalpha())


def everything_kept(doc: ParsedDocument) -> str:
    parts = [doc.title, doc.subtitle, *doc.authors]
    parts += [s.heading + " " + s.text for s in doc.sections]
    parts += [n.text for n in doc.footnotes]
    return letters(" ".join(parts))


def lost_lines(source: str, doc: ParsedDocument) -> list[str]:
    kept = everything_kept(doc)
    return [line for line in source.splitlines() if letters(line) and letters(line) not in kept]


@pytest.mark.parametrize("path", sorted(CORPUS_DIR.glob("*.txt")), ids=lambda p: p.name[:3])
def test_no_line_of_a_corpus_file_is_lost(path):
    doc = parse_bytes(path.read_bytes(), name=path.name)
    assert lost_lines(path.read_text(encoding="utf-8"), doc) == []


word = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGH", min_size=1, max_size=9)
token = st.one_of(
    word,
    word,
    word,
    st.integers(0, 2100).map(str),
    st.text(alphabet=SUPERSCRIPTS, min_size=1, max_size=2),
    st.sampled_from([".", ",", ";", ":", "“", "”", "(", ")", "-", "<https://x.org/a1>"]),
)
line = st.lists(token, min_size=0, max_size=14).map(" ".join)
line = st.one_of(line, line.map(lambda s: " " + s), st.integers(1, 300).map(str))
document = st.lists(line, min_size=1, max_size=40).map("\n".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document)
def test_random_text_never_crashes_and_loses_no_words(text):
    try:
        doc = parse_bytes(text.encode("utf-8"), name="random.txt", fmt="txt")
    except IngestError:
        assert not letters(text)  # only a text with nothing to keep is refused
        return
    assert lost_lines(text, doc) == []
    for section in doc.sections:
        assert all(0 <= r.offset <= len(section.text) for r in section.refs)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_give_a_document_or_a_one_line_error(data):
    try:
        doc = parse_bytes(data, name="upload")
    except IngestError as exc:
        message = str(exc)
        assert message and "\n" not in message
        return
    assert doc.sections


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"   \n\n  \t", "empty"),
        (bytes(range(256)) * 8, "not a document"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "not a document"),
        (b"PK\x03\x04garbage", "damaged"),
    ],
)
def test_files_that_are_not_text_get_a_clear_error(data, message):
    with pytest.raises(IngestError, match=message):
        parse_bytes(data, name="bad")


def test_text_in_another_encoding_is_decoded():
    text = "Résumé of the Rapporteur’s findings.\n\nThe État partie must act.\n"
    doc = parse_bytes(text.encode("cp1252"), name="latin.txt")
    assert "Résumé" in doc.title + doc.sections[0].text
    assert "État" in " ".join(s.text for s in doc.sections)
    assert re.search(r"Rapporteur.s findings", doc.title + doc.sections[0].text)
