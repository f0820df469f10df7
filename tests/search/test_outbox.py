"""The index cannot drift: owed writes are rows in the database, finished by the next process.

The last test kills real ``ingest`` processes (SIGKILL) at ten moments between parse and
index commit, and checks that the next search leaves the index in step, with no rebuild.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection, transaction

from portal.models import Document
from search import outbox
from search.backends import search_backends
from search.models import PendingIndex
from search.query import SearchParams
from search.service import run_search
from tests.factories import make_document

ROOT = Path(__file__).resolve().parents[2]
WHOOSH = "search.backends.whoosh.WhooshSearchBackend"

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _whoosh(settings):
    default = settings.SEARCH_BACKENDS["default"]
    settings.SEARCH_BACKENDS = {"default": {**default, "BACKEND": WHOOSH}}
    settings.SEARCH_OUTBOX_GRACE_SECONDS = 0


def total(q: str) -> int:
    return search_backends["default"].search(q).total


def test_a_written_index_leaves_no_pending_row():
    make_document(slug="d", sections=[("S", "The aardvark report.")])
    assert total("aardvark") == 1
    assert not PendingIndex.objects.exists()


def test_a_write_lost_after_commit_is_finished_by_the_next_search(monkeypatch):
    import search.signals

    class Lost:  # the process dies between the commit and the index write
        def enqueue(self, document_id):
            return None

    monkeypatch.setattr(search.signals, "update_document_index", Lost())
    doc = make_document(slug="d", sections=[("S", "The aardvark report.")])
    assert total("aardvark") == 0
    assert list(PendingIndex.objects.values_list("document_id", flat=True)) == [doc.pk]
    monkeypatch.undo()
    monkeypatch.setattr(outbox, "_last_poll", [0.0])
    results = run_search(SearchParams(q="aardvark"))
    assert results.total == 1
    assert not PendingIndex.objects.exists()
    assert search_backends["default"].compare_with_database() == []


def test_a_rolled_back_change_owes_nothing():
    with pytest.raises(RuntimeError), transaction.atomic():
        make_document(slug="d", sections=[("S", "The aardvark report.")])
        raise RuntimeError
    assert not PendingIndex.objects.exists()


HOLD_LOCK = """
import sys, time
from whoosh import index
writer = index.open_dir(sys.argv[1]).writer()
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
writer.cancel()
"""


def test_an_unpublish_while_another_process_holds_the_lock_is_absent_at_once(monkeypatch):
    import search.backends.whoosh as whoosh_backend

    doc = make_document(slug="d", sections=[("S", "The aardvark report.")])
    backend = search_backends["default"]
    live = backend.directory.live()
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(live), "30"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "locked"  # another process writes
        monkeypatch.setattr(whoosh_backend, "LOCK_TIMEOUT", 0.5)  # the write gives up soon
        monkeypatch.setattr(outbox, "_last_poll", [time.monotonic() + 3600])  # no catch-up
        doc.status = Document.Status.DRAFT
        doc.save()  # committed; its index write waited for the lock and gave up
        assert list(PendingIndex.objects.values_list("document_id", flat=True)) == [doc.pk]
        assert total("aardvark") == 1  # the index still holds the text...
        assert run_search(SearchParams(q="aardvark")).hits == []  # ...no page shows it
    finally:
        holder.kill()
        holder.wait()
    monkeypatch.setattr(outbox, "_last_poll", [0.0])
    assert run_search(SearchParams(q="aardvark")).hits == []
    assert total("aardvark") == 0  # the next search, lock free, finished the owed write
    assert not PendingIndex.objects.exists()


def _notes_document(path: Path, notes: int) -> None:
    body = [
        f"# Part {p}\n\n"
        + " ".join(f"Sentence {p}-{i} about aardvarks.[^{p * 100 + i}]" for i in range(1, 101))
        for p in range(notes // 100)
    ]
    defs = [
        f"[^{n}]: Note {n} on burrows."
        for p in range(notes // 100)
        for n in range(p * 100 + 1, p * 100 + 101)
    ]
    path.write_text("# Killed import\n\n" + "\n\n".join(body) + "\n\n" + "\n".join(defs) + "\n")


@pytest.mark.skipif(
    connection.vendor == "postgresql", reason="its own SQLite library in subprocesses: run once"
)
def test_imports_killed_at_ten_points_leave_the_index_in_step_without_a_rebuild(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "SEARCH_INDEX_DIR": str(tmp_path / "index"),
        "SEARCH_BACKEND": "whoosh",
        "SEARCH_OUTBOX_GRACE_SECONDS": "0",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]

    def run(*args, check=True):
        return subprocess.run(
            [*manage, *args], env=env, cwd=ROOT, capture_output=True, text=True, check=check
        )

    run("migrate", "-v0")
    doc = tmp_path / "notes.md"
    _notes_document(doc, 3000)
    started = time.monotonic()
    run("ingest", str(doc), "--slug", "killed")
    full = time.monotonic() - started
    for point in range(10):
        doc.write_text(doc.read_text().replace(f"version {point - 1}", "") + f"\nversion {point}\n")
        proc = subprocess.Popen(
            [*manage, "ingest", str(doc), "--slug", "killed"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(full * (0.35 + 0.065 * point))  # from parsing to just after the commit
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        # The next process to answer a search finishes what the killed one owed.
        search = run(
            "shell",
            "-c",
            "from search.models import PendingIndex; print('owed', PendingIndex.objects.count()); "
            "from search.service import run_search; from search.query import SearchParams; "
            "run_search(SearchParams(q='aardvark'))",
        )
        check = run("check_index", check=False)
        assert check.returncode == 0, (
            f"point {point}: {search.stdout} {search.stderr} {check.stderr}"
        )
