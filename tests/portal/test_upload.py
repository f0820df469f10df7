"""The staff upload flow: upload, background parse with progress, preview, publish, re-upload."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from portal.models import Document, SectionAlias, Upload

DATA = Path(__file__).resolve().parent.parent / "data"

V1 = b"""---
title: 'Field Report'
author: ['Centre for Truth']
date: '2021-05-01'
---

# Introduction

The mission visited the region in May.[^1]

# Findings

Shelling damaged the water station.[^2]

[^1]: Mission log, 3 May 2021.
[^2]: Photographs on file.
"""
V2 = V1.replace(b"# Findings", b"# What the mission found")


@pytest.fixture
def staff(db) -> User:
    user = User.objects.create_user("editor", password="pw", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["add_document", "change_document"])
    )
    return user


@pytest.fixture
def editor(client, staff):
    client.force_login(staff)
    return client


def after_commit_indexing() -> bool:
    """Whether a backend indexes after commit (Whoosh) rather than inside it (PostgreSQL)."""
    from search.backends import search_backends

    return any(not b.index_in_transaction for b in search_backends.all())


@pytest.fixture
def signals(monkeypatch):
    """The documents re-indexed after commit, one entry per index write."""
    import search.signals

    sent = []
    task = search.signals.update_document_index

    class Recording:
        def enqueue(self, document_id):
            sent.append(document_id)
            return task.enqueue(document_id=document_id)

    monkeypatch.setattr(search.signals, "update_document_index", Recording())
    return sent


def upload(client, name, data, capture):
    with capture(execute=True):
        return client.post(
            reverse("admin:portal_upload_new"), {"files": [SimpleUploadedFile(name, data)]}
        )


def preview_url(u: Upload) -> str:
    return reverse("admin:portal_upload_preview", args=[u.pk])


def publish(client, u: Upload, capture, **changes):
    meta = dict(u.parsed["meta"], authors="\n".join(u.parsed["meta"]["authors"]))
    meta.update(changes)
    with capture(execute=True):
        return client.post(preview_url(u), {**meta, "publish": "Publish"})


def test_upload_parses_previews_and_publishes(
    editor, staff, django_capture_on_commit_callbacks, signals
):
    response = upload(editor, "report.md", V1, django_capture_on_commit_callbacks)
    u = Upload.objects.get()
    assert response.status_code == 302 and response["Location"] == preview_url(u)
    assert u.status == Upload.Status.READY and u.progress == 100
    page = editor.get(preview_url(u))
    assert page.status_code == 200
    assert b"Introduction" in page.content and b"Mission log" in page.content
    assert b"New document" in page.content
    response = publish(editor, u, django_capture_on_commit_callbacks, title="Field Report 2021")
    doc = Document.objects.get()
    assert response.status_code == 302 and response["Location"] == preview_url(u)
    assert doc.title == "Field Report 2021" and doc.is_published
    assert doc.uploaded_by == staff and doc.source_sha256 == u.sha256
    assert doc.source.read() == V1 and doc.source == u.source
    assert doc.footnotes.count() == 2
    assert signals == ([doc.pk] if after_commit_indexing() else [])
    assert doc.edited_fields == ["title"]  # changed in the preview: kept by later imports
    u.refresh_from_db()
    assert u.status == Upload.Status.PUBLISHED and u.document == doc
    confirmation = editor.get(preview_url(u)).content.decode()
    assert "Published a new document" in confirmation
    assert f'href="{doc.get_absolute_url()}"' in confirmation and "export.md" in confirmation


def test_reupload_shows_changes_and_redirects_old_anchor(
    editor, django_capture_on_commit_callbacks
):
    upload(editor, "report.md", V1, django_capture_on_commit_callbacks)
    publish(editor, Upload.objects.get(), django_capture_on_commit_callbacks)
    upload(editor, "report-v2.md", V2, django_capture_on_commit_callbacks)
    u2 = Upload.objects.latest("pk")
    page = editor.get(preview_url(u2)).content.decode()
    assert "Replaces “Field Report”" in page
    assert "What the mission found" in page and "#findings" in page
    assert 'id="changes-renamed"' in page and "“Findings” → “What the mission found”" in page
    # Another file with the same title is only proposed: publishing needs "Replace" ticked.
    response = publish(editor, u2, django_capture_on_commit_callbacks)
    assert response.status_code == 400 and "tick “Replace”" in response.content.decode()
    publish(editor, u2, django_capture_on_commit_callbacks, replace="on")
    doc = Document.objects.get()
    alias = SectionAlias.objects.get(document=doc, anchor="findings")
    assert alias.section.anchor == "what-the-mission-found"


def test_identical_reupload_is_recognised(editor, django_capture_on_commit_callbacks):
    upload(editor, "report.md", V1, django_capture_on_commit_callbacks)
    u1 = Upload.objects.get()
    publish(editor, u1, django_capture_on_commit_callbacks, slug="field-notes")
    upload(editor, "copy.md", V1, django_capture_on_commit_callbacks)
    u2 = Upload.objects.latest("pk")
    assert u2.parsed["meta"]["slug"] == "field-notes"
    assert "same file" in editor.get(preview_url(u2)).content.decode()


def test_slug_change_refreshes_the_change_summary(editor, django_capture_on_commit_callbacks):
    upload(editor, "report.md", V1, django_capture_on_commit_callbacks)
    u = Upload.objects.get()
    publish(editor, u, django_capture_on_commit_callbacks)
    upload(editor, "v2.md", V2, django_capture_on_commit_callbacks)
    u2 = Upload.objects.latest("pk")
    url = preview_url(u2) + "?part=changes&slug=something-else"
    response = editor.get(url, headers={"HX-Request": "true"})
    assert b"<html" not in response.content and b"New document" in response.content


def test_progress_is_polled_then_the_page_refreshes(editor, staff):
    u = Upload.objects.create(original_name="big.pdf", sha256="x", uploaded_by=staff, progress=40)
    response = editor.get(preview_url(u), headers={"HX-Request": "true"})
    assert b"<html" not in response.content and b"40%" in response.content
    assert b'hx-trigger="every 1s"' in response.content
    Upload.objects.filter(pk=u.pk).update(status=Upload.Status.READY, parsed={"x": 1})
    response = editor.get(preview_url(u), headers={"HX-Request": "true"})
    assert response["HX-Refresh"] == "true"


def test_several_files_at_once(editor, django_capture_on_commit_callbacks):
    files = [SimpleUploadedFile("a.md", V1), SimpleUploadedFile("b.md", V2)]
    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(reverse("admin:portal_upload_new"), {"files": files})
    assert response.status_code == 200
    assert Upload.objects.filter(status=Upload.Status.READY).count() == 2


def test_discard_publishes_nothing(editor, django_capture_on_commit_callbacks):
    upload(editor, "report.md", V1, django_capture_on_commit_callbacks)
    u = Upload.objects.get()
    editor.post(preview_url(u), {"discard": "Discard"})
    u.refresh_from_db()
    assert u.status == Upload.Status.DISCARDED and not Document.objects.exists()


def test_failed_publish_rolls_back(
    editor, django_capture_on_commit_callbacks, signals, monkeypatch
):
    upload(editor, "report.md", V1, django_capture_on_commit_callbacks)
    u = Upload.objects.get()

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("portal.ingest.load._store_footnotes", broken)
    editor.raise_request_exception = True
    with pytest.raises(RuntimeError):
        publish(editor, u, django_capture_on_commit_callbacks)
    u.refresh_from_db()
    assert not Document.objects.exists() and signals == []
    assert u.status == Upload.Status.READY


def test_document_changelist_links_to_upload(client, db):
    admin = User.objects.create_superuser("root", password="pw")
    client.force_login(admin)
    page = client.get(reverse("admin:portal_document_changelist")).content.decode()
    assert reverse("admin:portal_upload_new") in page


def test_admin_pages_render(client, db):
    from tests.factories import make_document

    doc = make_document(slug="report", notes={"1": "A note."}, refs={"introduction": [("1", 4)]})
    client.force_login(User.objects.create_superuser("root", password="pw"))
    for model in ("document", "section", "footnote", "footnoteref", "sectionalias", "upload"):
        url = reverse(f"admin:portal_{model}_changelist")
        assert client.get(url, {"q": "report"}).status_code == 200, model
    page = client.get(reverse("admin:portal_document_change", args=[doc.pk]))
    assert page.status_code == 200 and b"export.md" in page.content
    assert client.get(reverse("admin:portal_upload_add")).status_code == 302
    assert reverse("admin:portal_upload_changelist").encode() in client.get("/admin/").content


def test_the_summary_survives_the_upload_round_trip(editor, django_capture_on_commit_callbacks):
    abstract = b"date: '2021-05-01'\nabstract: 'What the mission saw.'"
    data = V1.replace(b"date: '2021-05-01'", abstract)
    upload(editor, "report.md", data, django_capture_on_commit_callbacks)
    u = Upload.objects.get()
    assert u.parsed["summary"] == "What the mission saw."
    assert u.parsed["meta"]["summary"] == "What the mission saw."
    publish(editor, u, django_capture_on_commit_callbacks)
    assert Document.objects.get().summary == "What the mission saw."


def test_an_edited_title_is_kept_beside_the_files_on_reupload(
    editor, django_capture_on_commit_callbacks
):
    upload(editor, "report.md", V1, django_capture_on_commit_callbacks)
    publish(editor, Upload.objects.get(), django_capture_on_commit_callbacks)
    doc = Document.objects.get()
    admin_url = reverse("admin:portal_document_change", args=[doc.pk])
    form = editor.get(admin_url).context["adminform"].form
    data = {bf.html_name: bf.value() for bf in form if bf.value() is not None}
    # What the browser posts for fields with a callable default (authors, warnings).
    data |= {bf.html_initial_name: bf.value() for bf in form if bf.field.show_hidden_initial}
    data |= {"title": "Field Report: Findings"}
    data |= {f"{p}-{k}": v for p in ("sections", "footnotes") for k, v in _empty_inline().items()}
    assert editor.post(admin_url, data).status_code == 302
    doc.refresh_from_db()
    assert doc.title == "Field Report: Findings" and doc.edited_fields == ["title"]
    upload(editor, "report.md", V2, django_capture_on_commit_callbacks)
    u2 = Upload.objects.latest("pk")
    assert u2.parsed["meta"]["title"] == "Field Report: Findings"
    page = editor.get(preview_url(u2)).content.decode()
    assert 'id="changes-kept"' in page and "Keep “Field Report: Findings”" in page
    assert "Use the file’s “Field Report”" in page
    publish(editor, u2, django_capture_on_commit_callbacks, replace="on", use_file_title="kept")
    doc.refresh_from_db()
    assert doc.title == "Field Report: Findings" and doc.edited_fields == ["title"]
    assert doc.sections.filter(heading="What the mission found").exists()


def _empty_inline() -> dict:
    return {"TOTAL_FORMS": "0", "INITIAL_FORMS": "0", "MIN_NUM_FORMS": "0", "MAX_NUM_FORMS": "0"}
