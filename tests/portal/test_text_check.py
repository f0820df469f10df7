"""The one check every parse goes through (``portal.ingest.check``), and where its warnings go."""

import pytest

from portal.ingest import finish, parse_bytes
from portal.ingest.base import Block, Draft, ParsedDocument, ParsedFootnote, ParsedSection
from portal.ingest.check import check_document, check_draft, lost_text_warning
from portal.ingest.load import import_parsed_document


def test_lost_letters_are_reported_and_reordering_is_not():
    assert lost_text_warning(["Alpha beta.", "Gamma."], ["Gamma. Alpha", "beta"]) == ""
    warning = lost_text_warning(["Alpha beta gamma delta."], ["Alpha beta."])
    assert "10 of the file's 19 letters are missing" in warning


def test_a_document_that_lost_a_paragraph_on_assembly_says_so():
    draft = Draft(
        blocks=[Block(kind="para", text="Kept text."), Block(kind="para", text="Lost text.")],
        notes={"1": "A note."},
    )
    formed = ParsedDocument(
        title="",
        sections=(ParsedSection(anchor="front-matter", heading="", level=1, text="Kept text."),),
    )
    checked = check_document(draft, formed)
    assert any("letters are missing" in w for w in checked.warnings)
    whole = ParsedDocument(
        title="",
        sections=(
            ParsedSection(anchor="front-matter", heading="", level=1, text="Lost text. Kept text."),
        ),
        footnotes=(ParsedFootnote("1", "A note."),),
    )
    assert check_document(draft, whole).warnings == ()


def test_markers_outside_their_paragraph_are_reported():
    draft = Draft(blocks=[Block(kind="para", text="Short.", markers=[("1", 99)])], notes={})
    check_draft(draft)
    assert any("Marker 1 pointed outside" in w for w in draft.warnings)


def test_every_parse_goes_through_the_checks():
    doc = finish(
        Draft(blocks=[Block(kind="para", text="A claim.", markers=[("1", 8), ("3", 8)])], notes={}),
        "txt",
    )
    joined = " ".join(doc.warnings)
    assert "Notes 1, 3 are cited in the text but no note text was found" in joined
    assert "Note 2 is never cited" in joined


@pytest.mark.parametrize(
    ("data", "name", "expected"),
    [
        (b"Cited.[^1] Also.[^2]\n\n[^1]: Here.\n", "x.md", "Note 2 is cited"),
        (
            b"Cited.[1] Again.[3]\n\n[1] One.\n\n[3] Three.\n",
            "x.txt",
            "Note 2 is never cited",
        ),
    ],
)
def test_reader_warnings_reach_the_parsed_document(data, name, expected):
    assert any(expected in w for w in parse_bytes(data, name=name).warnings)


@pytest.mark.django_db
def test_warnings_are_stored_with_the_document():
    parsed = parse_bytes(b"# Report\n\nCited.[^1] Also.[^2]\n\n[^1]: Here.\n", name="r.md")
    document = import_parsed_document(parsed, slug="report-with-warnings").document
    document.refresh_from_db()
    assert any("Note 2 is cited" in w for w in document.warnings)
