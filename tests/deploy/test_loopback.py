"""Two app servers on one PostgreSQL primary and its streaming standby, started here.

Each server has its own var directory; reader pages and searches read from the
standby (DATABASE_REPLICA_URL), writes go to the primary. What one server writes,
the other serves at once: new text, edited text, and an unpublished document's absence.
"""

from __future__ import annotations

import shutil

import pytest

from .loopback import (
    AppServer,
    load,
    pg_bindir,
    searches_and_reader_pages,
    two_servers,
    write_document,
)

pytestmark = [
    pytest.mark.loopback,
    pytest.mark.skipif(pg_bindir() is None, reason="PostgreSQL is not installed"),
    pytest.mark.skipif(shutil.which("runuser") is None, reason="needs runuser"),
]
# The must-show of issue 11: a bounded load of this many clients for this long.
LOAD_SECONDS, LOAD_CLIENTS = 60, 20


@pytest.fixture(scope="module")
def servers():
    with two_servers() as (root, a, b):
        yield root, a, b


def hits(server: AppServer, q: str) -> set[str]:
    return {hit["document"]["slug"] for hit in server.search(q)["hits"]}


def test_both_servers_are_healthy_and_read_the_standby(servers):
    _root, a, b = servers
    for server in (a, b):
        status, body = server.get("/healthz")
        assert status == 200, body
        assert b'"standby": true' in body


def test_ingest_through_a_is_found_through_b_then_edits_and_unpublish(servers):
    root, a, b = servers
    doc = write_document(root / "report.md", "Field Report", "quetzalcoatlite crystals")
    a.manage("ingest", str(doc), "--slug", "field-report")
    assert hits(b, "quetzalcoatlite") == {"field-report"}
    assert b.get("/d/field-report/")[0] == 200

    write_document(doc, "Field Report", "zirconolite grains")
    a.manage("ingest", str(doc), "--slug", "field-report")
    assert hits(b, "zirconolite") == {"field-report"}
    assert hits(b, "quetzalcoatlite") == set()

    a.manage("shell", "-c", UNPUBLISH.format(slug="field-report"))
    assert hits(b, "zirconolite") == set()
    assert hits(b, '"zirconolite grains"') == set()
    assert b.get("/d/field-report/")[0] == 404
    assert b.get("/d/field-report/s/findings/")[0] == 404
    assert b"/d/field-report/" not in b.get("/search/?q=zirconolite")[1]


UNPUBLISH = (
    "from portal.models import Document; d = Document.objects.get(slug='{slug}'); "
    "d.status = Document.Status.DRAFT; d.save()"
)


def test_no_server_error_under_load_with_an_ingest(servers, record_property):
    """20 clients for 60 s on both servers: searches and reader pages of the corpus,
    while A ingests a document; not one 5xx nor dropped connection."""
    root, a, b = servers
    a.manage("load_corpus", timeout=600)
    slugs = a.manage("shell", "-v", "0", "-c", SLUGS).stdout.split()
    late = write_document(root / "late.md", "Late Report", "obsidianite shards")

    def ingest_late():
        a.manage("ingest", str(late), "--slug", "late-report")

    paths = searches_and_reader_pages(slugs)
    report = load((a, b), LOAD_SECONDS, LOAD_CLIENTS, paths, during=ingest_late)
    print(f"\nloopback load: {report}")  # shown with -s or -rP
    record_property("load", str(report))
    assert not report.errors, report.errors[:5]
    assert not report.server_errors, report
    assert report.kinds["search"] and report.kinds["reader"], report
    assert report.total > 5 * LOAD_CLIENTS  # every client really ran
    assert hits(b, "obsidianite") == {"late-report"}


SLUGS = (
    "from portal.models import Document; "
    "print(*Document.objects.filter(status='published').values_list('slug', flat=True))"
)


UPLOAD = (
    "from pathlib import Path; from portal.tasks import parse_upload; "
    "from portal.uploads.services import create_upload; "
    "u = create_upload('{name}', Path('{path}').read_bytes(), None); "
    "parse_upload.enqueue(u.pk); print(u.pk)"
)
PUBLISH = (
    "from portal.models import Upload; from portal.uploads.services import publish; "
    "u = Upload.objects.get(pk={pk}); print(u.status, u.error); "
    "publish(u, u.parsed['meta'], None) if u.status == 'ready' else None"
)


def test_an_upload_through_a_is_parsed_by_b_worker_and_published(servers):
    """The source lives in the database: B's worker reads it with nothing on its own disk."""
    root, a, b = servers
    path = write_document(root / "upload.md", "Uploaded Report", "tourmalinite veins")
    pk = a.manage("shell", "-v", "0", "-c", UPLOAD.format(name="upload.md", path=path)).stdout
    path.unlink()  # neither server has the file any more
    b.manage("db_worker", "--queue-name", "*", "--backend", "background", "--batch")
    assert (
        b.manage("shell", "-v", "0", "-c", PUBLISH.format(pk=pk.strip())).stdout.split()[0]
        == "ready"
    )
    assert hits(a, "tourmalinite") == {"uploaded-report"}
    assert not list(b.var.rglob("*.md")), "B read the upload from its own disk"
