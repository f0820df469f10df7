"""DOCX notes as Word displays them: footnotes 1, 2; endnotes i, ii; inside content controls."""

from __future__ import annotations

from portal.ingest import parse_bytes

from .packages import docx, w_note, w_para, w_ref, w_text


def _parse(*args, **kw):
    return parse_bytes(docx(*args, **kw), name="upload")


def test_footnotes_and_endnotes_inside_content_controls():
    body = (
        w_para(w_text("Heading text"), style="Heading1")
        + "<w:sdt><w:sdtContent>"
        + w_para(
            w_text("Inside a control"), w_ref("footnote", 2), w_text(" and"), w_ref("endnote", 5)
        )
        + "</w:sdtContent></w:sdt>"
        + w_para(
            "<w:sdt><w:sdtContent>",
            w_text("Inline control"),
            w_ref("footnote", 3),
            "</w:sdtContent></w:sdt>",
        )
    )
    doc = _parse(
        body,
        footnotes=w_note("footnote", 2, "First footnote.")
        + w_note("footnote", 3, "Second footnote."),
        endnotes=w_note("endnote", 5, "An endnote."),
    )
    # In order of first citation, labelled as Word prints them.
    assert [(n.label, n.text) for n in doc.footnotes] == [
        ("1", "First footnote."),
        ("i", "An endnote."),
        ("2", "Second footnote."),
    ]
    text = doc.sections[0].text
    assert [(r.footnote, text[: r.offset][-9:]) for r in doc.sections[0].refs] == [
        ("1", "a control"),
        ("i", "ontrol and"[-9:]),
        ("2", "e control"),
    ]
    assert doc.warnings == ()


def test_endnotes_alone_are_i_ii_as_word_prints_them():
    body = w_para(w_text("Text"), w_ref("endnote", 1), w_text(" more"), w_ref("endnote", 2))
    notes = w_note("endnote", 1, "Only.") + w_note("endnote", 2, "Next.")
    doc = _parse(body, endnotes=notes)
    assert [(n.label, n.text) for n in doc.footnotes] == [("i", "Only."), ("ii", "Next.")]


def test_number_formats_and_starts_from_the_section():
    sect = (
        '<w:sectPr><w:footnotePr><w:numFmt w:val="lowerLetter"/><w:numStart w:val="3"/>'
        '</w:footnotePr><w:endnotePr><w:numFmt w:val="decimal"/></w:endnotePr></w:sectPr>'
    )
    body = w_para(w_text("A"), w_ref("footnote", 1), w_text(" B"), w_ref("endnote", 1)) + sect
    doc = _parse(
        body, footnotes=w_note("footnote", 1, "Foot."), endnotes=w_note("endnote", 1, "End.")
    )
    assert [(n.label, n.text) for n in doc.footnotes] == [("c", "Foot."), ("1", "End.")]


def test_a_custom_mark_is_the_label():
    run = '<w:r><w:footnoteReference w:customMarkFollows="1" w:id="1"/><w:t>*</w:t></w:r>'
    doc = _parse(w_para(w_text("Starred"), run), footnotes=w_note("footnote", 1, "Star note."))
    assert [(n.label, n.text) for n in doc.footnotes] == [("*", "Star note.")]


def test_toc_heading_style_based_on_heading_1_is_a_heading():
    styles = (
        '<w:style w:styleId="Heading1"><w:name w:val="heading 1"/><w:pPr><w:outlineLvl w:val="0"/>'
        '</w:pPr></w:style><w:style w:styleId="TOCHeading"><w:name w:val="TOC Heading"/>'
        '<w:basedOn w:val="Heading1"/><w:pPr><w:outlineLvl w:val="9"/></w:pPr></w:style>'
    )
    from .packages import W_NS, zip_bytes

    data = zip_bytes(
        {
            "word/document.xml": f"<w:document {W_NS}><w:body>"
            + w_para(w_text("Contents"), style="TOCHeading")
            + w_para(w_text("Body."))
            + w_para(w_text("Part"), style="Heading1")
            + w_para(w_text("More."))
            + "</w:body></w:document>",
            "word/styles.xml": f"<w:styles {W_NS}>{styles}</w:styles>",
        }
    )
    doc = parse_bytes(data, name="x.docx")
    assert doc.title == "Contents"
    assert [s.heading for s in doc.sections if s.heading] == ["Contents", "Part"]


def test_text_box_text_follows_its_paragraph_once():
    box = w_para(w_text("Boxed words."))
    drawing = (
        '<w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
        f"<mc:Choice><w:drawing><w:txbxContent>{box}</w:txbxContent></w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict><w:txbxContent>{box}</w:txbxContent></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r>"
    )
    table = f"<w:tbl><w:tr><w:tc>{w_para(w_text('In a cell'), drawing)}</w:tc></w:tr></w:tbl>"
    doc = _parse(w_para(w_text("Anchor paragraph."), drawing) + table)
    assert doc.sections[0].text == "Anchor paragraph.\n\nBoxed words.\n\nIn a cell\n\nBoxed words."
