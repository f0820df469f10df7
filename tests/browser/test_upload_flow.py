"""The whole upload flow as an administrator, in a real browser.

Log in, upload a DOCX, watch the background parse (a django_tasks_db worker run
from the test), review the preview and its warnings, publish and read the
confirmation, find the document by a phrase search, edit its title in the admin,
re-upload a corrected version (a heading renamed), see the kept title beside the
file's and the renamed section, publish again, and follow an old section link that
now redirects.
"""

from __future__ import annotations

import io
import re
import subprocess
import zipfile

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from playwright.sync_api import expect

from tests.portal.roundtrip import require

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REPORT = """---
title: 'Water Under Siege'
author: ['Centre for Truth and Justice']
date: '2021-05-01'
---

# Introduction

The mission visited the region in May.[^1]

# Findings

The pumping station beside the reservoir was shelled at dawn.[^2] Families fled south.[^3]

[^1]: Mission log, 3 May 2021.
[^2]: Photographs on file.
[^3]: UNHCR figures for May.
"""


def _docx(tmp_path, markdown: str, name: str) -> bytes:
    """Pandoc's DOCX of ``markdown``, with note 3's text removed to give a parser warning."""
    require("pandoc")
    src = tmp_path / f"{name}.md"
    src.write_text(markdown)
    out = tmp_path / f"{name}.docx"
    subprocess.run(["pandoc", "-f", "markdown-smart", str(src), "-o", str(out)], check=True)
    buf = io.BytesIO()
    with zipfile.ZipFile(out) as zin, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item)
            if item.filename == "word/footnotes.xml":
                data = data.replace(b"UNHCR figures for May.", b"")
            zout.writestr(item, data)
    path = tmp_path / f"{name}-final.docx"
    path.write_bytes(buf.getvalue())
    return path


def _run_worker() -> None:
    call_command(
        "db_worker", "--batch", "--backend", "background", "--queue-name", "*",
        "--no-startup-delay", verbosity=0,
    )  # fmt: skip


def _upload_and_review(page, path) -> None:
    page.goto("/admin/portal/upload/new/")
    page.set_input_files("input[type=file]", str(path))
    page.get_by_role("button", name="Upload and parse").click()
    progress = page.locator(".upload-progress")
    expect(progress).to_be_visible()
    expect(progress).to_have_attribute("data-status", re.compile("queued|parsing"))
    _run_worker()
    expect(page.locator("#publish-form")).to_be_visible(timeout=15000)


def test_admin_uploads_previews_publishes_and_republishes(page, settings, tmp_path):
    settings.TASKS = {
        "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"},
        "background": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    }
    User.objects.create_superuser("admin", "admin@example.org", "correct horse")
    page.goto("/admin/login/?next=/admin/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", "correct horse")
    page.get_by_role("button", name=re.compile("Log in")).click()
    page.goto("/admin/portal/document/")
    page.get_by_role("link", name="Upload documents").click()
    expect(page).to_have_url(re.compile(r"/admin/portal/upload/new/$"))

    _upload_and_review(page, _docx(tmp_path, REPORT, "report"))
    expect(page.locator("#warnings")).to_contain_text("Note 3 is cited in the text")
    expect(page.locator("#sections")).to_contain_text("Findings")
    expect(page.locator("#changes")).to_contain_text("New document")
    page.fill("#id_slug", "water-under-siege")
    page.get_by_role("button", name="Publish").click()
    confirmation = page.locator("#published")
    expect(confirmation).to_contain_text("Published a new document")
    expect(confirmation).to_contain_text("/d/water-under-siege/")
    expect(page.locator(".breadcrumbs")).to_have_css("background-color", "rgb(38, 75, 93)")
    # The upload pages' own styles pass the Content-Security-Policy (nonce).
    expect(confirmation).to_have_css("border-top-style", "solid")
    confirmation.get_by_role("link", name="Read it").click()
    expect(page).to_have_url(re.compile(r"/d/water-under-siege/$"))
    expect(page.locator("h1").first).to_contain_text("Water Under Siege")

    hits = page.request.get('/api/search?q="shelled at dawn"').json()
    assert [h["document"]["slug"] for h in hits["hits"]][:1] == ["water-under-siege"]

    page.goto("/admin/portal/document/")
    page.get_by_role("link", name="Water Under Siege").first.click()
    page.fill("#id_title", "Water Under Siege: Field Report")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    corrected = REPORT.replace("# Findings", "# What the mission found")
    _upload_and_review(page, _docx(tmp_path, corrected, "report-v2"))
    expect(page.locator("#changes")).to_contain_text("Replaces")
    kept = page.locator("#changes-kept")
    expect(kept.locator(".kept")).to_have_text("Water Under Siege: Field Report")
    expect(kept.locator(".from-file")).to_have_text("Water Under Siege")
    expect(page.locator("#id_title")).to_have_value("Water Under Siege: Field Report")
    expect(page.locator("#choice-title")).to_contain_text("Use the file’s “Water Under Siege”")
    renamed = page.locator("#changes-renamed")
    expect(renamed).to_contain_text("“Findings” → “What the mission found”")
    expect(page.locator("#changes-redirects")).to_contain_text("#findings")
    expect(page.locator(".upload-grid")).to_have_css("display", "grid")
    page.get_by_role("button", name="Publish").click()
    expect(page.locator("#id_slug + .errorlist, .errorlist")).to_contain_text("Replace")
    page.get_by_label("Replace the document at this address").check()
    page.get_by_role("button", name="Publish").click()
    confirmation = page.locator("#published")
    expect(confirmation).to_contain_text("Replaced the document")
    expect(page.locator("#published-redirects")).to_contain_text("/s/findings/")
    expect(page.locator("#published-redirects")).to_contain_text("/s/what-the-mission-found/")

    page.goto("/d/water-under-siege/")
    expect(page.locator("h1").first).to_have_text("Water Under Siege: Field Report")
    page.goto("/d/water-under-siege/s/findings/")
    expect(page).to_have_url(re.compile(r"/d/water-under-siege/s/what-the-mission-found/"))
    expect(page.locator("main")).to_contain_text("shelled at dawn")
