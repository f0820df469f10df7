"""The HTML reader on what each producer writes: notes found, nothing else removed.

Each sample copies the markup its producer writes (ids, classes, back-links);
the rule under test throughout is that only the notes leave the text.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from portal.ingest import parse_bytes

DATA = Path(__file__).resolve().parent.parent / "data" / "html"


def _parse(source: str | bytes, name: str = "x.html"):
    data = source.encode("utf-8") if isinstance(source, str) else source
    return parse_bytes(data, name=name)


def _text(doc) -> str:
    return "\n".join(s.text for s in doc.sections)


def _before(doc) -> list[tuple[str, str]]:
    """(label, the 14 characters before the marker) for each marker in order."""
    return [(r.footnote, s.text[: r.offset][-14:]) for s in doc.sections for r in s.refs]


def test_mediawiki_back_link_letters_keep_the_article():
    doc = _parse((DATA / "mediawiki.html").read_bytes())
    assert doc.title == "Heron"
    assert [s.heading for s in doc.sections if s.heading] == ["Taxonomy", "References"]
    text = _text(doc)
    assert "long-legged wading birds." in text and "described in 1820" in text
    assert "Scientific classification" in text  # an infobox label is text, not a heading
    assert "Contents" in text  # the contents box stays, as text
    assert "edit" not in text.split() and "[" not in text
    assert "Main page" not in text and "last edited" not in text  # the site around the article
    assert [(n.label, n.text) for n in doc.footnotes] == [
        ("1", "Kushlan & Hancock 2005, p. 12."),
        ("2", "Martínez-Vilalta 1992."),
        ("3", "IOC World Bird List."),
    ]
    before = _before(doc)
    assert ("1", "ading birds.") in [(lb, b[-12:]) for lb, b in before]
    assert [lb for lb, _ in before].count("1") == 2  # cited twice: back-links a and b
    assert not [w for w in doc.warnings if "no note text" in w or "no marker" in w]


def test_word_web_page_keeps_what_else_the_footnote_area_holds():
    doc = _parse((DATA / "word-web-page.html").read_bytes())
    assert doc.title == "Site Visit"
    assert [s.heading for s in doc.sections] == ["Findings", "Annex: readings"]
    assert "Depth" in _text(doc) and "41 m" in _text(doc)  # the table in the note area
    assert [(n.label, n.text) for n in doc.footnotes] == [
        ("1", "Visit of 3 March 2022.\n\nSecond paragraph of the note."),
        ("2", "Statement of the caretaker."),
    ]
    assert [b[-9:] for _, b in _before(doc)] == [" was dry.", " removed."]
    assert "[1]" not in _text(doc) and "Visit of" not in _text(doc)


def test_word_filtered_html_footnotes_and_endnotes():
    doc = _parse((DATA / "word-filtered.html").read_bytes())
    assert [(n.label, n.text) for n in doc.footnotes] == [
        ("1", "Gauge records."),
        ("i", "Local press."),
    ]
    assert _text(doc) == "Rain fell for a week. Then the river rose."
    assert [lb for lb, _ in _before(doc)] == ["1", "i"]


RENDERERS = {
    "python-markdown": (
        '<p>Salt was scarce.<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup></p>'
        '<div class="footnote"><hr /><ol><li id="fn:1"><p>Customs ledger.&#160;'
        '<a class="footnote-backref" href="#fnref:1" title="Jump back">&#8617;</a></p></li>'
        "</ol></div>"
    ),
    "github": (
        '<p>Salt was scarce.<sup><a href="#user-content-fn-1" id="user-content-fnref-1" '
        'data-footnote-ref aria-describedby="footnote-label">1</a></sup></p>'
        '<section data-footnotes class="footnotes"><h2 class="sr-only" id="footnote-label">'
        'Footnotes</h2><ol><li id="user-content-fn-1"><p>Customs ledger. '
        '<a href="#user-content-fnref-1" data-footnote-backref class="data-footnote-backref" '
        'aria-label="Back to reference 1">↩</a></p></li></ol></section>'
    ),
    "markdown-it": (
        '<p>Salt was scarce.<sup class="footnote-ref"><a href="#fn1" id="fnref1">[1]</a></sup></p>'
        '<hr class="footnotes-sep"><section class="footnotes"><ol class="footnotes-list">'
        '<li id="fn1" class="footnote-item"><p>Customs ledger. '
        '<a href="#fnref1" class="footnote-backref">↩︎</a></p></li></ol></section>'
    ),
    "kramdown": (
        '<p>Salt was scarce.<sup id="fnref:1" role="doc-noteref"><a href="#fn:1" '
        'class="footnote" rel="footnote">1</a></sup></p><div class="footnotes" '
        'role="doc-endnotes"><ol><li id="fn:1" role="doc-endnote"><p>Customs ledger. '
        '<a href="#fnref:1" class="reversefootnote" role="doc-backlink">&#8617;</a></p></li>'
        "</ol></div>"
    ),
    "hugo": (
        '<p>Salt was scarce.<sup id="fnref:1"><a href="#fn:1" class="footnote-ref" '
        'role="doc-noteref">1</a></sup></p><div class="footnotes" role="doc-endnotes"><hr>'
        '<ol><li id="fn:1"><p>Customs ledger.&#160;<a href="#fnref:1" class="footnote-backref" '
        'role="doc-backlink">&#x21a9;&#xfe0e;</a></p></li></ol></div>'
    ),
}


@pytest.mark.parametrize("producer", list(RENDERERS))
def test_markdown_renderers_footnote_sections(producer):
    doc = _parse(f"<!doctype html><html><body><h1>Trade</h1>{RENDERERS[producer]}</body></html>")
    assert [(n.label, n.text) for n in doc.footnotes] == [("1", "Customs ledger.")]
    assert _before(doc) == [("1", "lt was scarce.")]
    assert doc.warnings == ()


def test_epub_noteref_aside_and_doc_endnote_roles():
    source = (
        '<?xml version="1.0" encoding="UTF-8"?><html xmlns="http://www.w3.org/1999/xhtml" '
        'xmlns:epub="http://www.idpf.org/2007/ops"><head><title>Notes</title></head><body>'
        '<h1>Notes</h1><p>First claim.<a epub:type="noteref" href="#n1">1</a><a id="empty"/>'
        ' Second claim.<a role="doc-noteref" href="#n2">2</a> Third.</p>'
        '<aside epub:type="footnote" id="n1"><p>1 Aside note.</p></aside>'
        '<section role="doc-endnotes"><ol><li role="doc-endnote" id="n2"><p>Endnote text.</p>'
        "</li></ol></section><p>One line<br/>and the next.</p></body></html>"
    )
    doc = _parse(source, name="notes.xhtml")
    assert [(n.label, n.text) for n in doc.footnotes] == [
        ("1", "Aside note."),
        ("2", "Endnote text."),
    ]
    # XHTML is read as XML: <a id="empty"/> does not swallow the text after it, <br/> is one break.
    assert doc.sections[0].text == "First claim. Second claim. Third.\n\nOne line\nand the next."


def test_every_marker_an_asterisk_gets_distinct_labels_and_keeps_back_link_words():
    source = (
        '<html><body><div id="l1">Unreal city<a epub:type="noteref" href="#note-1">*</a></div>'
        '<div id="l2">Under the brown fog<a epub:type="noteref" href="#note-2">*</a></div>'
        '<section epub:type="rearnotes"><div epub:type="rearnote" id="note-1"><p>'
        '<a href="#l1">Line 60.</a> Cf. Baudelaire.</p></div><div epub:type="rearnote" '
        'id="note-2"><p><a href="#l2">61.</a> Cf. Dante.</p></div></section></body></html>'
    )
    doc = _parse(source)
    assert [(n.label, n.text) for n in doc.footnotes] == [
        ("*", "Line 60. Cf. Baudelaire."),
        ("*.2", "61. Cf. Dante."),
    ]


def test_gutenberg_note_links_and_footnote_div():
    source = (
        "<html><head><title>Chiriqui</title></head><body><h2>CHAPTER I</h2>"
        "<p>The graves were opened.<a name='tag1' id='tag1' "
        "href='#note1'><sup>1</sup></a></p><p>Gold was found.<a href='#Footnote_2_2' "
        "class='fnanchor'>[2]</a></p><div class='footnote'><h4>Footnotes</h4><p><a name='note1' "
        "id='note1' href='#tag1'>1.</a> Report of 1860.</p></div><div class='footnote'><p>"
        "<a name='Footnote_2_2' id='Footnote_2_2'></a><a href='#FNanchor_2_2'><span "
        "class='label'>[2]</span></a> Merritt, p. 4.</p></div></body></html>"
    )
    doc = _parse(source)
    assert [(n.label, n.text) for n in doc.footnotes] == [
        ("1", "Report of 1860."),
        ("2", "Merritt, p. 4."),
    ]
    assert [s.heading for s in doc.sections] == ["CHAPTER I", "Footnotes"]  # a heading stays


def test_docx4j_heading_classes():
    source = (
        '<html><body><p class="Title Normal DocDefaults ">Erste Schritte</p>'
        '<p class="Heading1 Normal DocDefaults "><span>Was ist es?</span></p><p class="Normal">Text'
        '<span class="FootnoteReference"><a name="fs1"></a><a href="#fn1">1</a></span>.</p>'
        '<p class="h3 Heading2 Normal DocDefaults ">Genauer</p><p>Mehr.</p><div class="footnotes">'
        '<p class="FootnoteText"><span class="FootnoteReference"><a name="fn1"></a>'
        '<a href="#fs1">1</a></span> Siehe Forum.</p></div></body></html>'
    )
    doc = _parse(source)
    assert doc.title == "Erste Schritte"
    assert [(s.heading, s.level) for s in doc.sections] == [("Was ist es?", 1), ("Genauer", 2)]
    assert [(n.label, n.text) for n in doc.footnotes] == [("1", "Siehe Forum.")]


@pytest.mark.parametrize(
    "body",
    [
        # A superscript link to a section is a cross-reference: the section stays.
        '<p>See part<sup><a href="#part2">2</a></sup>.</p><section id="part2"><h2>Part 2</h2>'
        "<p>Kept text.</p></section>",
        # A link back up the page is no note, even in a superscript.
        '<p id="p1">Kept text.</p><p>As above.<sup><a href="#p1">1</a></sup></p>',
        # A "note" that cites others is running text when it is in no note area.
        '<p>Intro.<sup><a href="#fn1">1</a></sup></p><div id="fn1"><p>Kept text.'
        '<sup><a href="#fn2">2</a></sup></p></div><ol><li id="fn2">A note.</li></ol>',
    ],
)
def test_content_that_is_not_a_note_is_never_removed(body):
    doc = _parse(f"<html><body><h1>T</h1>{body}</body></html>")
    assert "Kept text." in _text(doc)


OTHER_PRODUCERS = {
    "sphinx": (
        '<p>Salt was scarce.<a class="footnote-reference brackets" href="#id3" id="id1">1</a></p>'
        '<aside class="footnote-list brackets"><aside class="footnote brackets" id="id3" '
        'role="doc-footnote"><span class="label"><span class="fn-bracket">[</span>'
        '<a role="doc-backlink" href="#id1">1</a><span class="fn-bracket">]</span></span>'
        "<p>Customs ledger.</p></aside></aside>"
    ),
    "docutils-dl": (
        '<p>Salt was scarce.<a class="footnote-reference brackets" href="#id3" id="id1">1</a></p>'
        '<dl class="footnote brackets"><dt class="label" id="id3"><span class="brackets">'
        '<a class="fn-backref" href="#id1">1</a></span></dt><dd><p>Customs ledger.</p></dd></dl>'
    ),
    "docbook": (
        '<p>Salt was scarce.<sup>[<a id="id1" href="#ftn.id1" class="footnote">1</a>]</sup></p>'
        '<div class="footnotes"><hr/><div id="ftn.id1" class="footnote"><p><sup>[<a '
        'id="ftn.id1a" href="#id1" class="para">1</a>] </sup>Customs ledger.</p></div></div>'
    ),
    "old-gutenberg": (
        '<p>Salt was scarce.<a href="#footnote1" name="footnotetag1"><sup>1</sup></a></p>'
        '<p><a name="footnote1" href="#footnotetag1">1</a> Customs ledger.</p>'
    ),
    "wordpress": (
        '<p>Salt was scarce.<sup data-fn="6a1e" class="fn"><a href="#6a1e" id="6a1e-link">1</a>'
        '</sup></p><ol class="wp-block-footnotes"><li id="6a1e">Customs ledger. '
        '<a href="#6a1e-link" aria-label="Jump to footnote reference 1">↩︎</a></li></ol>'
    ),
    "substack": (
        '<p>Salt was scarce.<a class="footnote-anchor" id="footnote-anchor-1" '
        'href="#footnote-1">1</a></p><div class="footnote"><a id="footnote-1" '
        'href="#footnote-anchor-1" class="footnote-number">1</a><div class="footnote-content">'
        "<p>Customs ledger.</p></div></div>"
    ),
    "libreoffice": (
        '<p>Salt was scarce.<a class="sdfootnoteanc" name="sdfootnote1anc" '
        'href="#sdfootnote1sym"><sup>1</sup></a></p><div id="sdfootnote1"><p class="sdfootnote">'
        '<a class="sdfootnotesym" name="sdfootnote1sym" href="#sdfootnote1anc">1</a>Customs '
        "ledger.</p></div>"
    ),
}


@pytest.mark.parametrize("producer", list(OTHER_PRODUCERS))
def test_documentation_tools_and_office_suites(producer):
    doc = _parse(f"<html><body><h1>Trade</h1>{OTHER_PRODUCERS[producer]}</body></html>")
    assert [(n.label, n.text) for n in doc.footnotes] == [("1", "Customs ledger.")]
    assert _before(doc) == [("1", "lt was scarce.")]
    assert _text(doc) == "Salt was scarce."


def test_the_language_the_page_declares():
    doc = _parse('<!DOCTYPE html><html lang="de-AT"><body><p>Ein Satz.</p></body></html>')
    assert doc.language == "de"


def test_a_reference_whose_note_is_missing_stays_a_marker_and_is_warned_about():
    page = (
        b'<html><body><h1>T</h1><p>A marker.<sup><a href="#fn1">1</a></sup> Another.'
        b'<sup><a href="#fn2">2</a></sup></p><ol><li id="fn2">Second note.</li></ol></body></html>'
    )
    parsed = parse_bytes(page, name="missing.html")
    assert [r.footnote for s in parsed.sections for r in s.refs] == ["1", "2"]
    assert "Note 1 is cited in the text but no note text was found for it." in parsed.warnings
