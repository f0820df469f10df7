"""Properties of the markup readers (HTML, DOCX, ODT, EPUB) for any input.

Generated documents lose no word and no note; damaged or arbitrary archives give
a document or a one-line ``IngestError``, never a crash.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.ingest import IngestError, parse_bytes

from .packages import docx, epub, odt, odt_note, w_note, w_para, w_ref, w_text, zip_bytes
from .test_ingest_properties import everything_kept, letters

word = st.text(alphabet="abcdefghijklmnopqrstuvwxyzÉéß", min_size=1, max_size=8)
phrase = st.lists(
    st.one_of(word, word, st.integers(0, 2100).map(str), st.sampled_from([",", "&", "<", "“"])),
    min_size=1,
    max_size=10,
).map(" ".join)
# A paragraph: phrases with a note after some of them.
paragraph = st.lists(st.tuples(phrase, st.one_of(st.none(), phrase)), min_size=1, max_size=4)
# A document: (heading or None, paragraphs) parts.
document = st.lists(
    st.tuples(st.one_of(st.none(), phrase), st.lists(paragraph, min_size=1, max_size=3)),
    min_size=1,
    max_size=4,
)
PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _words(parts) -> tuple[str, list[str]]:
    """All the text a document holds, and its note texts in order."""
    texts, notes = [], []
    for heading, paras in parts:
        texts.append(heading or "")
        for para in paras:
            for text, note in para:
                texts.append(text)
                if note is not None:
                    notes.append(note)
    return " ".join(texts + notes), notes


def _as_odt(parts) -> bytes:
    body, n = [], 0
    for heading, paras in parts:
        if heading:
            body.append(f'<text:h text:outline-level="1">{escape(heading)}</text:h>')
        for para in paras:
            runs = []
            for text, note in para:
                runs.append(escape(text) + " ")
                if note is not None:
                    n += 1
                    runs.append(odt_note(str(n), note))
            body.append(f"<text:p>{''.join(runs)}</text:p>")
    return odt("".join(body))


def _as_html(parts, chapter: int = 0) -> str:
    body, notes, n = [], [], 0
    for heading, paras in parts:
        if heading:
            body.append(f"<h2>{escape(heading)}</h2>")
        for para in paras:
            runs = []
            for text, note in para:
                runs.append(escape(text) + " ")
                if note is not None:
                    n += 1
                    runs.append(f'<a epub:type="noteref" role="doc-noteref" href="#n{n}">{n}</a>')
                    notes.append(
                        f'<aside epub:type="footnote" id="n{n}"><p>{escape(note)}</p></aside>'
                    )
            body.append(f"<p>{''.join(runs)}</p>")
    return "".join(body + notes)


def _as_docx(parts) -> bytes:
    body, notes, n = [], [], 0
    for heading, paras in parts:
        if heading:
            body.append(w_para(w_text(heading), style="Heading1"))
        for para in paras:
            runs = []
            for text, note in para:
                runs.append(w_text(text + " "))
                if note is not None:
                    n += 1
                    runs.append(w_ref("footnote", n))
                    notes.append(w_note("footnote", n, note))
            body.append(w_para(*runs))
    return docx("".join(body), footnotes="".join(notes))


def _check(doc, parts) -> None:
    source, notes = _words(parts)
    kept = everything_kept(doc)
    assert all(letters(w) in kept for w in source.split() if letters(w))
    assert sorted(letters(n.text) for n in doc.footnotes) == sorted(letters(t) for t in notes)
    cited = [r.footnote for s in doc.sections for r in s.refs]
    assert len(cited) == len(notes) and set(cited) == {n.label for n in doc.footnotes}
    for section in doc.sections:
        assert all(0 <= r.offset <= len(section.text) for r in section.refs)


@PROPERTY
@given(document)
def test_generated_odt_keeps_every_word_and_note(parts):
    _check(parse_bytes(_as_odt(parts), name="g.odt"), parts)


@PROPERTY
@given(st.lists(document, min_size=1, max_size=3))
def test_generated_epub_keeps_every_word_and_note(chapters):
    data = epub({f"ch{i}.xhtml": _as_html(parts) for i, parts in enumerate(chapters)})
    doc = parse_bytes(data, name="g.epub")
    _check(doc, [part for parts in chapters for part in parts])


@PROPERTY
@given(document)
def test_generated_html_keeps_every_word_and_note(parts):
    page = f"<!doctype html><html><body>{_as_html(parts)}</body></html>"
    _check(parse_bytes(page.encode("utf-8"), name="g.html"), parts)


@PROPERTY
@given(document)
def test_generated_docx_keeps_every_word_and_note(parts):
    _check(parse_bytes(_as_docx(parts), name="g.docx"), parts)


def _document_or_sentence(data: bytes, name: str) -> None:
    try:
        doc = parse_bytes(data, name=name)
    except IngestError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    assert doc.sections


VALID = {
    "odt": odt("<text:h>Title</text:h><text:p>Body" + odt_note("1", "Note.") + "</text:p>"),
    "epub": epub({"a.xhtml": "<h1>T</h1><p>Body<a epub:type='noteref' href='#n'>1</a></p>"
                             "<aside epub:type='footnote' id='n'><p>Note.</p></aside>"}),
    "docx": docx(w_para(w_text("Body"), w_ref("footnote", 1)), w_note("footnote", 1, "Note.")),
}  # fmt: skip


@settings(max_examples=80, deadline=None)
@given(
    st.sampled_from(sorted(VALID)),
    st.lists(
        st.tuples(st.integers(0, 10**6), st.binary(min_size=1, max_size=4)), min_size=1, max_size=6
    ),
)
def test_damaged_archives_give_a_document_or_a_sentence(fmt, edits):
    data = bytearray(VALID[fmt])
    for pos, chunk in edits:
        at = pos % len(data)
        data[at : at + len(chunk)] = chunk
    _document_or_sentence(bytes(data), f"x.{fmt}")


@settings(max_examples=80, deadline=None)
@given(
    st.sampled_from(["content.xml", "OEBPS/book.opf", "META-INF/container.xml"]),
    st.binary(max_size=600),
)
def test_arbitrary_members_give_a_document_or_a_sentence(member, junk):
    if member == "content.xml":
        data = zip_bytes(
            {"mimetype": "application/vnd.oasis.opendocument.text", member: junk}, "mimetype"
        )
    else:
        base = {"mimetype": "application/epub+zip", "OEBPS/book.opf": b"<package/>", member: junk}
        data = zip_bytes(base, "mimetype")
    _document_or_sentence(data, "upload")


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300), st.text(max_size=80))
def test_any_text_in_an_html_page_gives_a_document_or_a_sentence(text, note):
    # Control characters included: lxml refuses to edit text holding them.
    page = (
        f"<html><body><p>{escape(text)}<sup><a href='#fn1'>1</a></sup></p>"
        f"<ol><li id='fn1'>{escape(note)}</li></ol></body></html>"
    )
    _document_or_sentence(page.encode("utf-8", "surrogatepass"), "x.html")
