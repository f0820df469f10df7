"""A deleted or unpublished document's words are never suggested, on every backend.

Whoosh's lexicon and tantivy's term dictionary keep a deleted document's words until
their segment is merged away, PostgreSQL's ``search_indexterm`` until a rebuild: each
backend must count a word only while a live passage holds it.
"""

import pytest
from django.db import connection

from portal.models import Document
from search.backends import search_backends
from search.query import SearchParams
from search.service import run_search
from tests.factories import make_document

pytestmark = pytest.mark.django_db
BACKENDS = {
    "whoosh": "search.backends.whoosh.WhooshSearchBackend",
    "tantivy": "search.backends.tantivy.TantivySearchBackend",
    "postgres": "search.backends.postgres.PostgresSearchBackend",
}


@pytest.fixture(params=list(BACKENDS))
def backend(request, settings, tmp_path):
    if request.param == "postgres" and connection.vendor != "postgresql":
        pytest.skip("needs DATABASE_URL pointing at PostgreSQL")
    path = tmp_path / request.param
    settings.SEARCH_BACKENDS = {
        "default": {"BACKEND": BACKENDS[request.param], "OPTIONS": {"PATH": path}}
    }
    backend = search_backends["default"]
    yield backend
    if hasattr(backend, "close"):
        backend.close()


def delete(document: Document) -> None:
    document.delete()


def unpublish(document: Document) -> None:
    document.status = Document.Status.DRAFT
    document.save()


@pytest.fixture
def library(backend):
    """A live document with "obsidian" in three passages; one to remove, with words of
    its own: "obsidiam" (one edit from the live word) and "quetzalcoatlite"."""
    live = make_document(
        slug="live",
        sections=[("Blades", "Obsidian blades."), ("Cores", "Obsidian cores."), ("F", "Obsidian.")],
    )
    gone = make_document(
        slug="gone", sections=[("Tablets", "Obsidiam tablets and quetzalcoatlite crystals.")]
    )
    backend.index_documents([live.pk, gone.pk])
    assert backend.suggest("quetzalcoatlyte") == "quetzalcoatlite"  # held while published
    assert backend.suggest("obsidiam") is None  # a known word is not corrected
    return gone


@pytest.mark.parametrize("remove", [delete, unpublish])
def test_a_removed_documents_words_are_not_suggested(backend, library, remove):
    pk = library.pk
    remove(library)
    backend.index_document(pk)  # what the after-commit update does (the test never commits)
    assert backend.suggest("quetzalcoatlyte") is None
    assert backend.suggest("Obsidiam") == "Obsidian"  # no longer a word: corrected
    assert backend.suggest("obsidiax") == "obsidian"  # the live neighbour, not the gone one


@pytest.mark.parametrize("remove", [delete, unpublish])
def test_the_page_neither_offers_nor_keeps_a_removed_word(backend, library, remove, client):
    pk = library.pk
    remove(library)
    backend.index_document(pk)
    page = client.get("/search/", {"q": "quetzalcoatlyte"}).content.decode()
    assert "Did you mean" not in page and "Showing results for" not in page
    assert "quetzalcoatlite" not in page
    results = run_search(SearchParams(q="obsidiam"))
    assert results.suggestion == "obsidian" and results.total == 3
    page = client.get("/search/", {"q": "obsidiam"}).content.decode()
    assert "Showing results for" in page and "<em>obsidian</em>" in page
