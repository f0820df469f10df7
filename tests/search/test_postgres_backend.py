"""The PostgreSQL backend: the shared contract, plus what only rows in the database give."""

import pytest
from django.db import connection, transaction

from search.backends.postgres import PostgresSearchBackend
from search.models import IndexEntry
from tests.factories import make_document

from .backend_contract import BackendContract

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs DATABASE_URL pointing at PostgreSQL"
)


def new_backend() -> PostgresSearchBackend:
    return PostgresSearchBackend("default", {})


class TestPostgresBackend(BackendContract):
    @pytest.fixture
    def backend(self):
        return new_backend()

    def test_rows_roll_back_with_the_document(self, backend, library):
        before = IndexEntry.objects.count()
        with pytest.raises(RuntimeError), transaction.atomic():
            doc = make_document(slug="gone", sections=[("G", "A quokka appears.")])
            backend.index_document(doc.pk)
            assert self.search(backend, "quokka").total == 1
            raise RuntimeError
        assert self.search(backend, "quokka").total == 0
        assert IndexEntry.objects.count() == before

    def test_another_server_sees_the_rows_without_rebuilding(self, backend, library):
        assert self.search(new_backend(), '"ethnic cleansing"').total == 3

    def test_phrase_does_not_run_from_heading_into_text(self, backend):
        doc = make_document(slug="edge", sections=[("Ethnic", "Cleansing began there.")])
        backend.index_document(doc.pk)
        assert self.search(backend, '"ethnic cleansing"').total == 0
        assert self.search(backend, "ethnic cleansing").total == 1

    def test_words_postgres_would_parse_whole_are_split_like_ours(self, backend):
        text = "See https://example.org/report and info@example.org on self-determination."
        backend.index_document(make_document(slug="url", sections=[("U", text)]).pk)
        # Our words: "example.org" keeps its inner dot; "self-determination" is two words.
        for q in ("example.org", '"example.org report"', "info", '"self determination"'):
            assert self.search(backend, q).total == 1, q

    def test_rank_prefers_the_rarer_word(self, backend):
        common = " ".join(["council"] * 3)
        make = make_document
        a = make(slug="a", sections=[("A", f"{common} and one zebra.")])
        b = make(slug="b", sections=[("B", f"{common} {common} again.")])
        c = make(slug="c", sections=[("C", f"The {common}.")])
        backend.index_documents([a.pk, b.pk, c.pk])
        assert self.search(backend, "council zebra").hits[0].document_slug == "a"


@pytest.mark.django_db
def test_an_import_writes_each_entry_about_once(monkeypatch, settings):
    """Every note save reaches the index inside the transaction, one entry at a time."""
    settings.SEARCH_BACKENDS = {
        "default": {"BACKEND": "search.backends.postgres.PostgresSearchBackend"}
    }
    written = []
    original = PostgresSearchBackend._replace

    def counting(self, cursor, old_ids, entries):
        written.extend(e.id for e in entries)
        return original(self, cursor, old_ids, entries)

    monkeypatch.setattr(PostgresSearchBackend, "_replace", counting)
    notes = {str(i): f"Note {i} on the okapi." for i in range(1, 61)}
    doc = make_document(slug="many", sections=[("S", "Text.")], notes=notes)
    assert IndexEntry.objects.filter(document=doc).count() == 61  # no commit needed
    assert len(written) <= 2 * 61
    assert new_backend().search("okapi").total == 60
