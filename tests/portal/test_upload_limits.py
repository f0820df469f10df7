"""A parse that runs too long is ended with a message, can be cancelled, and a dead worker's
upload does not show "parsing" forever."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse
from django.utils import timezone

from portal.models import Document, Upload
from portal.uploads.services import (
    STALL_SECONDS,
    create_upload,
    parse_stored_upload,
    recover_stalled_uploads,
)

LONG_TEXT = ("word " * 200 + "\n\n").encode() * 45_000  # 45 MB, no heading


@pytest.fixture
def staff(db) -> User:
    user = User.objects.create_user("editor", password="pw", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["add_document", "change_document"])
    )
    return user


@pytest.fixture
def small_limits(settings):
    settings.LECTERN_MAX_UPLOAD_BYTES = 60 * 1024 * 1024
    settings.LECTERN_PARSE_SECONDS = 2


def test_a_parse_over_its_time_limit_fails_with_the_message_and_the_next_one_runs(
    staff, small_limits, settings
):
    slow = create_upload("long.txt", LONG_TEXT, staff)
    parse_stored_upload(slow.pk)
    slow.refresh_from_db()
    assert slow.status == Upload.Status.FAILED
    assert "longer than the 2-second limit" in slow.error
    assert slow.source is None  # a rejected file is not kept
    settings.LECTERN_PARSE_SECONDS = 120  # the child's start alone can take 2 s on a busy machine
    quick = create_upload("next.md", b"# Next\n\nA paragraph.[^1]\n\n[^1]: A note.\n", staff)
    parse_stored_upload(quick.pk)
    quick.refresh_from_db()
    assert quick.status == Upload.Status.READY, quick.error
    assert Document.objects.count() == 0


def test_cancel_stops_a_queued_parse_and_stores_nothing(client, staff):
    client.force_login(staff)
    upload = create_upload("long.txt", b"# Title\n\nSome text.\n", staff)
    url = reverse("admin:portal_upload_preview", args=[upload.pk])
    page = client.get(url)
    assert b'name="cancel"' in page.content
    response = client.post(url, {"cancel": "1"})
    assert response.status_code == 302
    upload.refresh_from_db()
    assert upload.status == Upload.Status.FAILED
    assert upload.error.startswith("Cancelled by editor")
    parse_stored_upload(upload.pk)  # the queued task runs later and does nothing
    upload.refresh_from_db()
    assert upload.status == Upload.Status.FAILED and upload.parsed == {}


def test_cancel_of_a_finished_parse_changes_nothing(client, staff):
    client.force_login(staff)
    upload = create_upload("a.md", b"# Title\n\nSome text.\n", staff)
    parse_stored_upload(upload.pk)
    client.post(reverse("admin:portal_upload_preview", args=[upload.pk]), {"cancel": "1"})
    upload.refresh_from_db()
    assert upload.status == Upload.Status.READY


def test_an_upload_whose_worker_died_is_failed_with_a_message(staff):
    upload = create_upload("a.md", b"# Title\n\nSome text.\n", staff)
    stale = timezone.now() - timedelta(seconds=STALL_SECONDS + 5)
    Upload.objects.filter(pk=upload.pk).update(status=Upload.Status.PARSING, updated=stale)
    fresh = create_upload("b.md", b"# Other\n\nMore text.\n", staff)
    Upload.objects.filter(pk=fresh.pk).update(status=Upload.Status.PARSING)
    assert recover_stalled_uploads() == 1
    upload.refresh_from_db()
    fresh.refresh_from_db()
    assert upload.status == Upload.Status.FAILED
    assert "worker reading this file stopped" in upload.error
    assert fresh.status == Upload.Status.PARSING  # still reporting: left alone
