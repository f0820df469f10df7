"""The ``ingest`` and ``load_corpus`` commands (a contract: see DESIGN.md)."""

import json

import pytest
from django.core.management import CommandError, call_command

from portal.models import Document
from tests.conftest import corpus_file

pytestmark = pytest.mark.django_db


def run_json(capsys, *args):
    call_command("ingest", *args)
    return json.loads(capsys.readouterr().out)


def test_dry_run_json_stores_nothing_and_prints_the_contract_shape(capsys):
    out = run_json(capsys, str(corpus_file("004")), "--dry-run", "--json")
    assert Document.objects.count() == 0
    assert set(out) >= {
        "title",
        "authors",
        "date",
        "type",
        "sections",
        "footnotes",
        "refs",
        "warnings",
    }
    assert out["date"] == "2020-10-27" and out["type"] == "letter"
    section = out["sections"][0]
    assert set(section) >= {"anchor", "heading", "level", "text"}
    assert out["footnotes"][0] == {"label": "1", "text": out["footnotes"][0]["text"]}
    ref = out["refs"][0]
    assert set(ref) == {"footnote", "section", "offset"}
    text = next(s["text"] for s in out["sections"] if s["anchor"] == ref["section"])
    assert text[: ref["offset"]].endswith("capital city, Stepanakert")


def test_several_files_print_a_json_list(capsys):
    out = run_json(capsys, str(corpus_file("002")), str(corpus_file("004")), "--dry-run", "--json")
    assert [d["type"] for d in out] == ["submission", "letter"]


def test_ingest_stores_publishes_and_takes_a_slug():
    call_command("ingest", str(corpus_file("004")), "--slug", "guterres-letter", verbosity=0)
    document = Document.objects.get()
    assert document.slug == "guterres-letter" and document.is_published


def test_a_bad_file_exits_1_with_a_one_line_reason_and_stores_nothing(tmp_path, capsys):
    bad = tmp_path / "photo.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(CommandError):
        call_command("ingest", str(bad), str(empty), str(corpus_file("004")), verbosity=0)
    err = capsys.readouterr().err.strip().splitlines()
    assert err[0].startswith(f"{bad}: ") and "not a document" in err[0]
    assert err[1].startswith(f"{empty}: ") and "empty" in err[1]
    # The good file in the same call is still imported; the bad ones left nothing.
    assert list(Document.objects.values_list("doc_type", flat=True)) == ["letter"]


def test_missing_file_and_format_override(tmp_path, capsys):
    with pytest.raises(CommandError):
        call_command("ingest", str(tmp_path / "nope.txt"), verbosity=0)
    assert "No such file" in capsys.readouterr().err
    md = tmp_path / "notes.txt"
    md.write_text("# Title\n\nText with a note.[^1]\n\n[^1]: The note.\n", encoding="utf-8")
    out = run_json(capsys, str(md), "--format", "txt", "--dry-run", "--json")
    assert out["format"] == "txt"


def test_load_corpus_is_idempotent():
    call_command("load_corpus", verbosity=0)
    assert Document.objects.published().count() == 4
    call_command("load_corpus", verbosity=0)
    assert Document.objects.count() == 4
