"""The EPUB reader: spine order, the table of contents as headings, notes per chapter."""

from __future__ import annotations

import pytest

from portal.ingest import IngestError, archive, detect_format, parse_bytes

from .packages import epub, zip_bytes

CH1 = (
    "<section><h1>One</h1><p>First fact.<a epub:type='noteref' href='#fn1'>1</a></p>"
    "<aside epub:type='footnote' id='fn1'><p>1 Chapter one note.</p></aside></section>"
)
CH2 = (
    "<section id='s2'><p>Second fact.<a epub:type='noteref' href='#fn1'>1</a> And more"
    "<a epub:type='noteref' href='notes.xhtml#e1'>2</a>.</p>"
    "<aside epub:type='footnote' id='fn1'><p>Chapter two note.</p></aside></section>"
)
NOTES = (
    "<section epub:type='endnotes'><ol><li id='e1'><p>An endnote elsewhere.</p></li></ol></section>"
)


def test_spine_order_toc_headings_and_notes_per_chapter():
    data = epub(
        {"ch2.xhtml": CH2, "ch1.xhtml": CH1, "notes.xhtml": NOTES},
        nav=[("text/ch1.xhtml", "One"), ("text/ch2.xhtml#s2", "Two")],
        linear_no=("notes.xhtml",),
    )
    doc = parse_bytes(data, name="upload")
    assert doc.source_format == "epub"
    assert (doc.title, doc.authors, doc.date, doc.language) == (
        "A Book",
        ("A. Author",),
        "2019-04-02",
        "en",
    )
    # Spine order: ch2 first. Its nav entry has no heading there, so it gets one.
    assert [s.heading for s in doc.sections] == ["Two", "One"]
    notes = {n.label: n.text for n in doc.footnotes}
    # Both chapters print "1": the labels carry the chapter so they stay apart.
    assert notes == {
        "1.1": "Chapter two note.",
        "1.2": "An endnote elsewhere.",
        "2.1": "Chapter one note.",
    }
    two = doc.sections[0]
    assert [(r.footnote, two.text[: r.offset][-10:]) for r in two.refs] == [
        ("1.1", "cond fact."),
        ("1.2", ". And more"),
    ]
    assert "An endnote elsewhere" not in two.text
    assert doc.warnings == ()


def test_numbering_that_runs_on_across_chapters_keeps_plain_labels():
    ch2 = CH2.replace(">1</a> And", ">2</a> And").replace("notes.xhtml#e1'>2", "notes.xhtml#e1'>3")
    doc = parse_bytes(epub({"ch1.xhtml": CH1, "ch2.xhtml": ch2, "notes.xhtml": NOTES}), name="b")
    assert [n.label for n in doc.footnotes] == ["1", "2", "3"]


def test_epub2_ncx_gives_headings():
    data = epub(
        {"a.xhtml": "<p>Opening words.</p>", "b.xhtml": "<div id='x'><p>Later words.</p></div>"},
        ncx=[("text/a.xhtml", "Prologue"), ("text/b.xhtml#x", "Epilogue")],
    )
    doc = parse_bytes(data, name="b.epub")
    assert [(s.heading, s.text) for s in doc.sections] == [
        ("Prologue", "Opening words."),
        ("Epilogue", "Later words."),
    ]


def test_a_toc_entry_naming_the_book_is_not_a_heading():
    data = epub({"a.xhtml": "<p>Words.</p>"}, title="Atlas", nav=[("text/a.xhtml", "Atlas")])
    doc = parse_bytes(data, name="b.epub")
    assert [(s.heading, s.text) for s in doc.sections] == [("", "Words.")]


def test_detection_and_clear_errors(monkeypatch):
    assert detect_format(epub({"a.xhtml": "<p>x</p>"}), name="book.zip") == "epub"
    no_spine = zip_bytes({"mimetype": "application/epub+zip", "x.opf": "<package/>"}, "mimetype")
    with pytest.raises(IngestError, match="spine"):
        parse_bytes(no_spine, name="b.epub")
    with pytest.raises(IngestError, match="no readable text"):
        parse_bytes(epub({"a.xhtml": "<p> </p>"}), name="b.epub")
    monkeypatch.setattr(archive, "MEMBER_LIMIT", 100)
    with pytest.raises(IngestError, match="over"):
        parse_bytes(epub({"a.xhtml": "<p>" + "word " * 100 + "</p>"}), name="b.epub")


def test_drm_protected_chapters_say_so_but_obfuscated_fonts_do_not():
    def encryption(uri: str) -> dict[str, str]:
        xml = (
            '<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" '
            'xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData>'
            f'<enc:CipherData><enc:CipherReference URI="{uri}"/></enc:CipherData>'
            "</enc:EncryptedData></encryption>"
        )
        return {"META-INF/encryption.xml": xml}

    with pytest.raises(IngestError, match="DRM"):
        parse_bytes(epub({"a.xhtml": "<p>x</p>"}, extra=encryption("OEBPS/text/a.xhtml")), name="b")
    doc = parse_bytes(epub({"a.xhtml": "<p>x</p>"}, extra=encryption("OEBPS/font.otf")), name="b")
    assert doc.sections[0].text == "x"
