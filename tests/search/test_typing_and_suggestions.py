"""As-you-type prefixes, history, and corrections only when they clearly find more."""

import pytest

from search.backends import search_backends
from search.query import SearchParams, as_typed
from search.service import run_search
from tests.factories import make_document

pytestmark = pytest.mark.django_db
TYPING = {"HTTP_HX_REQUEST": "true", "HTTP_X_LECTERN_TYPING": "more"}
FIRST = {"HTTP_HX_REQUEST": "true", "HTTP_X_LECTERN_TYPING": "first"}


@pytest.fixture
def library():
    texts = [
        ("Genocide", "The genocide convention binds every state."),
        ("Artsakh", "Artsakh declared independence; Artsakh held a vote."),
        ("Clause", "A clause of the treaty."),
        ("Cleansing", "Ethnic cleansing was reported. Cleansing continued."),
    ]
    doc = make_document(slug="lib", sections=texts)
    search_backends["default"].index_document(doc.pk)
    return doc


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("geno", "geno*"),
        ("ethnic cle", "ethnic cle*"),
        ("ethnic ", "ethnic "),
        ('"ethnic cle', '"ethnic cle'),
        ("g", "g"),
        ("-armen", "-armen"),
        ("title:", "title:"),
    ],
)
def test_the_last_word_being_typed_is_a_prefix(typed, expected):
    assert as_typed(typed) == expected


def test_half_a_word_while_typing_finds_the_word(library):
    assert run_search(SearchParams(q="geno")).total == 0
    typed = run_search(SearchParams(q="geno", typing=True))
    assert typed.total == 1 and typed.suggestion is None
    assert "<mark>genocide</mark>" in typed.hits[0].snippet


def test_no_results_shows_the_correction_keeping_the_readers_case(library):
    results = run_search(SearchParams(q="Artsakk"))
    assert results.corrected_from == "Artsakk"
    assert results.suggestion == "Artsakh" and results.total == 1
    exact = run_search(SearchParams(q="Artsakk", correct=False))
    assert exact.total == 0 and exact.corrected_from is None


def test_a_correction_is_offered_only_when_it_finds_clearly_more(library):
    # "cleanse" finds the cleansing section; "clause" (one edit away) would find less.
    assert run_search(SearchParams(q="cleanse")).suggestion is None


def test_typing_replaces_the_history_entry_and_submitting_pushes(client, library):
    typed = client.get("/search/", {"q": "geno"}, **TYPING)
    assert typed.headers["HX-Replace-Url"] == "/search/?q=geno"
    assert "No passages match" not in typed.content.decode()
    first = client.get("/search/", {"q": "g"}, **FIRST)
    assert "HX-Replace-Url" not in first.headers  # the run's first request pushes
    submitted = client.get("/search/", {"q": "geno"}, HTTP_HX_REQUEST="true")
    assert "HX-Replace-Url" not in submitted.headers


def test_one_letter_while_typing_is_not_a_failed_search(client, library):
    body = client.get("/search/", {"q": "g"}, **TYPING).content.decode()
    assert "No passages match" not in body


def test_zero_results_page_says_showing_results_for(client, library):
    body = client.get("/search/", {"q": "Artsakk"}).content.decode()
    assert "Showing results for" in body and "search instead for" in body
    assert "spell=off" in body
