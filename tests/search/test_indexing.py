"""The index follows the database after commit: ingest, edit, unpublish, delete, failures."""

import threading

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import transaction

from portal.models import Document
from search.backends import search_backends
from search.backends.whoosh import WhooshSearchBackend
from tests.factories import make_document

WHOOSH = "search.backends.whoosh.WhooshSearchBackend"

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _whoosh(settings):
    """The signal path into Whoosh, on any database (PostgreSQL's: test_postgres_backend.py)."""
    default = settings.SEARCH_BACKENDS["default"]
    settings.SEARCH_BACKENDS = {"default": {**default, "BACKEND": WHOOSH}}


def total(q: str) -> int:
    return search_backends["default"].search(q).total


def test_import_edit_unpublish_delete_follow_the_database():
    doc = make_document(slug="d", sections=[("S", "The aardvark report.")])
    assert total("aardvark") == 1
    doc.title = "Renamed"
    doc.save()
    assert search_backends["default"].compare_with_database() == []
    doc.status = Document.Status.DRAFT
    doc.save()
    assert total("aardvark") == 0
    doc.status = Document.Status.PUBLISHED
    doc.save()
    assert total("aardvark") == 1
    doc.delete()
    assert total("aardvark") == 0


def test_a_section_or_note_edited_on_its_own_is_reindexed_once(monkeypatch):
    doc = make_document(
        slug="d",
        sections=[("S", "The aardvark report."), ("T", "More text.")],
        notes={"1": "A note."},
    )
    calls = []
    original = WhooshSearchBackend.index_document
    monkeypatch.setattr(
        WhooshSearchBackend,
        "index_document",
        lambda self, pk: calls.append(pk) or original(self, pk),
    )
    with transaction.atomic():
        for section in doc.sections.all():
            section.text = section.text.replace("aardvark", "okapi")
            section.save()
        note = doc.footnotes.get()
        note.text = "An okapi note."
        note.save()
    assert calls == [doc.pk]  # two sections and a note: one re-index after commit
    assert total("okapi") == 2 and total("aardvark") == 0


def test_an_update_after_a_rolled_back_transaction_is_not_lost():
    doc = make_document(slug="d", sections=[("S", "The aardvark report.")])
    section = doc.sections.get()
    with pytest.raises(RuntimeError), transaction.atomic():
        section.text = "The okapi report."
        section.save()
        raise RuntimeError
    section.refresh_from_db()
    section.text = "The zebra report."
    section.save()
    assert total("zebra") == 1 and total("okapi") == 0


def test_nothing_is_indexed_when_the_transaction_rolls_back():
    with pytest.raises(RuntimeError), transaction.atomic():
        make_document(slug="d", sections=[("S", "The aardvark report.")])
        raise RuntimeError
    assert total("aardvark") == 0


def test_failed_index_write_is_logged_and_the_database_kept(monkeypatch, caplog):
    def fail(self, document_id):
        raise OSError("disk full")

    monkeypatch.setattr(WhooshSearchBackend, "index_document", fail)
    doc = make_document(slug="d", sections=[("S", "The aardvark report.")])
    assert Document.objects.filter(pk=doc.pk).exists()
    assert "Could not update the default search index" in caplog.text
    monkeypatch.undo()
    assert search_backends["default"].compare_with_database()  # the index says what it misses
    call_command("rebuild_index", verbosity=0)
    assert total("aardvark") == 1


def test_concurrent_writers_lose_no_update():
    docs = [make_document(slug=f"d{i}", sections=[("S", f"word{i} shared")]) for i in range(6)]
    for doc in docs:
        search_backends["default"].delete_document(doc.pk)
    assert total("shared") == 0
    # Separate backends stand for separate gunicorn workers (each takes the file lock).
    workers = [
        WhooshSearchBackend("default", settings.SEARCH_BACKENDS["default"]) for _ in range(3)
    ]
    threads = [
        threading.Thread(target=w.index_documents, args=([d.pk for d in docs[i::3]],))
        for i, w in enumerate(workers)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert total("shared") == 6
    assert search_backends["default"].compare_with_database() == []


def test_check_index_command_exit_status(capsys):
    doc = make_document(slug="d", sections=[("S", "The aardvark report.")])
    call_command("check_index")
    doc.sections.update(text="changed quietly")
    with pytest.raises(CommandError) as exc:
        call_command("check_index")
    assert exc.value.returncode == 1
    assert "stale: s:" in capsys.readouterr().err


def test_one_index_write_per_document_per_import(monkeypatch):
    calls = []
    original = WhooshSearchBackend.index_document
    monkeypatch.setattr(
        WhooshSearchBackend,
        "index_document",
        lambda self, pk: calls.append(pk) or original(self, pk),
    )
    first = make_document(slug="a", sections=[("S", "One."), ("T", "Two.")], notes={"1": "N."})
    second = make_document(slug="b", sections=[("S", "Three.")], notes={"1": "M.", "2": "O."})
    assert calls == [first.pk, second.pk]
    # A corrected re-import of the same slug: again once.
    make_document(slug="a", sections=[("S", "One, corrected."), ("T", "Two.")])
    assert calls == [first.pk, second.pk, first.pk]
    assert total("corrected") == 1


def test_in_database_backends_are_written_inside_the_transaction(monkeypatch):
    seen = []
    monkeypatch.setattr(WhooshSearchBackend, "index_in_transaction", True)
    monkeypatch.setattr(
        WhooshSearchBackend,
        "index_document",
        lambda self, pk: seen.append((pk, transaction.get_connection().in_atomic_block)),
    )
    doc = make_document(slug="d", sections=[("S", "The aardvark report.")])
    assert seen and all(pk == doc.pk and inside for pk, inside in seen)
    with transaction.atomic():
        doc.sections.get().delete()
    assert len([1 for pk, _inside in seen if pk == doc.pk]) > 1
