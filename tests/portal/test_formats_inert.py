"""Hostile markup in any format ends as inert text: no script, handler or javascript: link."""

from __future__ import annotations

import re
import subprocess

import pytest

from portal.ingest import parse_bytes
from portal.ingest.load import import_parsed_document
from portal.models import Footnote, Section

from .roundtrip import require

HOSTILE_HTML = b"""<!doctype html><html><head><title>Hostile</title>
<script>alert('head')</script></head><body>
<h1 onclick="steal()">Hostile</h1>
<p>Before <script>alert('x')</script> after.<sup><a href="#fn1" id="r1">1</a></sup></p>
<p><img src="x" onerror="alert(1)"> <a href="javascript:alert(2)">click me</a></p>
<p>Quoted &lt;script&gt;alert(3)&lt;/script&gt; as text.</p>
<ol><li id="fn1">Note with <a href="javascript:alert(4)">a link</a>.
<a href="#r1" role="doc-backlink">back</a></li></ol></body></html>"""

HOSTILE_MD = b"""# Hostile

Before <script>alert('x')</script> after.[^1] <img src=x onerror="alert(1)">
A [link](javascript:alert(2)) and <a href="javascript:alert(5)">raw</a>.

Quoted `<script>alert(3)</script>` as text.

[^1]: Note with [a link](javascript:alert(4)) and <b onmouseover="x()">bold</b>.
"""

HOSTILE_TXT = (
    b"Hostile\n\nBefore <script>alert('x')</script> after. <img src=x onerror=\"alert(1)\">\n\n"
    b"javascript:alert(2)\n"
)


def _docx_from_html(tmp_path) -> bytes:
    require("pandoc")
    src = tmp_path / "hostile.html"
    src.write_bytes(HOSTILE_HTML)
    out = tmp_path / "hostile.docx"
    subprocess.run(["pandoc", str(src), "-o", str(out)], check=True, capture_output=True)
    return out.read_bytes()


# Data blocks Django's json_script writes (never executed, their content escaped).
_JSON_DATA = re.compile(r'<script id="[\w-]+" type="application/json">[^<]*</script>')


def _assert_inert(html: str) -> None:
    assert "<script" not in _JSON_DATA.sub("", html).lower()
    assert not re.search(r"<[^>]+\son\w+\s*=", html, re.I), html
    assert not re.search(r"href\s*=\s*[\"']?\s*javascript:", html, re.I), html
    assert "<img" not in html.lower()


@pytest.mark.parametrize("fmt", ["html", "md", "txt", "docx"])
def test_hostile_content_is_inert(db, client, tmp_path, fmt):
    data = {"html": HOSTILE_HTML, "md": HOSTILE_MD, "txt": HOSTILE_TXT}.get(fmt) or _docx_from_html(
        tmp_path
    )
    parsed = parse_bytes(data, name=f"hostile.{fmt}")
    doc = import_parsed_document(parsed, slug="hostile").document
    for section in Section.objects.filter(document=doc):
        _assert_inert(section.html)
    for note in Footnote.objects.filter(document=doc):
        _assert_inert(note.html)
    page = client.get(doc.get_absolute_url())
    assert page.status_code == 200
    body = page.content.decode()
    main = body[body.find("<main") : body.find("</main>")]
    _assert_inert(main)
    for url in (f"/d/{doc.slug}/export.md", f"/d/{doc.slug}/export.json"):
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"].startswith(
            ("text/markdown", "application/json")
        )


def test_text_of_scripts_in_text_formats_stays_visible_as_text(db):
    parsed = parse_bytes(HOSTILE_TXT, name="hostile.txt")
    text = " ".join(s.text for s in parsed.sections)
    assert "<script>" in text  # shown to readers as literal characters, escaped on output
    html = import_parsed_document(parsed, slug="t").document.sections.first().html
    assert "&lt;script&gt;" in html
