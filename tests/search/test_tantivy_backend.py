"""The tantivy backend: the shared contract, plus its locking, reader reloads and swaps."""

import threading
import time

import pytest
import tantivy

from search.backends import search_backends
from search.backends.tantivy import TantivySearchBackend
from search.backends.tantivy_schema import date_key
from search.backends.tantivy_suggest import distance
from search.exceptions import SearchIndexError
from tests.factories import make_document

from .backend_contract import BackendContract

BACKEND = "search.backends.tantivy.TantivySearchBackend"


@pytest.fixture
def index_path(tmp_path):
    return tmp_path / "tantivy-index"


def new_backend(path) -> TantivySearchBackend:
    return TantivySearchBackend("tantivy", {"OPTIONS": {"PATH": path}})


class TestTantivyBackend(BackendContract):
    @pytest.fixture
    def backend(self, index_path):
        backend = new_backend(index_path)
        yield backend
        backend.close()

    def test_document_labels_follow_a_renamed_or_new_document(self, backend, library):
        def labels():
            facet = self.search(backend, "zebra").facets["document"]
            return {f.value: f.label for f in facet}

        doc = make_document(slug="zoo", title="Zoo Notes", sections=[("Z", "zebra")])
        backend.index_document(doc.pk)
        assert labels() == {"zoo": "Zoo Notes"}  # titles cached for this index version
        doc.title = "Zoo Field Notes"
        doc.save()
        backend.index_document(doc.pk)  # the title is indexed: a new version
        later = make_document(slug="zoo-2", title="More Zebras", sections=[("Z", "zebra")])
        backend.index_document(later.pk)
        assert labels() == {"zoo": "Zoo Field Notes", "zoo-2": "More Zebras"}

    def test_another_process_sees_commits(self, backend, library, index_path):
        other = new_backend(index_path)
        assert self.search(other, "cleansing").total == 3
        backend.index_document(make_document(slug="new", sections=[("N", "zebra")]).pk)
        assert self.search(other, "zebra").total == 1

    def test_writer_waits_for_another_process_lock(self, backend, library, index_path):
        writer = new_backend(index_path).open_index().writer(15_000_000, 1)
        threading.Timer(0.3, writer.wait_merging_threads).start()  # releases the lock
        started = time.monotonic()
        backend.index_document(make_document(slug="late", sections=[("L", "quokka")]).pk)
        assert time.monotonic() - started >= 0.25
        assert self.search(backend, "quokka").total == 1

    def test_lock_timeout_raises_search_index_error(
        self, backend, library, index_path, monkeypatch
    ):
        monkeypatch.setattr("search.backends.tantivy.LOCK_TIMEOUT", 0.1)
        writer = new_backend(index_path).open_index().writer(15_000_000, 1)
        try:
            doc = make_document(slug="blocked", sections=[("B", "wombat")])
            with pytest.raises(SearchIndexError):
                backend.index_document(doc.pk)
        finally:
            writer.wait_merging_threads()

    def test_rebuild_swaps_generations(self, backend, library, index_path):
        before = backend.directory.live()
        reader = new_backend(index_path)
        assert self.search(reader, "cleansing").total == 3
        backend.rebuild()
        after = backend.directory.live()
        assert after != before and (backend.directory.path / "current").is_symlink()
        assert self.search(reader, "cleansing").total == 3
        assert reader._path == after

    def test_phrase_across_a_dropped_stop_word_keeps_its_gap(self, backend):
        doc = make_document(
            slug="art", sections=[("A", "The state of the art."), ("B", "A state art fair.")]
        )
        backend.index_document(doc.pk)
        results = self.search(backend, "state-of-the-art")
        assert self.anchors(results) == {("art", "a", "body")}

    def test_many_prefixes_are_capped_and_say_so(self, backend):
        words = " ".join(f"te{chr(97 + i)}{chr(97 + j)}" for i in range(10) for j in range(10))
        backend.index_document(make_document(slug="te", sections=[("T", words)]).pk)
        started = time.process_time()
        results = self.search(backend, "te* te* te*")
        assert time.process_time() - started < 1.0
        assert results.total == 1 and results.total_approximate
        assert not self.search(backend, "teaa*").total_approximate

    def test_sorted_by_date_hits_keep_their_scores(self, backend, library):
        hits = self.search(backend, "state OR cleansing", sort="date").hits
        assert hits and all(h.score > 0 for h in hits)

    def test_notes_with_the_same_words_fold_into_the_first(self, backend):
        notes = {"1": "Ibid., p. 4.", "2": "A wombat.", "3": "Ibid., p. 4.", "4": "ibid p 4"}
        doc = make_document(slug="ibid", sections=[("S", "Text.")], notes=notes)
        backend.index_document(doc.pk)
        results = self.search(backend, "ibid")
        assert results.total == 1 and results.hits[0].note_label == "1"
        assert results.hits[0].also_notes == ["3", "4"]
        assert self.search(backend, "wombat OR ibid").total == 2

    def test_an_index_of_another_schema_asks_for_a_rebuild(self, backend, library, index_path):
        other = tantivy.SchemaBuilder()
        other.add_text_field("id", stored=True)
        path = backend.directory.new_generation()
        tantivy.Index(other.build(), path=str(path))
        backend.directory.swap(path)
        with pytest.raises(SearchIndexError, match="rebuild_index"):
            self.search(new_backend(index_path), "cleansing")
        assert [e.id for e in new_backend(index_path).check()] == ["search.E004"]
        backend.rebuild()
        assert self.search(new_backend(index_path), "cleansing").total == 3

    def test_date_key_orders_newest_first_then_reading_order(self):
        keys = [date_key("2023", 1, 0), date_key("2020-10-27", 2, 0), date_key("2020-10-27", 2, 1)]
        assert keys == sorted(keys, reverse=True)
        assert date_key("", 1, 0) < date_key("1611", 1, 0)

    def test_edit_distance(self):
        assert distance("etnic", "ethnic", 2) == 1
        assert distance("clensing", "cleansing", 2) == 1
        assert distance("form", "from", 2) == 1  # a transposition is one edit
        assert distance("abcdef", "uvwxyz", 2) == 3


@pytest.mark.django_db
def test_chosen_in_settings(settings, client, tmp_path):
    settings.SEARCH_BACKENDS = {"default": {"BACKEND": BACKEND, "OPTIONS": {"PATH": tmp_path}}}
    backend = search_backends["default"]
    assert isinstance(backend, TantivySearchBackend)
    doc = make_document(slug="api", sections=[("Api", "The right to self-determination.")])
    backend.index_document(doc.pk)
    response = client.get("/api/search", {"q": '"right to self-determination"'})
    assert response.status_code == 200
    assert response.json()["total"] == 1
