"""Every refused file gets one sentence, and nothing is stored: no upload, no file, no document,
no index change. Only staff with the document permissions reach any upload URL."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader, PdfWriter

from portal.models import Document, Upload
from tests.factories import make_document

DATA = Path(__file__).resolve().parent.parent / "data"


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _encrypted_pdf() -> bytes:
    writer = PdfWriter(clone_from=PdfReader(DATA / "pdf" / "report.pdf"))
    writer.encrypt(user_password="secret", owner_password="owner")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def _blank_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


REJECTIONS = {
    "empty": (b"", "empty.txt", "The file is empty"),
    "blank": (b"   \n\n  ", "blank.md", "The file is empty"),
    "binary": (bytes(range(256)) * 8, "photo.jpg", "not a document Lectern can read"),
    "damaged zip": (b"PK\x03\x04" + b"\x00" * 200, "broken.docx", "damaged"),
    "not word": (_zip({"readme.txt": b"hello"}), "archive.zip", "not a document Lectern reads"),
    "odt": (
        _zip({"content.xml": b"<x/>", "mimetype": b"x"}),
        "a.odt",
        "not a document Lectern reads",
    ),
    "zip bomb": (
        _zip({"word/document.xml": b"<w/>", "word/media/big.bin": b"\0" * (60 * 1024 * 1024)}),
        "bomb.docx",
        "zip bomb",
    ),
    "encrypted pdf": (_encrypted_pdf(), "locked.pdf", "encrypted with a password"),
    "scanned pdf": (_blank_pdf(), "scan.pdf", "needs OCR"),
}


@pytest.fixture
def editor(client, db):
    user = User.objects.create_user("editor", password="pw", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["add_document", "change_document"])
    )
    client.force_login(user)
    return client


def _snapshot(settings) -> tuple:
    media = Path(settings.MEDIA_ROOT)
    index = Path(settings.SEARCH_INDEX_DIR)
    files = lambda root: sorted(  # noqa: E731
        (str(p), p.stat().st_size) for p in root.rglob("*") if p.is_file()
    )
    return (
        Upload.objects.count(),
        list(Document.objects.values_list("slug", "title", "updated")),
        files(media) if media.exists() else [],
        files(index) if index.exists() else [],
    )


@pytest.mark.parametrize("case", list(REJECTIONS))
def test_rejected_file_stores_nothing(editor, settings, case, django_capture_on_commit_callbacks):
    make_document(slug="existing")
    data, name, message = REJECTIONS[case]
    before = _snapshot(settings)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = editor.post(
            reverse("admin:portal_upload_new"), {"files": [SimpleUploadedFile(name, data)]}
        )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert _snapshot(settings) == before and callbacks == []  # nothing to parse or index


def test_size_limit(editor, settings):
    settings.LECTERN_MAX_UPLOAD_BYTES = 1000
    data = b"# Title\n\n" + b"words " * 400
    response = editor.post(
        reverse("admin:portal_upload_new"), {"files": [SimpleUploadedFile("big.md", data)]}
    )
    assert "over the 1000 bytes limit" in response.content.decode()
    assert not Upload.objects.exists()


def test_other_encodings_are_detected(editor, django_capture_on_commit_callbacks):
    text = "Rapport sur la région\n\nLes délégués se réunirent à Genève.\n" * 20
    data = text.encode("cp1252")
    with django_capture_on_commit_callbacks(execute=True):
        editor.post(
            reverse("admin:portal_upload_new"), {"files": [SimpleUploadedFile("r.txt", data)]}
        )
    upload = Upload.objects.get()
    assert upload.status == Upload.Status.READY
    assert "Genève" in upload.parsed["sections"][0]["text"]


def _urls() -> list[str]:
    return [
        reverse("admin:portal_upload_new"),
        reverse("admin:portal_upload_preview", args=[1]),
        reverse("admin:portal_upload_changelist"),
    ]


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_is_sent_to_login(client, db, method):
    for url in _urls():
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], url


@pytest.mark.parametrize("method", ["get", "post"])
def test_non_staff_gets_no_access(client, db, method):
    client.force_login(User.objects.create_user("reader", password="pw"))
    for url in _urls():
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], url


def test_staff_without_document_permissions_is_refused(client, db):
    client.force_login(User.objects.create_user("intern", password="pw", is_staff=True))
    for url in _urls():
        assert client.get(url).status_code == 403, url
    files = {"files": [SimpleUploadedFile("a.md", b"# A\n\n# B\n\ntext")]}
    assert client.post(reverse("admin:portal_upload_new"), files).status_code == 403
    assert not Upload.objects.exists()


def test_forms_carry_csrf(editor):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(User.objects.get(username="editor"))
    files = {"files": [SimpleUploadedFile("a.md", b"# A\n\n# B\n\ntext")]}
    assert strict.post(reverse("admin:portal_upload_new"), files).status_code == 403
    assert b"csrfmiddlewaretoken" in editor.get(reverse("admin:portal_upload_new")).content
