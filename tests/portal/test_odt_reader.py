"""The ODT reader: outline headings, text:note footnotes and endnotes, what is not text."""

from __future__ import annotations

import pytest

from portal.ingest import IngestError, detect_format, parse_bytes

from .packages import odt, odt_note, zip_bytes


def _parse(body: str, **kw):
    return parse_bytes(odt(body, **kw), name="upload")


def test_headings_notes_and_labels_as_printed():
    doc = _parse(
        '<text:h text:outline-level="1">Report</text:h>'
        '<text:h text:outline-level="2">Method</text:h>'
        f"<text:p>We asked.{odt_note('1', 'Survey of May.')} They answered"
        f"{odt_note('i', 'Endnote text.', 'endnote')} at length.</text:p>"
        '<text:h text:outline-level="3">Detail</text:h>'
        f"<text:p>Again{odt_note('2', 'Second note.')}.</text:p>",
        meta="<dc:title>Report</dc:title><meta:initial-creator>Ana Ruiz</meta:initial-creator>"
        "<meta:creation-date>2020-02-03T10:00:00</meta:creation-date><dc:language>fr-FR</dc:language>",
    )
    assert doc.source_format == "odt"
    assert (doc.title, doc.authors, doc.date, doc.language) == (
        "Report",
        ("Ana Ruiz",),
        "2020-02-03",
        "fr",
    )
    assert [(s.heading, s.level) for s in doc.sections] == [("Method", 1), ("Detail", 2)]
    assert [(n.label, n.text) for n in doc.footnotes] == [
        ("1", "Survey of May."),
        ("i", "Endnote text."),
        ("2", "Second note."),
    ]
    first = doc.sections[0]
    assert first.text == "We asked. They answered at length."
    assert [(r.footnote, first.text[: r.offset]) for r in first.refs] == [
        ("1", "We asked."),
        ("i", "We asked. They answered"),
    ]
    assert doc.warnings == ()


def test_comments_and_tracked_deletions_are_not_text_but_frames_lists_and_tables_are():
    doc = _parse(
        "<text:tracked-changes><text:changed-region><text:deletion><text:p>gone</text:p>"
        "</text:deletion></text:changed-region></text:tracked-changes>"
        "<text:p>Kept<office:annotation><text:p>a comment</text:p></office:annotation> words"
        '<text:s text:c="3"/>and<text:tab/>more<text:line-break/>lines.'
        "<draw:frame><draw:text-box><text:p>Boxed text.</text:p></draw:text-box></draw:frame>"
        "</text:p>"
        "<text:list><text:list-item><text:p>An item.</text:p></text:list-item></text:list>"
        "<table:table><table:table-row><table:table-cell><text:p>Cell text.</text:p>"
        "</table:table-cell></table:table-row></table:table>"
    )
    text = doc.sections[0].text
    assert "gone" not in text and "comment" not in text
    assert text.startswith("Kept words and more\nlines.")
    assert "Boxed text." in text and "An item." in text and "Cell text." in text


def test_repeated_citations_get_distinct_labels():
    doc = _parse(f"<text:p>A{odt_note('1', 'Foot.')} B{odt_note('1', 'End.', 'endnote')}</text:p>")
    assert [(n.label, n.text) for n in doc.footnotes] == [("1", "Foot."), ("1.2", "End.")]


def test_title_paragraph_style_gives_the_title():
    styles = (
        '<style:style style:name="P1" style:family="paragraph" style:parent-style-name="Title"/>'
    )
    doc = _parse(
        '<text:p text:style-name="P1">The Real Title</text:p><text:p>Body.</text:p>', styles=styles
    )
    assert doc.title == "The Real Title"
    assert doc.sections[0].text == "Body."


def test_detected_from_the_mimetype_member_not_the_name():
    assert detect_format(odt("<text:p>x</text:p>"), name="report.docx") == "odt"
    with pytest.raises(IngestError):
        detect_format(odt("<text:p>x</text:p>", mimetype=False), name="report.odt")


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ({"mimetype": "application/vnd.oasis.opendocument.text"}, "no text document"),
        (
            {"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<unclosed>"},
            "damaged",
        ),
    ],
)
def test_damaged_files_get_a_sentence(members, message):
    with pytest.raises(IngestError, match=message):
        parse_bytes(zip_bytes(members, "mimetype"), name="x.odt")


def test_a_password_protected_file_says_so():
    manifest = (
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        '<manifest:file-entry manifest:full-path="content.xml"><manifest:encryption-data/>'
        "</manifest:file-entry></manifest:manifest>"
    )
    data = odt("<text:p>x</text:p>", extra={"META-INF/manifest.xml": manifest})
    with pytest.raises(IngestError, match="password"):
        parse_bytes(data, name="x.odt")
