"""Markdown and JSON export: the Markdown re-imports to the same headings, notes and markers."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from portal.export import _escape_line_start, document_json, document_markdown, escape_markdown
from portal.ingest import parse_bytes
from portal.models import Document
from tests.factories import make_document


@pytest.fixture
def corpus(db):
    call_command("load_corpus", verbosity=0)
    return list(Document.objects.order_by("slug"))


def _shape(parsed_json: dict) -> tuple:
    return (
        [(s["heading"], s["level"], s["text"]) for s in parsed_json["sections"]],
        [(n["label"], n["text"]) for n in parsed_json["footnotes"]],
        [(r["footnote"], r["section"], r["offset"]) for r in parsed_json["refs"]],
    )


def test_markdown_export_reimports_to_the_same_document(corpus):
    assert len(corpus) == 4
    for doc in corpus:
        again = parse_bytes(document_markdown(doc).encode(), fmt="md").to_json()
        assert again["title"] == doc.title
        assert again["authors"] == doc.authors and again["date"] == doc.date
        stored = document_json(doc)
        # Notes no marker cites cannot be told apart from cited ones in Markdown either.
        assert _shape(again) == _shape(stored), doc.slug


def test_export_views(client, db):
    doc = make_document(
        slug="report",
        sections=[("Introduction", "Text with a note here and *stars* and [brackets].")],
        notes={"1": "The note."},
        refs={"introduction": [("1", 16)]},
    )
    md = client.get(reverse("portal:document-export", args=[doc.slug, "md"]))
    assert md.status_code == 200 and md["Content-Type"].startswith("text/markdown")
    text = md.content.decode()
    assert "# Introduction" in text and "[^1]: The note." in text
    assert "Text with a note[^1] here and \\*stars\\* and \\[brackets\\]." in text
    data = json.loads(client.get(f"/d/{doc.slug}/export.json").content)
    assert data["refs"] == [{"footnote": "1", "section": "introduction", "offset": 16}]
    assert client.get(f"/d/{doc.slug}/export.xml").status_code == 404


def test_drafts_are_not_exported_to_readers(client, db):
    doc = make_document(slug="secret", status="draft")
    assert client.get(f"/d/{doc.slug}/export.md").status_code == 404


@pytest.mark.parametrize(
    "text",
    [
        "1. Not a list",
        "- not a bullet",
        "# not a heading",
        "a) b",
        "> no quote",
        "$5 and ^x^ @cite",
    ],
)
def test_escaping_keeps_text_literal(text):
    md = f"---\ntitle: 'T'\n---\n\n{_escape_line_start(escape_markdown(text))}\n"
    assert parse_bytes(md.encode(), fmt="md").sections[0].text == text
