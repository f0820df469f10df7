"""The whole-document reader page at scale: bounded queries, the cached body, ETags, lazy notes."""

import gzip
import re

import pytest
from django.core.cache import cache

from portal import reader
from portal.models import Document
from tests.factories import make_document

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def long_document(slug: str, sections: int, notes_per_section: int, status="published"):
    """Sections "Part 1".. each citing its own notes; the first note is cited again at the end."""
    texts, notes, refs = [], {}, {}
    label = 0
    for s in range(1, sections + 1):
        text = f"Part {s} tells of the blockade of the port and the ceasefire talks."
        texts.append((f"Part {s}", text))
        cited = []
        for n in range(notes_per_section):
            label += 1
            notes[str(label)] = f"Note {label}: minutes of meeting {label}, see *Annex {s}*."
            cited.append((str(label), 4 + n))
        refs[f"part-{s}"] = cited
    refs[f"part-{sections}"].append(("1", 20))
    return make_document(slug=slug, sections=texts, notes=notes, refs=refs, status=status)


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def big():
    return long_document("big", sections=30, notes_per_section=10)  # 300 notes: lazy


@pytest.fixture
def small():
    return long_document("small", sections=3, notes_per_section=2)  # 6 notes: inline


def _page(client, slug, **extra):
    response = client.get(f"/d/{slug}/", **extra)
    assert response.status_code == 200
    return response, response.content.decode()


def test_queries_do_not_grow_with_notes(client, small, big, django_assert_max_num_queries):
    assert big.footnotes.count() > reader.INLINE_NOTES
    for slug in ("small", "big"):
        cache.clear()
        with django_assert_max_num_queries(12):  # cold: nothing cached yet
            _page(client, slug)
        with django_assert_max_num_queries(2):  # warm: the document, nothing else
            _page(client, slug)
    with django_assert_max_num_queries(12):
        _page(client, "big", data={"q": "blockade"})


def test_long_note_lists_are_stubs_with_a_link_that_works_without_javascript(client, big):
    _response, html = _page(client, "big")
    assert html.count('class="notes-stub"') == 30
    assert 'id="fn-11"' in html and '<li id="fn-11"' not in html  # an anchor, not the note
    stub = re.search(r'<div class="notes-stub" hx-get="([^"]+)"[^>]*>(.*?)</div>', html).groups()
    assert stub[0] == "/d/big/?notes=part-1" and 'hx-trigger="revealed"' in html
    link = re.search(r'<a href="([^"]+)" data-notes-link>Notes 1–10, cited in “Part 1”', stub[1])
    assert link.group(1) == "/d/big/s/part-1/#notes-heading"
    section_page = client.get(link.group(1)).content.decode()
    assert 'id="notes-heading"' in section_page
    assert '<li id="fn-1">' in section_page and "<em>Annex 1</em>" in section_page


def test_the_notes_of_a_stub_link_back_to_every_marker(client, big):
    html = client.get("/d/big/", {"notes": "part-1"}, headers=HTMX).content.decode()
    assert html.count("<li id=") == 10 and "<html" not in html
    note_one = html[html.index('<li id="fn-1">') : html.index('<li id="fn-2">')]
    # Cited in part 1 (its marker) and again in part 30 (ids restart per section).
    assert 'href="#ref-1"' in note_one and 'href="#part-30"' in note_one
    assert 'href="/d/big/notes/1/"' in note_one
    unknown = client.get("/d/big/", {"notes": "nowhere"}, headers=HTMX)
    assert unknown.status_code == 200 and unknown.content == b""
    # Without htmx the parameter changes nothing: the whole page.
    assert "<html" in client.get("/d/big/", {"notes": "part-1"}).content.decode()


def test_a_short_note_list_is_in_the_page(client, small):
    _response, html = _page(client, "small")
    assert "notes-stub" not in html and html.count('<li id="fn-') == 6
    assert 'href="/d/small/notes/1/"' in html and 'href="#ref-1"' in html


def test_etag_answers_304_without_a_policy_header(client, big):
    first, _html = _page(client, "big")  # sets the CSRF cookie its token is made from
    response, _html = _page(client, "big")
    etag = response["ETag"]
    assert etag != first["ETag"]
    assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]
    again = client.get("/d/big/", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    # The browser keeps the page it has and its nonce; a new policy would block its scripts.
    assert "Content-Security-Policy" not in again
    other_query = client.get("/d/big/", {"q": "port"}, headers={"If-None-Match": etag})
    assert other_query.status_code == 200
    Document.objects.get(slug="big").save()  # a new version
    assert client.get("/d/big/", headers={"If-None-Match": etag}).status_code == 200


def test_each_response_has_its_own_nonce(client, big):
    nonces = []
    for _ in range(2):
        response, html = _page(client, "big")
        nonce = re.search(r'<script nonce="([^"]+)">', html).group(1)
        assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
        nonces.append(nonce)
    assert nonces[0] != nonces[1]


def test_a_draft_stays_404_for_anonymous_readers_once_cached(client, admin_client):
    long_document("hidden", sections=30, notes_per_section=10, status="draft")
    staff = admin_client.get("/d/hidden/")
    assert staff.status_code == 200 and "Draft" in staff.content.decode()
    etag = staff["ETag"]
    assert client.get("/d/hidden/").status_code == 404
    assert client.get("/d/hidden/", headers={"If-None-Match": etag}).status_code == 404
    assert client.get("/d/hidden/", {"notes": "part-1"}, headers=HTMX).status_code == 404


def test_query_marks_words_in_text_and_notes(client, big):
    _page(client, "big")  # the unmarked body is cached; a query must not get it
    _response, html = _page(client, "big", data={"q": "minutes"})
    assert '<mark class="hit" id="match-1">' in html
    assert "300 matches for" in html  # one per note: a marked page lists its notes in full
    assert "notes-stub" not in html
    _response, html = _page(client, "big", data={"q": "blockade"})
    assert "30 matches for" in html and 'href="/d/big/s/part-1/?q=blockade"' in html


def test_an_edit_in_the_admin_is_a_new_version(client, admin_client, small):
    _page(client, "small")
    note = small.footnotes.get(label="2")
    response = admin_client.post(f"/admin/portal/footnote/{note.pk}/change/", {"text": "Revised."})
    assert response.status_code == 302
    _response, html = _page(client, "small")
    assert "Revised." in html


def test_a_cached_body_is_sent_compressed_in_one_valid_gzip_stream(client, big):
    _page(client, "big")  # sets the CSRF cookie, caches the body
    plain = client.get("/d/big/").content.decode()
    response = client.get("/d/big/", headers={"Accept-Encoding": "gzip, br"})
    assert response["Content-Encoding"] == "gzip" and "Accept-Encoding" in response["Vary"]
    html = gzip.decompress(response.content).decode()
    nonce = re.compile(r'nonce="[^"]+"|"inlineStyleNonce": "[^"]+"|"x-csrftoken": "[^"]+"')
    assert nonce.sub("", html) == nonce.sub("", plain)
    assert html.count('class="notes-stub"') == 30 and html.rstrip().endswith("</html>")


def test_a_page_with_marks_is_cached_per_query(client, big, django_assert_max_num_queries):
    _response, first = _page(client, "big", data={"q": "blockade port"})
    with django_assert_max_num_queries(2):  # the document: marks, notes and text cached
        _response, again = _page(client, "big", data={"q": "blockade   port"})
    body = re.compile(r"data-reading>.*</article>", re.S)  # text, notes, citation
    assert body.search(first).group() == body.search(again).group()
    assert "60 matches for" in first  # both words in each of the 30 parts
    _response, other = _page(client, "big", data={"q": "ceasefire"})
    assert "30 matches for" in other and 'href="/d/big/s/part-2/?q=ceasefire"' in other
    note = big.footnotes.get(label="7")
    note.text = "Note 7: the blockade lifted."
    note.save()
    Document.objects.get(slug="big").save()  # a new version: marked again
    _response, edited = _page(client, "big", data={"q": "blockade port"})
    assert "61 matches for" in edited
    li = edited[edited.index('<li id="fn-7">') : edited.index('<li id="fn-8">')]
    assert '<mark class="hit" id="match-' in li


def test_marks_are_numbered_through_the_text_then_the_notes(client, small):
    _response, html = _page(client, "small", data={"q": "blockade minutes"})
    ids = [int(n) for n in re.findall(r'<mark class="hit" id="match-(\d+)"', html)]
    assert ids == list(range(1, 10))  # 3 parts, then 6 notes
    at = html.index
    assert at('id="match-3"') < at('id="notes-heading"') < at('id="match-4"')


def test_the_query_in_section_links_is_escaped(client, small):
    _response, html = _page(client, "small", data={"q": 'port & "talks" <b>'})
    assert 'href="/d/small/s/part-1/?q=port%20%26%20%22talks%22%20%3Cb%3E"' in html
    assert "<b>" not in html.split('id="main"')[1].split("</article>")[0]
