"""Machine-readable metadata on document, section and note pages.

Zotero's "Embedded Metadata" translator reads the Highwire ``citation_*`` names
below from ``<head>`` (its HIGHWIRE_MAPPINGS and the names it handles apart);
a tag outside this list would be ignored, so every one we write must be in it.
"""

import pytest
from lxml import html

from tests.portal.corpus_docs import stored

ZOTERO_HIGHWIRE = {
    "citation_title", "citation_publication_date", "citation_date", "citation_journal_title",
    "citation_journal_abbrev", "citation_book_title", "citation_volume", "citation_issue",
    "citation_series_title", "citation_conference_title", "citation_conference",
    "citation_dissertation_institution", "citation_technical_report_institution",
    "citation_technical_report_number", "citation_publisher", "citation_isbn",
    "citation_abstract", "citation_doi", "citation_public_url", "citation_language",
    "citation_author", "citation_authors", "citation_firstpage", "citation_lastpage",
    "citation_issn", "citation_eIssn", "citation_pdf_url", "citation_abstract_html_url",
    "citation_fulltext_html_url", "citation_pmid", "citation_online_date", "citation_year",
    "citation_keywords",
}  # fmt: skip
OPEN_GRAPH = {"og:type", "og:site_name", "og:title", "og:description", "og:url"}
TWITTER = {"twitter:card", "twitter:title", "twitter:description"}


@pytest.fixture
def corpus(db):
    return {prefix: stored(prefix) for prefix in ("002", "003", "004")}


def head_tags(client, url) -> dict[str, list[str]]:
    response = client.get(url)
    assert response.status_code == 200
    head = html.document_fromstring(response.content).head
    tags: dict[str, list[str]] = {}
    for meta in head.iter("meta"):
        name = meta.get("name") or meta.get("property")
        if name:
            tags.setdefault(name, []).append(meta.get("content"))
    return tags


def pages(document):
    section = document.sections.order_by("position").last()
    note = document.footnotes.order_by("position").first()
    return [document.get_absolute_url(), section.get_absolute_url(), note.get_absolute_url()]


def assert_machine_tags(tags, document):
    highwire = {n for n in tags if n.startswith("citation_")}
    assert highwire <= ZOTERO_HIGHWIRE, highwire - ZOTERO_HIGHWIRE
    assert set(tags) >= OPEN_GRAPH | TWITTER
    assert tags["citation_title"] == [
        f"{document.title}: {document.subtitle}" if document.subtitle else document.title
    ]
    assert tags["citation_publication_date"] == [document.date.replace("-", "/")]
    assert tags["citation_language"] == ["en"]
    (description,) = tags["description"]
    assert description == tags["og:description"][0] == tags["twitter:description"][0]
    assert 40 < len(description) <= 201 and "\n" not in description and "*" not in description


def test_thesis_pages_carry_author_and_university(client, corpus):
    thesis = corpus["003"]
    for url in pages(thesis):
        tags = head_tags(client, url)
        assert_machine_tags(tags, thesis)
        assert tags["citation_author"] == ["Avaneszadeh, Alex"]
        assert tags["citation_dissertation_institution"] == ["Tufts University"]
        assert tags["citation_public_url"] == [f"http://testserver{url}"]
        assert tags["og:url"] == [f"http://testserver{url}"]


def test_thesis_description_skips_the_acknowledgements(client, corpus):
    tags = head_tags(client, corpus["003"].get_absolute_url())
    assert tags["description"][0].startswith("The terms “Artsakh” and “Nagorno-Karabakh”")


def test_submission_names_issuing_organisations(client, corpus):
    submission = corpus["002"]
    for url in pages(submission):
        tags = head_tags(client, url)
        assert_machine_tags(tags, submission)
        assert len(tags["citation_author"]) == 6
        assert tags["citation_author"][0] == "“For Equal Rights” NGO"
        assert "Transparency International" in tags["citation_technical_report_institution"][0]


def test_letter_description_is_prose_not_the_address(client, corpus):
    letter = corpus["004"]
    tags = head_tags(client, letter.get_absolute_url())
    assert_machine_tags(tags, letter)
    assert tags["description"][0].startswith("As NGOs with consultative status")
    assert tags["description"][0].endswith("…")
    assert tags["citation_author"][2] == "Armenian Relief Society (ARS)"


def test_markdown_alternate_link(client, corpus):
    response = client.get(corpus["003"].get_absolute_url())
    head = html.document_fromstring(response.content).head
    (link,) = head.xpath("link[@type='text/markdown']")
    assert link.get("href").endswith(f"/d/{corpus['003'].slug}/export.md")
    assert client.get(link.get("href")).status_code == 200


def test_first_page_where_known(client, db):
    from tests.factories import make_document

    report = make_document(slug="paged", sections=[("One", "Text one."), ("Two", "Text two.")])
    two = report.sections.get(anchor="two")
    two.start_page = 12
    two.save()
    assert head_tags(client, two.get_absolute_url())["citation_firstpage"] == ["12"]
    assert head_tags(client, report.get_absolute_url())["citation_firstpage"] == ["12"]
    one = report.sections.get(anchor="one")
    assert "citation_firstpage" not in head_tags(client, one.get_absolute_url())
