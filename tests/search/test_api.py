"""/api/search: the JSON contract of DESIGN.md, errors as 400, never 500."""

import re
from collections import Counter

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search.backends import search_backends
from tests.factories import make_document

pytestmark = pytest.mark.django_db
URL = "/api/search"


@pytest.fixture
def docs():
    docs = [
        make_document(
            slug="first",
            title="First Report",
            sections=[("Cleansing", "Evidence of ethnic cleansing & <b>worse</b>.")],
            notes={"1": "Human Rights Watch documented ethnic cleansing."},
            refs={"cleansing": [("1", 12)]},
            authors=("Human Rights Watch",),
        ),
        make_document(slug="second", sections=[("Other", "Nothing of that kind.")], date="2019"),
    ]
    search_backends["default"].index_documents(d.pk for d in docs)
    return docs


def test_route_name():
    assert reverse("search:api-search") == URL


def test_contract(client, docs):
    data = client.get(URL, {"q": '"ethnic cleansing"'}).json()
    contract = {"query", "total", "page", "page_size", "hits", "facets", "suggestion"}
    assert set(data) == contract | {"total_approximate", "corrected_from", "facets_more"}
    assert data["facets_more"] == {}  # every value listed
    assert data["total_approximate"] is False
    assert (data["query"], data["total"], data["page"], data["page_size"]) == (
        '"ethnic cleansing"',
        2,
        1,
        20,
    )
    hit = data["hits"][0]
    hit_contract = {"document", "section", "kind", "note_label", "snippet", "score"}
    assert set(hit) == hit_contract | {"also_notes"}  # extended: duplicate notes folded
    assert hit["document"] == {"slug": "first", "title": "First Report"}
    assert hit["section"]["anchor"] == "cleansing"
    assert hit["section"]["url"].startswith("/d/first/s/cleansing/?q=")
    assert "<mark>ethnic cleansing</mark>" in hit["snippet"]
    assert isinstance(hit["score"], float)
    assert {h["kind"] for h in data["hits"]} == {"body", "note"}
    assert {h["note_label"] for h in data["hits"]} == {None, "1"}
    assert set(data["facets"]) == {"document", "author", "year", "type", "in", "language"}
    assert data["facets"]["in"] == [
        {"value": "body", "label": "Body text", "count": 1},
        {"value": "notes", "label": "Notes", "count": 1},
    ]
    assert data["suggestion"] is None


def test_a_facet_lists_its_most_frequent_values_and_counts_the_rest(client):
    # 34 documents match; document i holds i + 1 matching passages.
    docs = [
        make_document(slug=f"d{i:02}", sections=[(f"S{j}", "An aardvark.") for j in range(i + 1)])
        for i in range(34)
    ]
    search_backends["default"].index_documents(d.pk for d in docs)
    data = client.get(URL, {"q": "aardvark"}).json()
    listed = [f["value"] for f in data["facets"]["document"]]
    assert listed == [f"d{i:02}" for i in range(33, 3, -1)]  # 30, most matches first
    assert data["facets_more"] == {"document": 4}
    assert data["total"] == sum(range(1, 35))
    # A selected value is listed whatever its count, so it can be unticked.
    chosen = client.get(URL, {"q": "aardvark", "doc": "d00"}).json()
    assert "d00" in [f["value"] for f in chosen["facets"]["document"]]
    assert "and 4 more" in client.get("/search/", {"q": "aardvark"}).content.decode()


@pytest.mark.parametrize("sort", ["relevance", "date"])
def test_the_collapsed_pages_list_every_document_with_many_tied_hits(client, sort):
    # 34 documents, document i with i + 1 equal passages: the walk down the ranking
    # meets each document's hidden hits before the last documents' first ones.
    docs = [
        make_document(slug=f"d{i:02}", sections=[(f"S{j}", "An aardvark.") for j in range(i + 1)])
        for i in range(34)
    ]
    search_backends["default"].index_documents(d.pk for d in docs)
    shown = Counter()
    for page in range(1, 6):  # 1 + 2 + 32 * 3 = 99 entries, 20 a page
        html = client.get("/search/", {"q": "aardvark", "page": page, "sort": sort}).content
        html = html.decode()
        shown.update(re.findall(r'<li class="result">\s*<h4>.*?<a href="/d/(d\d\d)/', html, re.S))
    assert shown == {f"d{i:02}": min(3, i + 1) for i in range(34)}


def test_snippet_escapes_stored_text(client, docs):
    snippet = client.get(URL, {"q": "evidence"}).json()["hits"][0]["snippet"]
    assert "&amp; &lt;b&gt;worse&lt;/b&gt;" in snippet


def test_filters_pages_and_suggestion(client, docs):
    notes = client.get(URL, {"q": "cleansing", "in": "notes"}).json()
    assert [h["kind"] for h in notes["hits"]] == ["note"]
    both = client.get(URL + "?q=cleansing&doc=first&doc=second").json()
    assert both["total"] == 2
    assert client.get(URL, {"q": "cleansing", "page_size": 500}).json()["page_size"] == 100
    assert client.get(URL, {"q": "cleansing", "page": 9}).json()["hits"] == []
    assert client.get(URL, {"q": "clensing"}).json()["suggestion"] == "cleansing"


@pytest.mark.parametrize(
    "params",
    [
        {"q": "-only"},
        {"q": "x" * 5000},
        {"q": "a", "page": "zero"},
        {"q": "a", "page": "0"},
        {"q": "a", "doc": "\x00"},  # PostgreSQL cannot hold a NUL: once a 500 there
    ],
)
def test_bad_requests_answer_400_with_a_message(client, docs, params):
    response = client.get(URL, params)
    assert response.status_code == 400
    assert response.json()["error"]


def test_opensearch(client):
    response = client.get("/opensearch.xml")
    assert response["Content-Type"] == "application/opensearchdescription+xml"
    assert b"http://testserver/search/?q={searchTerms}" in response.content


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(q=st.text(max_size=200), doc=st.text(max_size=20), page=st.text(max_size=4))
def test_any_input_answers_200_or_400(client, docs, q, doc, page):
    response = client.get(URL, {"q": q, "doc": doc, "page": page})
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert response.json()["error"]
