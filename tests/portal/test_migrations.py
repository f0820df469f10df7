"""0003 moves the source files on disk into the database, keeping which row used which."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("portal", "0002_upload")]
AFTER = [("portal", "0003_documents_and_sources")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_files_on_disk_become_source_rows():
    apps = _migrate(BEFORE)
    Document = apps.get_model("portal", "Document")
    Upload = apps.get_model("portal", "Upload")
    name = default_storage.save("sources/2026/report.md", ContentFile(b"# Report\n\nText.\n"))
    kept = Document.objects.create(slug="report", title="Report", source_file=name)
    lost = Document.objects.create(slug="lost", title="Lost", source_file="sources/gone.md")
    upload = Upload.objects.create(original_name="report.md", sha256="x", file=name)
    try:
        apps = _migrate(AFTER)
        Document = apps.get_model("portal", "Document")
        SourceFile = apps.get_model("portal", "SourceFile")
        source = SourceFile.objects.get()
        assert bytes(source.data) == b"# Report\n\nText.\n" and source.size == 16
        assert Document.objects.get(pk=kept.pk).source_id == source.pk
        assert Document.objects.get(pk=lost.pk).source_id is None  # its file was already gone
        assert apps.get_model("portal", "Upload").objects.get(pk=upload.pk).source_id == source.pk
    finally:
        _migrate_to_latest()


def _migrate_to_latest() -> None:
    """Leave every app migrated, as the other tests expect (going back unapplied some)."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
