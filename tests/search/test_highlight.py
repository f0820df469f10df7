"""The one matcher: snippets, reading pages and note pages mark the same words."""

import re

import pytest

from search.backends import search_backends
from search.backends.whoosh_analysis import WHOOSH_ANALYSIS
from search.highlight import HtmlMarker, Terms, plain, snippets
from search.query import parse
from search.service import reader_marker
from tests.factories import make_document

MARK_RE = re.compile(r"<mark[^>]*>(.*?)</mark>", re.S)


def terms(q: str) -> Terms:
    return Terms.from_query(parse(q), WHOOSH_ANALYSIS)


@pytest.mark.django_db  # on PostgreSQL the default backend's stems live there
def test_reader_marks_skip_tags_entities_and_markers():
    marker = reader_marker("amp 12 cleanse")
    html = marker.mark(
        '<p>A &amp; B <a href="/cleanse">link</a> cleansing'
        '<sup class="fn-ref"><a href="#fn-12" id="ref-12" data-note="12">12</a></sup></p>'
    )
    assert 'href="/cleanse"' in html and "&amp;" in html
    assert '<mark class="hit" id="match-1">cleansing</mark>' in html
    assert ">12</a></sup>" in html  # a marker's label is not a word of the text
    assert marker.count == 1


def test_marks_number_across_calls_and_span_inline_tags():
    marker = HtmlMarker(terms('"ethnic cleansing" genocide'))
    first = marker.mark("<p>Ethnic <em>cleansing</em> here.</p>")
    second = marker.mark("<p>Genocide.</p>")
    assert '<mark class="hit" id="match-1">Ethnic </mark><em><mark class="hit">' in first
    assert '<mark class="hit" id="match-2">Genocide</mark>' in second
    assert marker.count == 2


def test_stop_words_of_plain_queries_are_not_marked():
    found = terms("what did the ICJ order about the Lachin corridor")
    text = "What did the ICJ order? It ordered about the Lachin corridor."
    marked = MARK_RE.findall(str(snippets(text, found)[0]))
    assert marked == ["ICJ order", "ordered", "Lachin corridor"]
    # Inside a phrase every word counts.
    assert MARK_RE.findall(str(snippets(text, terms('"what did the"'))[0])) == ["What did the"]


def test_the_one_line_snippet_is_where_the_query_words_meet():
    filler = " ".join(["plain words of a long report"] * 8)
    text = f"The Lachin corridor was closed. {filler} The ICJ ordered the Lachin corridor open."
    found = snippets(text, terms("what did the ICJ order about the Lachin corridor"))
    assert len(found) == 2
    # Shown in reading order on a page; the best fragment is the one line of the API.
    assert MARK_RE.findall(str(found[0])) == ["Lachin corridor"]
    assert MARK_RE.findall(str(found.best)) == ["ICJ ordered", "Lachin corridor"]


def test_a_query_of_only_stop_words_still_marks_them():
    assert MARK_RE.findall(str(snippets("Who is who here", terms("who"))[0])) == ["Who", "who"]


def test_snippets_are_clean_text():
    text = r"See *Human Rights Law Review* \[2021\] and _Ibid._ at 3 \* 4."
    assert plain(text) == "See Human Rights Law Review [2021] and Ibid. at 3 * 4."
    snippet = str(snippets(text, terms("rights"))[0])
    assert "*" not in snippet.replace("3 * 4", "") and "\\" not in snippet
    assert "<mark>Rights</mark>" in snippet


@pytest.mark.django_db
def test_same_words_marked_in_snippet_and_reader(client):
    text = "The States agreed. A state may issue a statement; stateless people wait."
    document = make_document(slug="states", sections=[("Treaty", text)])
    search_backends["default"].index_document(document.pk)
    hit = client.get("/api/search", {"q": "states"}).json()["hits"][0]
    in_snippet = [m.lower() for m in MARK_RE.findall(hit["snippet"])]
    page = client.get(hit["section"]["url"]).content.decode()
    start = page.index('id="treaty-p1"')  # the section's first paragraph
    text_html = page[start : page.index("</p>", start)]
    in_reader = [m.lower() for m in MARK_RE.findall(text_html)]
    assert in_snippet == in_reader == ["states", "state"]


@pytest.mark.django_db
def test_the_note_page_marks_the_same_words(client):
    document = make_document(
        slug="noted", sections=[("S", "Text.")], notes={"1": "States and their statements."}
    )
    search_backends["default"].index_document(document.pk)
    hit = client.get("/api/search", {"q": "states"}).json()["hits"][0]
    page = client.get("/d/noted/notes/1/", {"q": "states"}).content.decode()
    assert [m.lower() for m in MARK_RE.findall(hit["snippet"])] == ["states"]
    assert re.findall(r'<mark class="hit" id="match-1">(\w+)</mark>', page) == ["States"]
    assert "statements</mark>" not in page
