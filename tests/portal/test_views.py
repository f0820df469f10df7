"""Reading pages through the Django test client: status codes, drafts, aliases, partials, JSON."""

import pytest
from django.urls import reverse

from portal.models import SectionAlias
from tests.factories import make_document

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def doc():
    return make_document(
        slug="report",
        title="A Report on Self-Determination",
        sections=[
            ("Introduction", "The right to self-determination is at stake.\n\nSecond paragraph."),
            ("Ethnic Cleansing", "Acts of ethnic cleansing were reported in 2022."),
            ("Conclusion", "The end & more."),
        ],
        notes={"1": "See https://example.org/report.", "2": ""},
        refs={"introduction": [("1", 10)], "ethnic-cleansing": [("2", 4), ("1", 24)]},
        authors=("Org One", "Org Two"),
        date="2022-11",
    )


@pytest.fixture
def draft():
    return make_document(slug="secret", title="Secret draft", status="draft")


def test_library_lists_published_documents_only(client, doc, draft):
    response = client.get(reverse("portal:library"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "A Report on Self-Determination" in html
    assert "Secret draft" not in html
    assert "Org One; Org Two" in html
    assert "November 2022" in html


def test_library_facets_filter_and_count(client, doc):
    make_document(slug="letter", title="A Letter", doc_type="letter", date="2020-10-27")
    html = client.get("/", {"type": "letter"}).content.decode()
    assert "A Letter" in html and "A Report on Self-Determination" not in html
    assert 'value="letter" checked' in html
    # The type facet still offers "report" with its count, so a second tick adds to the list.
    assert 'value="report"' in html


def test_library_htmx_partial(client, doc):
    response = client.get("/", {"type": "report"}, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and 'id="library-body"' in html
    assert "HX-Request" in response["Vary"]


def test_reader_shows_sections_notes_and_anchors(client, doc):
    html = client.get(reverse("portal:document-detail", args=["report"])).content.decode()
    for anchor in doc.sections.values_list("anchor", flat=True):
        assert f'id="{anchor}"' in html and f'href="#{anchor}"' in html
    assert 'id="fn-1"' in html and 'href="#ref-1"' in html
    assert "The text of this note is missing from the source file." in html
    assert "The end &amp; more." in html


def test_reader_highlights_query_terms(client, doc):
    html = client.get("/d/report/", {"q": '"ethnic cleansing" -genocide'}).content.decode()
    assert '<mark class="hit" id="match-1">' in html
    assert "1 match for" in html


def test_drafts_are_404_everywhere(client, draft):
    section = draft.sections.first()
    for url in (
        f"/d/{draft.slug}/",
        f"/d/{draft.slug}/s/{section.anchor}/",
        f"/api/documents/{draft.slug}",
    ):
        assert client.get(url).status_code == 404, url
    assert draft.slug not in client.get("/api/documents").content.decode()
    assert draft.slug not in client.get("/sitemap.xml").content.decode()
    assert "Secret draft" not in client.get("/feed/").content.decode()


def test_missing_pages_are_404(client, doc):
    assert client.get("/d/nope/").status_code == 404
    assert client.get("/d/report/s/nope/").status_code == 404
    assert client.get("/d/report/notes/99/").status_code == 404


def test_section_page(client, doc):
    section = doc.sections.get(anchor="ethnic-cleansing")
    response = client.get(section.get_absolute_url(), {"q": "cleansing"})
    html = response.content.decode()
    assert response.status_code == 200
    assert '<meta property="og:title"' in html and 'name="twitter:card"' in html
    assert "http://testserver/d/report/s/ethnic-cleansing/" in html
    assert "Chicago" in html and "APA" in html
    assert 'rel="prev"' in html and 'rel="next"' in html
    assert 'id="match-1"' in html
    # Only the notes this section cites.
    assert 'id="fn-2"' in html and 'id="fn-1"' in html


def test_section_htmx_partial(client, doc):
    response = client.get("/d/report/s/conclusion/", headers=HTMX)
    assert "<html" not in response.content.decode()
    assert 'id="section-body"' in response.content.decode()
    boosted = client.get("/d/report/s/conclusion/", headers={**HTMX, "HX-Boosted": "true"})
    assert "<html" in boosted.content.decode()


def test_old_anchor_redirects_permanently(client, doc):
    SectionAlias.objects.create(
        document=doc, anchor="intro", section=doc.sections.get(anchor="introduction")
    )
    response = client.get("/d/report/s/intro/?q=right")
    assert response.status_code == 301
    assert response["Location"] == "/d/report/s/introduction/?q=right"


def test_footnote_page(client, doc):
    html = client.get("/d/report/notes/1/").content.decode()
    assert "/d/report/s/introduction/#ref-1" in html
    assert 'href="https://example.org/report"' in html
    missing = client.get("/d/report/notes/2/").content.decode()
    assert "The text of this note is missing from the source file." in missing


def test_api_documents(client, doc, draft):
    data = client.get("/api/documents").json()
    assert [d["slug"] for d in data["documents"]] == ["report"]
    first = data["documents"][0]
    assert first["authors"] == ["Org One", "Org Two"]
    assert first["sections"] == 3 and first["notes"] == 2 and first["words"] > 0
    assert first["url"] == "http://testserver/d/report/"


def test_api_document(client, doc):
    data = client.get("/api/documents/report").json()
    assert data["title"] == "A Report on Self-Determination"
    assert [s["anchor"] for s in data["sections"]] == [
        "introduction",
        "ethnic-cleansing",
        "conclusion",
    ]
    assert data["footnotes"][0] == {
        "label": "1",
        "text": "See https://example.org/report.",
        "section": "introduction",
        "url": "http://testserver/d/report/notes/1/",
    }


def test_feed_and_sitemap(client, doc):
    assert "A Report on Self-Determination" in client.get("/feed/").content.decode()
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/d/report/" in sitemap and "/d/report/s/conclusion/" in sitemap


def test_stored_text_is_escaped(client):
    make_document(
        slug="xss", title="<script>alert(1)</script>", sections=[("<b>H</b>", "<i>x</i>")]
    )
    html = client.get("/d/xss/").content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;i&gt;x&lt;/i&gt;" in html


@pytest.fixture
def indexed(django_capture_on_commit_callbacks):
    """The ``doc`` fixture's document, indexed (index writes run after commit)."""
    with django_capture_on_commit_callbacks(execute=True):
        return make_document(
            slug="indexed",
            title="Indexed Report",
            sections=[("Blockade", "The blockade of the only road began in December.")],
        )


def test_search_page_full_and_partial(client, indexed):
    full = client.get("/search/", {"q": "blockade"})
    assert full.status_code == 200
    html = full.content.decode()
    assert "<html" in html and 'id="results"' in html and "<mark>" in html
    assert 'href="/d/indexed/s/blockade/?q=blockade"' in html
    partial = client.get("/search/", {"q": "blockade"}, headers=HTMX)
    assert "<html" not in partial.content.decode()
    assert 'id="results"' in partial.content.decode()
    assert "HX-Request" in partial["Vary"]
    restore = client.get(
        "/search/", {"q": "blockade"}, headers={**HTMX, "HX-History-Restore-Request": "true"}
    )
    assert "<html" in restore.content.decode()


def test_search_page_states(client, indexed):
    assert "Search every document, to the footnote" in client.get("/search/").content.decode()
    assert "No passages match" in client.get("/search/", {"q": "zzqx"}).content.decode()
    error = client.get("/search/", {"q": "-blockade"})
    assert error.status_code == 200 and 'role="alert"' in error.content.decode()
    assert client.get("/search/", {"q": "blockade", "page": "9"}).status_code == 404
