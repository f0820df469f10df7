"""Upload and document sources live in the database: any server reads them, none is orphaned."""

import pytest

from portal.models import Document, SourceFile, Upload
from portal.uploads.changes import summarize
from portal.uploads.services import create_upload, discard, parse_stored_upload
from tests.factories import make_document, parsed_document

pytestmark = pytest.mark.django_db

MD = b"# Field Report\n\nThe mission visited the region in May.\n"


def test_another_server_parses_an_upload_without_the_first_ones_disk(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "server-a"
    upload = create_upload("report.md", MD, user=None)
    settings.MEDIA_ROOT = tmp_path / "server-b"  # the worker runs elsewhere
    parse_stored_upload(upload.pk)
    upload.refresh_from_db()
    assert upload.status == Upload.Status.READY and upload.parsed["title"] == "Field Report"
    assert not (tmp_path / "server-a").exists() and not (tmp_path / "server-b").exists()


def test_one_stored_copy_per_content_removed_with_its_last_user():
    first = create_upload("report.md", MD, user=None)
    second = create_upload("copy.md", MD, user=None)
    assert first.source_id == second.source_id and SourceFile.objects.count() == 1
    assert first.source.read() == MD
    discard(first)
    assert SourceFile.objects.count() == 1  # the second upload still uses it
    second.delete()
    assert SourceFile.objects.count() == 0


def test_a_documents_source_goes_with_the_document():
    from portal.ingest.load import import_parsed_document

    result = import_parsed_document(parsed_document(), source=MD, source_name="r.md")
    assert result.document.source.read() == MD
    result.document.delete()
    assert not SourceFile.objects.exists() and not Document.objects.exists()


def test_a_failed_parse_keeps_no_file():
    upload = create_upload("report.md", MD, user=None)
    Upload.objects.filter(pk=upload.pk).update(source_format="pdf")  # the PDF reader refuses it
    parse_stored_upload(upload.pk)
    upload.refresh_from_db()
    assert upload.status == Upload.Status.FAILED and upload.error
    assert upload.source is None and not SourceFile.objects.exists()


def test_the_change_summary_names_moved_and_renamed_sections():
    sections = [
        ("Introduction", "The war began in September."),
        ("Findings", "Civilians were targeted."),
        ("Method", "We interviewed forty people."),
        ("Conclusion", "Impunity fuels future crimes."),
    ]
    document = make_document(slug="report", sections=sections)
    corrected = [sections[0], sections[2], ("What we found", sections[1][1]), sections[3]]
    summary = summarize(document, parsed_document(sections=corrected), identical_file=False)
    assert summary.renamed == [("Findings", "What we found")]
    assert summary.moved == [] and summary.new == [] and summary.gone == []
    reordered = [sections[0], sections[2], sections[1], sections[3]]
    summary = summarize(document, parsed_document(sections=reordered), identical_file=False)
    assert len(summary.moved) == 1 and summary.moved[0] in {"Findings", "Method"}
    assert set(summary.unchanged) | set(summary.moved) == {h for h, _ in sections}
    assert not summary.changed and not summary.renamed


def test_staff_download_a_documents_source_from_the_database(client, settings, tmp_path):
    from django.contrib.auth.models import User
    from django.urls import reverse

    from portal.ingest.load import import_parsed_document

    document = import_parsed_document(parsed_document(), source=MD, source_name="r.md").document
    url = reverse("admin:portal_document_source", args=[document.pk])
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(User.objects.create_superuser("root", password="pw"))
    settings.MEDIA_ROOT = tmp_path / "elsewhere"
    response = client.get(url)
    assert response.status_code == 200 and response.content == MD
    assert response["Content-Disposition"] == 'attachment; filename="r.md"'
    page = client.get(reverse("admin:portal_document_change", args=[document.pk])).content
    assert url.encode() in page
