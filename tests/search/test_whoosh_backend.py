"""The Whoosh backend: the shared contract, plus its locking, searcher reuse and atomic swap."""

import threading
import time

import pytest
from django.conf import settings

from search.backends import search_backends
from search.backends.whoosh import WhooshSearchBackend
from search.exceptions import SearchIndexError
from tests.factories import make_document

from .backend_contract import BackendContract


def new_backend() -> WhooshSearchBackend:
    return WhooshSearchBackend("default", settings.SEARCH_BACKENDS["default"])


class TestWhooshBackend(BackendContract):
    @pytest.fixture
    def backend(self):
        backend = search_backends["default"]
        # On PostgreSQL the configured backend is PostgreSQL's: test Whoosh beside it.
        return backend if isinstance(backend, WhooshSearchBackend) else new_backend()

    def test_searcher_is_reused_until_the_index_changes(self, backend, library):
        first, _ = backend.searcher()
        assert backend.searcher()[0] is first
        backend.index_document(make_document(slug="new", sections=[("N", "zebra")]).pk)
        assert backend.searcher()[0] is not first
        assert self.search(backend, "zebra").total == 1

    def test_writer_waits_for_another_process_lock(self, backend, library, monkeypatch):
        other = new_backend()
        ix = other.open_index()
        writer = ix.writer()  # another worker holds the lock for a moment
        threading.Timer(0.3, writer.cancel).start()
        started = time.monotonic()
        backend.index_document(make_document(slug="late", sections=[("L", "quokka")]).pk)
        assert time.monotonic() - started >= 0.25
        assert self.search(backend, "quokka").total == 1

    def test_lock_timeout_raises_search_index_error(self, backend, library, monkeypatch):
        monkeypatch.setattr("search.backends.whoosh.LOCK_TIMEOUT", 0.1)
        writer = new_backend().open_index().writer()
        try:
            doc = make_document(slug="blocked", sections=[("B", "wombat")])
            with pytest.raises(SearchIndexError):
                backend.index_document(doc.pk)
        finally:
            writer.cancel()

    def test_rebuild_swaps_generations(self, backend, library):
        before = backend.directory.live()
        reader = new_backend()
        assert self.search(reader, "cleansing").total == 3
        backend.rebuild()
        after = backend.directory.live()
        assert after != before and (backend.directory.path / "current").is_symlink()
        # Another process's backend notices the swap on its next search.
        assert self.search(reader, "cleansing").total == 3
        assert reader._index_path == after


@pytest.mark.django_db
def test_date_sort_keeps_reading_order_and_years_sort_by_year():
    backend = search_backends["default"]
    old = make_document(slug="old", date="2019", sections=[("A", "treaty one")])
    new = make_document(
        slug="new",
        date="2022",
        sections=[("A", "treaty first"), ("B", "treaty second")],
        notes={"1": "treaty note one", "2": "treaty note two"},
    )
    backend.index_documents([old.pk, new.pk])
    results = backend.search("treaty", sort="date")
    order = [(h.document_slug, h.kind, h.note_label or h.section_anchor) for h in results.hits]
    assert order == [
        ("new", "body", "a"),
        ("new", "body", "b"),
        ("new", "note", "1"),
        ("new", "note", "2"),
        ("old", "body", "a"),
    ]
    years = [f.value for f in backend.search("treaty").facets["year"]]
    assert years == ["2022", "2019"]  # by year, though 2022 has more matches either way
    selected = backend.search("treaty", filters={"year": ["1999"]}).facets["year"]
    assert {f.value: f.label for f in selected}["1999"] == "1999"  # a selected value is listed


def test_an_index_written_by_older_code_asks_for_a_rebuild(db):
    backend = new_backend()
    backend.open_index()  # a fresh generation, stamped
    assert [m.id for m in backend.check()] == []
    (backend.directory.link.resolve() / "lectern-format").unlink()  # as older code left it
    assert [m.id for m in backend.check()] == ["search.W003"]
    backend.rebuild()
    assert [m.id for m in backend.check()] == []
