"""Reading lists without accounts: edit and share tokens, limits, export, privacy."""

import re

import pytest
from django.contrib.auth.models import User

from lists.models import ITEMS_MAX, NOTE_MAX, ReadingList
from search.backends import search_backends
from tests.factories import make_document

CLEANSING = "Acts of ethnic cleansing were documented in several districts after the blockade."
ROAD = "The road was closed on the morning of 12 December and never reopened."
LETTER = "We write to draw your attention to the humanitarian situation in the region."


@pytest.fixture
def docs(db):
    report = make_document(
        slug="report",
        title="Self-Determination and the Blockade",
        sections=[
            ("Introduction", "The report opens here."),
            ("Cleansing", f"{CLEANSING}\n\n{ROAD}"),
        ],
    )
    letter = make_document(
        slug="letter", title="Letter to the Secretary-General", sections=[("", LETTER)]
    )
    return report, letter


def add(client, **data):
    data.setdefault("doc", "report")
    data.setdefault("anchor", "cleansing")
    return client.post("/lists/add/", data)


def the_list() -> ReadingList:
    return ReadingList.objects.get()


def test_build_a_list_from_two_documents(client, docs):
    response = add(client, p="2", note="Read this before Tuesday.")
    reading_list = the_list()
    assert response.status_code == 302
    assert response["Location"].startswith(reading_list.get_edit_url())
    add(client, quote="ethnic cleansing were documented")
    add(client, doc="letter", anchor="front-matter")
    assert ReadingList.objects.count() == 1  # the session keeps adding to the same list
    items = list(reading_list.items.all())
    assert [(i.anchor, i.paragraph) for i in items] == [
        ("cleansing", 2),
        ("cleansing", 1),
        ("front-matter", None),
    ]
    assert items[1].quote == "ethnic cleansing were documented"
    page = client.get(reading_list.get_edit_url()).content.decode()
    assert ROAD in page and LETTER in page and "Read this before Tuesday." in page
    assert reading_list.get_absolute_url() in page  # the share link is shown


def test_tokens_are_long_random_and_distinct(docs, client):
    add(client)
    reading_list = the_list()
    assert len(reading_list.edit_token) >= 32 and len(reading_list.share_token) >= 32
    assert reading_list.edit_token != reading_list.share_token


def test_share_link_reads_but_cannot_edit(client, docs):
    add(client, p="1", note="A note")
    reading_list = the_list()
    page = client.get(reading_list.get_absolute_url())
    html = page.content.decode()
    assert page.status_code == 200 and CLEANSING in html and "A note" in html
    assert "<form" not in html.split('<main id="main"')[1].split("</main>")[0]
    assert "Remove" not in html and reading_list.edit_token not in html
    # The share token is no edit token, and the share page takes no writes.
    assert (
        client.post(
            f"/lists/e/{reading_list.share_token}/", {"action": "update", "title": "x"}
        ).status_code
        == 404
    )
    assert client.post(reading_list.get_absolute_url(), {"action": "remove"}).status_code == 405
    assert the_list().items.count() == 1


def test_guessed_tokens_are_404(client, docs):
    add(client)
    for url in ("/lists/e/guessed-token/", "/lists/s/guessed-token/", "/lists/s/guessed/list.md"):
        assert client.get(url).status_code == 404


def test_list_creation_is_rate_limited(client, docs):
    for _ in range(10):
        assert client.post("/lists/new/", {"title": "Week 3"}).status_code == 302
    response = client.post("/lists/new/", {"title": "One too many"})
    assert response.status_code == 429
    assert "Too many new reading lists" in response.content.decode()
    assert ReadingList.objects.count() == 10


def test_size_limits(client, docs):
    response = add(client, note="x" * (NOTE_MAX + 1))
    assert response.status_code == 400
    assert f"the limit is {NOTE_MAX:,}" in response.content.decode()
    add(client)
    reading_list = the_list()
    reading_list.items.bulk_create(
        [
            reading_list.items.model(reading_list=reading_list, anchor="cleansing", position=n)
            for n in range(ITEMS_MAX - 1)
        ]
    )
    response = add(client)
    assert response.status_code == 400 and f"at most {ITEMS_MAX}" in response.content.decode()


def test_bad_additions_say_why(client, docs):
    assert "not in the library" in add(client, doc="nope").content.decode()
    assert "not in that section" in add(client, quote="words nowhere in it").content.decode()
    assert "has 2 paragraphs, not 7" in add(client, p="7").content.decode()


def test_reorder_edit_note_and_remove(client, docs):
    add(client, p="1")
    add(client, p="2")
    reading_list = the_list()
    first, second = reading_list.items.all()
    edit = reading_list.get_edit_url()
    client.post(edit, {"action": "up", "item": second.pk})
    assert [i.pk for i in reading_list.items.all()] == [second.pk, first.pk]
    client.post(edit, {"action": "note", "item": first.pk, "note": "Compare with ¶ 2."})
    first.refresh_from_db()
    assert first.note == "Compare with ¶ 2."
    client.post(
        edit, {"action": "update", "title": "Week 3: the blockade", "intro": "Two passages."}
    )
    assert the_list().title == "Week 3: the blockade"
    response = client.post(
        edit, {"action": "remove", "item": second.pk}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200 and "<html" not in response.content.decode()
    assert list(reading_list.items.all()) == [first]


def test_lists_are_noindex_and_send_no_referrer(client, docs):
    add(client)
    reading_list = the_list()
    for url in (reading_list.get_absolute_url(), reading_list.get_edit_url(), "/lists/"):
        response = client.get(url)
        assert response["X-Robots-Tag"] == "noindex, nofollow"
        assert response["Referrer-Policy"] == "no-referrer"
        assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()


def test_lists_never_in_search_results_or_the_sitemap(client, docs):
    add(client, p="1", note="zanzibarquokka appears only in this note")
    reading_list = the_list()
    search_backends["default"].index_documents(d.pk for d in docs)
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/d/report/" in sitemap and "/lists/" not in sitemap
    assert reading_list.share_token not in sitemap
    results = client.get("/api/search", {"q": "zanzibarquokka"}).json()
    assert results["total"] == 0
    results = client.get("/api/search", {"q": "ethnic cleansing"}).json()
    assert results["total"] >= 1
    assert all("/lists/" not in hit["section"]["url"] for hit in results["hits"])
    page = client.get("/search/", {"q": "ethnic cleansing"}).content.decode()
    assert "/lists/" not in page


def test_markdown_export(client, docs):
    add(client, p="2", note="Why was the road closed?")
    reading_list = the_list()
    response = client.get(f"/lists/s/{reading_list.share_token}/list.md")
    assert response["Content-Type"].startswith("text/markdown")
    text = response.content.decode()
    assert text.startswith("# Reading list\n")
    assert f"> {ROAD}" in text and "Why was the road closed?" in text
    assert re.search(
        r"<http://testserver/d/report/s/cleansing/\?p=2&h=\w+&v=\w+#cleansing-p2>", text
    )


def test_shared_list_shows_current_text_and_what_changed(client, docs):
    add(client, p="2")
    make_document(
        slug="report",
        title="Self-Determination and the Blockade",
        sections=[
            ("Introduction", "The report opens here."),
            ("Cleansing", f"{CLEANSING}\n\n{ROAD.replace('never reopened', 'reopened in May')}"),
        ],
    )
    html = client.get(the_list().get_absolute_url()).content.decode()
    assert "This passage has changed since it was added" in html
    assert "<del>never reopened.</del><ins>reopened in May.</ins>" in html
    assert "reopened in May" in html


def test_staff_can_remove_a_list(client, docs):
    add(client)
    reading_list = the_list()
    admin = User.objects.create_superuser("staff", "staff@example.org", "pw")
    client.force_login(admin)
    assert client.get("/admin/lists/readinglist/").status_code == 200
    url = f"/admin/lists/readinglist/{reading_list.pk}/delete/"
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not ReadingList.objects.exists()
    assert client.get(reading_list.get_absolute_url()).status_code == 404


def test_htmx_edit_errors_come_back_in_the_partial(client, docs):
    add(client)
    reading_list = the_list()
    response = client.post(
        reading_list.get_edit_url(),
        {"action": "note", "item": reading_list.items.get().pk, "note": "x" * (NOTE_MAX + 1)},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html and f"the limit is {NOTE_MAX:,}" in html
    assert reading_list.items.get().note == ""
